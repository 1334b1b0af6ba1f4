import type { Locale, Translate } from '../../i18n/index.ts';
import type { Community } from '../community.ts';
import { roles, situations } from '../onboarding/questionnaire.ts';
import { memberText } from '../reply-model.ts';
import type { ChartSpec } from './chart.ts';
import { seriesColors } from './chart.ts';
import { monthLabel } from './period.ts';
import type { StatsReport } from './ports.ts';

/** Days as the message gives them: a decimal under ten days (a new mentee waits hours), whole days after. */
export const roundDays = (days: number) => (days < 10 ? Math.round(days * 10) / 10 : Math.round(days));

/** The share of answered check-ins that say "we met", or null when none was answered. */
export function metRate(checkIns: StatsReport['figures']['checkIns']): number | null {
  const answered = checkIns.met + checkIns.notYet + checkIns.needHelp;
  return answered === 0 ? null : checkIns.met / answered;
}

/** The period's first and last months, as the community reads them. */
export function periodBounds(locale: Locale, report: StatsReport): { from: string; to: string } {
  const months = report.window.months;
  const from = report.window.fromDay ? report.window.fromDay.slice(0, 7) : (months[0] as string);
  return { from: monthLabel(locale, from), to: monthLabel(locale, months[months.length - 1] as string) };
}

/** The chart's first and last months. */
export function chartBounds(locale: Locale, report: StatsReport): { from: string; to: string } {
  const months = report.window.months;
  return { from: monthLabel(locale, months[0] as string), to: monthLabel(locale, months[months.length - 1] as string) };
}

/** The program's figures as message lines (title, members… events), in the community's language. */
export function reportLines(t: Translate, locale: Locale, community: Community, report: StatsReport): string[] {
  const { figures, circles } = report;
  const { members, waiting, requests, pairs, checkIns } = figures;
  const bounds = periodBounds(locale, report);
  const list = (items: string[]) => items.join(', ');
  const lines = [
    t('stats.title', { community: memberText(community.name), period: t(`stats.period.${report.period}`, bounds) }),
  ];
  if (report.region) lines.push(t('stats.region', { region: memberText(report.region.label) }));
  lines.push(
    '',
    t('stats.members', {
      count: members.current,
      details: list([
        t('stats.members.active', { count: members.byStatus.active }),
        t('stats.members.paused', { count: members.byStatus.paused }),
        t('stats.members.left', { count: members.byStatus.left }),
        t('stats.members.joined', { count: members.joined }),
      ]),
    }),
    t('stats.byRole', { list: list(roles.map((role) => t(`stats.role.${role}`, { count: members.byRole[role] }))) }),
    t('stats.bySituation', {
      list: list(
        [...situations, 'unknown' as const]
          .filter((s) => s !== 'unknown' || members.bySituation.unknown > 0)
          .map((s) => t(`stats.situation.${s}`, { count: members.bySituation[s] })),
      ),
    }),
    waiting.mentees === 0 || waiting.medianDays === null
      ? t('stats.waiting.none')
      : t('stats.waiting', {
          count: waiting.mentees,
          days:
            waiting.medianDays < 1
              ? t('stats.lessThanADay')
              : t('stats.days', { count: roundDays(waiting.medianDays) }),
        }),
    t('stats.requests', {
      list: list([
        t('stats.requests.sent', { count: requests.sent }),
        t('stats.requests.offered', { count: requests.offered }),
        t('stats.requests.accepted', { count: requests.accepted }),
        t('stats.requests.declined', { count: requests.declined }),
        t('stats.requests.expired', { count: requests.expired }),
        t('stats.requests.cancelled', { count: requests.cancelled }),
        t('stats.requests.open', { count: requests.open }),
      ]),
    }),
    t('stats.pairs', {
      list: list([
        t('stats.pairs.active', { count: pairs.active }),
        t('stats.pairs.paused', { count: pairs.paused }),
        t('stats.pairs.started', { count: pairs.started }),
        t('stats.pairs.ended', { count: pairs.ended }),
      ]),
    }),
  );
  const rate = metRate(checkIns);
  const unanswered = checkIns.due - checkIns.met - checkIns.notYet - checkIns.needHelp;
  lines.push(
    t('stats.checkIns', {
      list: list([
        t('stats.checkIns.due', { count: checkIns.due }),
        t('stats.checkIns.met', { count: checkIns.met }),
        t('stats.checkIns.notYet', { count: checkIns.notYet }),
        t('stats.checkIns.needHelp', { count: checkIns.needHelp }),
        t('stats.checkIns.unanswered', { count: unanswered }),
        ...(rate === null
          ? []
          : [t('stats.checkIns.metRate', { rate: new Intl.NumberFormat(locale, { style: 'percent' }).format(rate) })]),
      ]),
    }),
    t('stats.circles', {
      list: list([
        t('stats.circles.active', { count: circles.circles.active }),
        t('stats.circles.members', { count: circles.circles.members }),
        t('stats.circles.waiting', { count: circles.circles.waiting }),
      ]),
    }),
    t('stats.events', {
      list: list([
        t('stats.events.count', { count: circles.events.count }),
        t('stats.events.participants', { count: circles.events.participants }),
        t('stats.events.groups', { count: circles.events.groups }),
      ]),
    }),
  );
  return lines;
}

/** One line per month of the chart, with every number it shows: the DM's text and the image's description. */
export function chartRows(t: Translate, locale: Locale, report: StatsReport): string[] {
  return report.figures.months.map((m) =>
    t('stats.chart.row', {
      month: monthLabel(locale, m.month, 'long'),
      members: t('stats.series.members', { count: m.members }),
      pairs: t('stats.series.pairs', { count: m.pairs }),
      posts: t('stats.series.posts', { count: m.posts }),
    }),
  );
}

/** What the chart draws: the monthly series of the report, nothing computed again. */
export function chartSpec(t: Translate, locale: Locale, community: Community, report: StatsReport): ChartSpec {
  const bounds = chartBounds(locale, report);
  const months = report.figures.months;
  const [members, pairs, posts] = seriesColors;
  return {
    title: t('stats.chart.title', { community: community.name }),
    subtitle: report.region
      ? t('stats.chart.subtitleRegion', { ...bounds, region: report.region.label })
      : t('stats.chart.subtitle', bounds),
    groups: months.map((m) => monthLabel(locale, m.month)),
    series: [
      { label: t('stats.chart.legend.members'), color: members, values: months.map((m) => m.members) },
      { label: t('stats.chart.legend.pairs'), color: pairs, values: months.map((m) => m.pairs) },
      { label: t('stats.chart.legend.posts'), color: posts, values: months.map((m) => m.posts) },
    ],
    footer: t('stats.chart.footer', {
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: community.timeZone }).format(report.now),
    }),
  };
}
