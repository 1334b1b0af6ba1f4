import { z } from 'zod';
import { defineCommand } from '../src/core/commands.ts';
import { mention } from '../src/core/replies.ts';
import { say } from '../src/core/reply.ts';
import type { SubmissionStatus } from '../src/core/posts/submission.ts';

/** The order states are listed in: the work waiting first. */
const order: SubmissionStatus[] = ['pending', 'changes_requested', 'approved', 'published', 'rejected', 'withdrawn'];

// The daily posts' figures for now; members, pairs and check-ins come with their own issue.
export default defineCommand({
  name: { en: 'stats', fr: 'stats' },
  description: 'command.stats.description',
  access: 'moderator',
  options: z.object({}),
  async run(ctx) {
    const [posts, longest] = await Promise.all([ctx.services.publication.stats(ctx.community), ctx.services.challenges.longest(ctx.community)]);
    const lines = [
      `**${ctx.t('stats.posts.title')}**`,
      `- ${ctx.t('stats.posts.byStatus', { states: order.map((status) => ctx.t(`stats.posts.status.${status}`, { count: posts.byStatus[status] })).join(', ') })}`,
      `- ${ctx.t('stats.posts.publishedThisMonth', { count: posts.publishedThisMonth })}`,
      `- ${ctx.t('stats.challenges.longest')}`,
      ...(longest.length === 0
        ? [`  ${ctx.t('challenge.longest.none')}`]
        : longest.map((chain, i) => `  ${i + 1}. ${chain.map((m) => mention(m.externalUserId)).join(' → ')} (${ctx.t('challenge.longest.people', { count: chain.length })})`)),
      '',
      `_${ctx.t('stats.more')}_`,
    ];
    return say(lines.join('\n'));
  },
});
