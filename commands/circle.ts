import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import { defineCommand, type ActionInput, type CommandContext, type Handler } from '../src/core/commands.ts';
import { UserError } from '../src/core/errors.ts';
import type { JoinOutcome } from '../src/core/circles/circle-service.ts';
import { describeShared, offerButtons, offerLines } from '../src/core/circles/messages.ts';
import { circleEligibility } from '../src/core/circles/spaces.ts';
import { eventDate } from '../src/core/events/messages.ts';
import { formatDate, mention } from '../src/core/reply-parts.ts';
import { memberText, type Answer, type Block, type Element } from '../src/core/reply-model.ts';

/** What `circle` shows her: her circle, her place on the waiting list, or how to join; and her events. */
async function overview(ctx: CommandContext, update: boolean, notice?: string): Promise<Answer> {
  const view = await ctx.services.circles.view(ctx.community, ctx.member);
  const lines: string[] = [];
  const buttons: Element[] = [];
  if (view.circle) {
    const others = view.members.filter((m) => m.id !== ctx.member.id);
    lines.push(`**${ctx.t('circle.show.title', { number: view.circle.number })}**`);
    lines.push(
      ctx.t('circle.show.since', { date: formatDate(ctx.locale, ctx.community.timeZone, view.circle.startedAt) }),
    );
    lines.push(
      ctx.t('circle.show.with', {
        members:
          others.length > 0 ? others.map((m) => mention(m.externalUserId)).join(', ') : ctx.t('circle.show.nobody'),
      }),
    );
    lines.push(
      ctx.t('circle.show.shared', { shared: describeShared(ctx.locale, view.circle.shared, view.circle.language) }),
    );
    if (view.spaceChannelId) lines.push(ctx.t('circle.show.space', { space: `<#${view.spaceChannelId}>` }));
    if (view.offer) {
      lines.push('', ctx.t('circle.short.intro'), ...offerLines(ctx.t, view.offer));
      buttons.push(...offerButtons(ctx.t, ctx.community, view.offer));
    }
    buttons.push({
      type: 'button',
      action: actionId('circle', 'leave-ask'),
      label: ctx.t('circle.leave.button'),
      style: 'danger',
    });
  } else if (view.waiting) {
    lines.push(
      ctx.t('circle.waiting.since', {
        date: formatDate(ctx.locale, ctx.community.timeZone, view.waiting.createdAt),
        count: view.waitingCount,
      }),
    );
    buttons.push({ type: 'button', action: actionId('circle', 'withdraw'), label: ctx.t('circle.withdraw.button') });
  } else {
    lines.push(`**${ctx.t('circle.intro.title')}**`, ctx.t('circle.intro.body'));
    const eligibility = circleEligibility(ctx.member, (await ctx.services.profiles.get(ctx.member)) ?? undefined);
    if (eligibility === 'ok')
      buttons.push({
        type: 'button',
        action: actionId('circle', 'join'),
        label: ctx.t('circle.join.button'),
        style: 'primary',
      });
    else lines.push('', ctx.t(eligibility));
  }
  const events = await ctx.services.events.upcomingOf(ctx.member);
  if (events.length > 0) {
    lines.push('', `**${ctx.t('circle.events.title')}**`);
    for (const event of events.slice(0, 5)) {
      const date = eventDate(ctx.locale, ctx.community.timeZone, event);
      const role = event.mentor
        ? ctx.t('circle.events.asMentor')
        : event.groupNumber !== null
          ? ctx.t('circle.events.group', { number: event.groupNumber })
          : ctx.t('circle.events.registered');
      lines.push(`- ${memberText(event.name)} — ${date} (${role})`);
    }
  }
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [
    { type: 'text', text },
    ...(buttons.length > 0 ? [{ type: 'actions' as const, elements: buttons }] : []),
  ];
  return { kind: 'message', ephemeral: true, ...(update ? { update: true } : {}), text, blocks };
}

function joined(ctx: CommandContext, outcome: JoinOutcome): Promise<Answer> {
  if (outcome.status === 'placed' && outcome.circle)
    return overview(ctx, true, ctx.t('circle.join.placed', { number: outcome.circle.number }));
  if (outcome.status === 'already-waiting') return overview(ctx, true, ctx.t('circle.join.already'));
  return overview(ctx, true, ctx.t('circle.join.waiting'));
}

