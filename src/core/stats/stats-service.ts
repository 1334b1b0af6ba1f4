import { translator } from '../../i18n/index.ts';
import { circleFigures } from '../circles/figures.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { StoredFileInfo } from '../files.ts';
import { localDay } from '../nudges/local-time.ts';
import { memberText } from '../reply-model.ts';
import { findRegion, membersOfRegion } from '../regions/regions.ts';
import type { Store } from '../store.ts';
import { chartSvg } from './chart.ts';
import { periodWindow, type Period } from './period.ts';
import { renderPng } from './png.ts';
import type { StatsReport } from './ports.ts';
import { chartBounds, chartRows, chartSpec } from './report-text.ts';

/** The outbox key of a chart: one per moderator, period, region and minute (a double click sends one). */
export const chartKey = (memberId: string, report: StatsReport) =>
  `stats.chart:${memberId}:${report.period}:${report.region?.id ?? '-'}:${report.now.toISOString().slice(0, 16)}`;

/**
 * The community's figures for moderators: members, waiting mentees, requests, pairs,
 * check-ins (one SQL statement through `store.stats`), circles and events (the circles'
 * own query), and the monthly chart, rendered here and sent to her by DM.
 */
export function createStatsService({ store, clock }: { store: Store; clock: Clock }) {
  /** The community's region of that id or name (any case or accents), with its members; a kind refusal when there is none. */
  async function regionOf(community: Community, idOrName: string): Promise<NonNullable<StatsReport['region']>> {
    const region = await findRegion(store, community.id, idOrName);
    if (!region) {
      const names = (await store.regions.list(community.id)).map((r) => memberText(r.name));
      if (names.length === 0) throw new UserError('stats.error.noRegions');
      throw new UserError('stats.error.unknownRegion', { region: memberText(idOrName), regions: names.join(', ') });
    }
    return { id: region.id, label: region.name, memberIds: await membersOfRegion(store, community.id, region.id) };
  }

  return {
    async report(community: Community, options: { period: Period; region?: string | undefined }): Promise<StatsReport> {
      const now = clock.now();
      const window = periodWindow(options.period, now, community.timeZone);
      const region = options.region?.trim() ? await regionOf(community, options.region.trim()) : null;
      const [figures, circles] = await Promise.all([
        store.stats.figures({
          communityId: community.id,
          from: window.from,
          to: window.to,
          fromDay: window.fromDay,
          toDay: window.toDay,
          now,
          months: window.months,
          chartFrom: window.chartFrom,
          chartFromDay: window.chartFromDay,
          timeZone: community.timeZone,
          region: region ? { memberIds: region.memberIds } : null,
        }),
        circleFigures(store, community.id, region?.id),
      ]);
      return { period: options.period, window, region, figures, circles, now };
    },

    /**
     * Draws the report's months as a PNG, stores it and queues it to her by DM, in the
     * community's language, with every number of the picture in the text (and in the
     * image's description, for screen readers). Ephemeral answers carry no file.
     */
    async sendChart(community: Community, moderator: Member, report: StatsReport): Promise<StoredFileInfo> {
      const locale = community.locale;
      const t = translator(locale);
      const { png } = await renderPng(chartSvg(chartSpec(t, locale, community, report)));
      const file = await store.files.put(png, 'image/png');
      const rows = chartRows(t, locale, report);
      await store.outbox.enqueue({
        communityId: community.id,
        platform: community.platform,
        key: chartKey(moderator.id, report),
        target: { kind: 'dm', userId: moderator.externalUserId },
        message: {
          text: [
            t('stats.chart.dm', { community: memberText(community.name), ...chartBounds(locale, report) }),
            ...rows,
          ].join('\n'),
          files: [
            {
              sha256: file.sha256,
              name: t('stats.chart.fileName', { day: localDay(report.now, community.timeZone) }),
              mime: 'image/png',
              // Discord takes 1,024 characters of description at most.
              description: t('stats.chart.description', {
                rows: rows.map((r) => r.replace(/^- /, '')).join(' · '),
              }).slice(0, 1024),
            },
          ],
        },
        availableAt: report.now,
      });
      return file;
    },
  };
}
export type StatsService = ReturnType<typeof createStatsService>;
