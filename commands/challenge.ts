import { z } from 'zod';
import { defineCommand, option, type CommandContext } from '../src/core/commands.ts';
import type { ChainTree } from '../src/core/challenges/chains.ts';
import type { Member } from '../src/core/community.ts';
import { mention } from '../src/core/reply-parts.ts';
import { UserError } from '../src/core/errors.ts';
import { memberText, say, type Answer } from '../src/core/reply-model.ts';

const name = { en: 'challenge', fr: 'defi' };

/** A chain as one line: A → B → C, each link still waiting for a post marked. */
export function chainLine(
  ctx: CommandContext,
  steps: { memberId: string; open?: boolean }[],
  members: Map<string, Member>,
): string {
  return steps
    .map((step) => {
      const who =
        step.memberId === ctx.member.id
          ? `**${ctx.t('challenge.chain.you')}**`
          : mention(members.get(step.memberId)?.externalUserId ?? '?');
      return step.open ? `${who} ⏳` : who;
    })
    .join(' → ');
}

/** Her chain (who challenged her, down to whom she challenged) and the community's longest. */
async function chainReply(ctx: CommandContext): Promise<Answer> {
  const view = await ctx.services.challenges.chain(ctx.community, ctx.member);
  const lines = [`**${ctx.t('challenge.chain.title')}**`];
  if (view.up.length <= 1 && view.down.length === 0) lines.push(ctx.t('challenge.chain.none'));
  else {
    if (view.up.length > 1) lines.push(chainLine(ctx, view.up, view.members));
    if (view.down.length > 0) {
      lines.push(ctx.t('challenge.chain.challenged'));
      const walk = (trees: ChainTree[], depth: number) => {
        for (const tree of trees) {
          lines.push(`${'  '.repeat(depth)}- ${chainLine(ctx, [tree], view.members)}`);
          walk(tree.children, depth + 1);
        }
      };
      walk(view.down, 0);
    }
    lines.push(`_${ctx.t('challenge.chain.legend')}_`);
  }
  lines.push('', `**${ctx.t('challenge.longest.title')}**`);
  if (view.longest.length === 0) lines.push(ctx.t('challenge.longest.none'));
  for (const [i, chain] of view.longest.entries()) {
    lines.push(
      `${i + 1}. ${chainLine(
        ctx,
        chain.map((memberId) => ({ memberId })),
        view.members,
      )} (${ctx.t('challenge.longest.people', { count: chain.length })})`,
    );
  }
  return say(lines.join('\n'));
}

export default defineCommand({
  name,
  description: 'command.challenge.description',
  access: 'member',
  options: z.object({
    someone: option.user({ fr: 'quelquun', description: 'command.challenge.someone' }).optional(),
  }),
  async run(ctx, { someone }) {
    if (!someone) return chainReply(ctx);
    // The platform says who she is, when its adapter can tell. Someone it does not know (a name
    // typed without picking her, so no mention) is told now, not sent an invitation nobody gets.
    const kind = ctx.whoIs ? await ctx.whoIs(someone) : 'person';
    if (kind === 'unknown') throw new UserError('challenge.error.unknown', { name: memberText(someone) });
    const challenged = await ctx.services.challenges.challenge(ctx.community, ctx.member, {
      externalUserId: someone,
      isBot: kind === 'bot',
    });
    return say(ctx.t('challenge.sent', { name: mention(challenged.externalUserId) }));
  },
});