const actions: Record<string, Handler<ActionInput>> = {
  show: { run: (ctx) => overview(ctx, true) },
  join: { run: async (ctx) => joined(ctx, await ctx.services.circles.join(ctx.community, ctx.member)) },
  withdraw: {
    async run(ctx) {
      await ctx.services.circles.withdraw(ctx.community, ctx.member);
      return overview(ctx, true, ctx.t('circle.withdraw.done'));
    },
  },
  /** Leaving asks once more: her circle is told, and may become too small. */
  'leave-ask': {
    run: async (ctx) => ({
      kind: 'message',
      ephemeral: true,
      update: true,
      text: ctx.t('circle.leave.confirm'),
      blocks: [
        { type: 'text', text: ctx.t('circle.leave.confirm') },
        {
          type: 'actions',
          elements: [
            { type: 'button', action: actionId('circle', 'leave'), label: ctx.t('circle.leave.yes'), style: 'danger' },
            { type: 'button', action: actionId('circle', 'show'), label: ctx.t('circle.leave.no') },
          ],
        },
      ],
    }),
  },
  leave: {
    async run(ctx) {
      const circle = await ctx.services.circles.leave(ctx.community, ctx.member);
      return overview(ctx, true, ctx.t('circle.leave.done', { number: circle.number }));
    },
  },
  /** From an offer (a DM or `circle`): welcome the person waiting who fits. */
  welcome: {
    args: 1,
    async run(ctx, { args: [memberId] }) {
      if (!memberId) throw new UserError('error.expired');
      const circle = await ctx.services.circles.welcome(ctx.community, ctx.member, memberId);
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        text: ctx.t('circle.offer.welcomed', { number: circle.number }),
      };
    },
  },
  merge: {
    args: 1,
    async run(ctx, { args: [circleId] }) {
      if (!circleId) throw new UserError('error.expired');
      const circle = await ctx.services.circles.merge(ctx.community, ctx.member, circleId);
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        text: ctx.t('circle.offer.merged', { number: circle.number }),
      };
    },
  },
  /** The check-in's buttons, in the circle's space: the message stays for the others. */
  met: {
    args: 1,
    async run(ctx, { args: [circleId] }) {
      if (!circleId) throw new UserError('error.expired');
      await ctx.services.circles.met(ctx.community, ctx.member, circleId);
      return {
        kind: 'message',
        ephemeral: true,
        text: ctx.t('circle.checkin.metSaved', { weeks: ctx.community.settings.nudges.checkinWeeks }),
      };
    },
  },
  help: {
    args: 1,
    async run(ctx, { args: [circleId] }) {
      if (!circleId) throw new UserError('error.expired');
      await ctx.services.circles.help(ctx.community, ctx.member, circleId);
      return { kind: 'message', ephemeral: true, text: ctx.t('circle.checkin.helpSaved') };
    },
  },
  /** "I register", on an event's announcement. */
  'event-join': {
    args: 1,
    async run(ctx, { args: [eventId] }) {
      if (!eventId) throw new UserError('error.expired');
      const { event, already } = await ctx.services.events.register(ctx.community, ctx.member, eventId);
      const text = ctx.t(already ? 'event.register.already' : 'event.register.done', {
        name: memberText(event.name),
        date: eventDate(ctx.locale, ctx.community.timeZone, event),
      });
      return {
        kind: 'message',
        ephemeral: true,
        text,
        blocks: [
          { type: 'text', text },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action: actionId('circle', 'event-leave', event.id),
                label: ctx.t('event.register.cancel'),
              },
            ],
          },
        ],
      };
    },
  },
  'event-leave': {
    args: 1,
    async run(ctx, { args: [eventId] }) {
      if (!eventId) throw new UserError('error.expired');
      const event = await ctx.services.events.unregister(ctx.community, ctx.member, eventId);
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        text: ctx.t('event.register.cancelled', { name: memberText(event.name) }),
      };
    },
  },
};

export default defineCommand({
  name: { en: 'circle', fr: 'cercle' },
  description: 'command.circle.description',
  access: 'member',
  options: z.object({}),
  run: (ctx) => overview(ctx, false),
  actions,
});
