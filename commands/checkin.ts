import { z } from 'zod';
import { actionId, scopedActionId } from '../src/core/action-ids.ts';
import { defineCommand, option, type CommandContext, type Handler, type ActionInput } from '../src/core/commands.ts';
import { UserError } from '../src/core/errors.ts';
import { checkInAnswers, type CheckInAnswer } from '../src/core/nudges/checkin-ports.ts';
import { createCheckinService, type AnswerOutcome } from '../src/core/nudges/checkins.ts';
import { mention } from '../src/core/reply-parts.ts';
import { withButtons, type Answer, type Block } from '../src/core/reply-model.ts';
import * as pairActions from './pair-actions.ts';

const service = (ctx: CommandContext) => createCheckinService({ store: ctx.services.store, clock: ctx.services.clock });

const savedKey = {
  met: 'checkin.saved.met',
  not_yet: 'checkin.saved.notYet',
  need_help: 'checkin.saved.needHelp',
} as const;

/** What she reads after answering, or after her click came second. */
function answered(ctx: CommandContext, outcome: AnswerOutcome): Answer {
  if (outcome.status !== 'saved' && outcome.answer === 'need_help' && outcome.byYou)
    return { kind: 'message', ephemeral: true, text: ctx.t('checkin.help.alreadyAsked') };
  const text =
    outcome.status === 'saved'
      ? ctx.t(savedKey[outcome.answer])
      : outcome.byYou
        ? ctx.t('checkin.already.you')
        : ctx.t('checkin.already.partner', { partner: mention(outcome.by.externalUserId) });
  // The answer replaces the check-in: its one-click stop stays with it.
  const stop = {
    type: 'button' as const,
    action: scopedActionId(ctx.community.id, 'profile', 'stop', 'checkin'),
    label: ctx.t('nudge.stop'),
  };
  return { kind: 'message', ephemeral: true, update: true, ...withButtons(text, [stop]) };
}

async function metReply(ctx: CommandContext, pairId?: string): Promise<Answer> {
  const { partner } = await service(ctx).reportMeeting(ctx.community, ctx.member, pairId);
  return {
    kind: 'message',
    ephemeral: true,
    text: ctx.t('checkin.command.metSaved', {
      partner: mention(partner.externalUserId),
      weeks: ctx.community.settings.nudges.checkinWeeks,
    }),
  };
}

/** Her pairs, each with "we met" and "need help", or what she can do without one. */
async function overview(ctx: CommandContext): Promise<Answer> {
  const pairs = await service(ctx).activePairsOf(ctx.member);
  if (pairs.length === 0) return { kind: 'message', ephemeral: true, text: ctx.t('checkin.command.noPair') };
  const partners = new Map(
    (
      await ctx.services.store.members.many(pairs.map((p) => (p.menteeId === ctx.member.id ? p.mentorId : p.menteeId)))
    ).map((m) => [m.id, m]),
  );
  const blocks: Block[] = [];
  const lines: string[] = [];
  // A message holds a handful of button rows; a mentor with more pairs uses the option.
  for (const pair of pairs.slice(0, 4)) {
    const partner = partners.get(pair.menteeId === ctx.member.id ? pair.mentorId : pair.menteeId);
    const line = ctx.t('checkin.command.intro', { partner: mention(partner?.externalUserId ?? '') });
    lines.push(line);
    blocks.push({ type: 'text', text: line });
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action: actionId('checkin', 'met', pair.id),
          label: ctx.t('checkin.command.met'),
          style: 'success',
        },
        {
          type: 'button',
          action: actionId('checkin', 'help', pair.id),
          label: ctx.t('checkin.command.help'),
          style: 'danger',
        },
      ],
    });
  }
  return { kind: 'message', ephemeral: true, text: lines.join('\n'), blocks };
}

const actions: Record<string, Handler<ActionInput>> = {
  /** A check-in's answer: `answer:<check-in>:<met|not_yet|need_help>`, from her DM. */
  answer: {
    args: 2,
    async run(ctx, { args: [checkInId, value] }) {
      if (!checkInId || !checkInAnswers.includes(value as CheckInAnswer)) throw new UserError('error.expired');
      return answered(ctx, await service(ctx).answer(ctx.community, ctx.member, checkInId, value as CheckInAnswer));
    },
  },
  met: { args: 1, run: (ctx, { args: [pairId] }) => metReply(ctx, pairId) },
  help: {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      return answered(ctx, await service(ctx).askHelp(ctx.community, ctx.member, pairId));
    },
  },
  /** A moderator takes a "need help" alert: the access is checked by the dispatcher. */
  take: {
    args: 1,
    access: 'moderator',
    async run(ctx, { args: [checkInId] }) {
      if (!checkInId) throw new UserError('error.expired');
      const outcome = await service(ctx).take(ctx.community, ctx.member, checkInId);
      const text =
        outcome.status === 'taken'
          ? ctx.t('checkin.help.takenReply', { asker: mention(outcome.asker.externalUserId) })
          : ctx.t('checkin.help.alreadyTaken', { moderator: mention(outcome.by.externalUserId) });
      return { kind: 'message', ephemeral: true, text };
    },
  },
};

export default defineCommand({
  name: { en: 'checkin', fr: 'point' },
  description: 'command.checkin.description',
  access: 'member',
  options: z.object({
    what: option
      .choice(['met', 'help'] as const, {
        fr: 'quoi',
        description: 'command.checkin.option.what',
        choices: [
          { value: 'met', label: 'command.checkin.option.met' },
          { value: 'help', label: 'command.checkin.option.help' },
        ],
      })
      .optional(),
  }),
  async run(ctx, { what }) {
    if (what && (await service(ctx).activePairsOf(ctx.member)).length === 0)
      return { kind: 'message', ephemeral: true, text: ctx.t('checkin.command.noPair') };
    if (what === 'met') return metReply(ctx);
    if (what === 'help') return answered(ctx, await service(ctx).askHelp(ctx.community, ctx.member));
    return overview(ctx);
  },
  // The silence and program-end buttons (stay, pause, end, extend, feedback…) live beside, in pair-actions.ts.
  actions: { ...actions, ...pairActions.actions },
  forms: { ...pairActions.forms },
});
