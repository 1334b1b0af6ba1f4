import { z } from 'zod';
import { defineCommand, option, optionMeta } from '../src/core/commands.ts';
import { mention } from '../src/core/reply-parts.ts';
import { say } from '../src/core/reply-model.ts';
import type { SubmissionStatus } from '../src/core/posts/submission.ts';
import { isPeriod, periodOf, periods } from '../src/core/stats/period.ts';
import { chartBounds, reportLines } from '../src/core/stats/report-text.ts';
import { createStatsService } from '../src/core/stats/stats-service.ts';
import { translator } from '../src/i18n/index.ts';

/** The order states are listed in: the work waiting first. */
const order: SubmissionStatus[] = ['pending', 'changes_requested', 'approved', 'published', 'rejected', 'withdrawn'];

const periodMeta = {
  fr: 'periode',
  description: 'stats.option.period',
  choices: periods.map((p) => ({ value: p, label: `stats.choice.${p}` as const })),
} as const;

/**
 * The community's figures for moderators and admins, in the community's language (what
 * organisers paste in their reports): the program's from one SQL statement, circles and
 * events from theirs, the posts' and the challenges' as before; and the monthly chart,
 * drawn from the same figures, sent to her by DM (an ephemeral answer carries no file).
 */
export default defineCommand({
  name: { en: 'stats', fr: 'stats' },
  description: 'command.stats.description',
  access: 'moderator',
  options: z.object({
    // Discord offers the choices; on Slack a word ("6mois", "année") is read as the period it
    // names, and words that name none are the region ("/marraine stats Île-de-France").
    period: z
      .preprocess(periodOf, z.string().trim().min(1).max(80))
      .register(optionMeta, { kind: 'string', ...periodMeta })
      .optional(),
    region: option.string({ fr: 'region', description: 'stats.option.region' }, 80).optional(),
  }),
  async run(ctx, options) {
    const locale = ctx.community.locale;
    const t = translator(locale);
    const { period, region } = isPeriod(options.period)
      ? { period: options.period, region: options.region }
      : { period: 'month' as const, region: [options.period, options.region].filter(Boolean).join(' ') || undefined };
    const stats = createStatsService(ctx.services);
    const report = await stats.report(ctx.community, { period, region });
    const [posts, longest] = await Promise.all([
      ctx.services.publication.stats(ctx.community),
      ctx.services.challenges.longest(ctx.community),
    ]);
    await stats.sendChart(ctx.community, ctx.member, report);
    const lines = [
      ...reportLines(t, locale, ctx.community, report),
      '',
      `**${t('stats.posts.title')}**`,
      ...(report.region ? [t('stats.posts.wholeCommunity')] : []),
      `- ${t('stats.posts.byStatus', { states: order.map((status) => t(`stats.posts.status.${status}`, { count: posts.byStatus[status] })).join(', ') })}`,
      `- ${t('stats.posts.publishedThisMonth', { count: posts.publishedThisMonth })}`,
      `- ${t('stats.challenges.longest')}`,
      ...(longest.length === 0
        ? [`  ${t('challenge.longest.none')}`]
        : longest.map(
            (chain, i) =>
              `  ${i + 1}. ${chain.map((m) => mention(m.externalUserId)).join(' → ')} (${t('challenge.longest.people', { count: chain.length })})`,
          )),
      '',
      t('stats.chart.coming', chartBounds(locale, report)),
    ];
    return say(lines.join('\n'));
  },
});
