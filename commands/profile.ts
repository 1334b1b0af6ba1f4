import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import { UserError } from '../src/core/errors.ts';
import { withButtons, type Answer, type Block, type Element } from '../src/core/reply-model.ts';
import {
  detailsModal,
  fullModal,
  isStep,
  stepMessage,
  steps,
  summaryBlocks,
} from '../src/core/onboarding/presenter.ts';
import type { Member } from '../src/core/community.ts';
import { nudgeActions, nudgeForms } from '../src/core/nudges/preferences-panel.ts';
import { dataPanel } from './data.ts';

/** Her profile card: answers, status, and what she can do with it. */
async function panel(
  ctx: CommandContext,
  member: Member,
  options: { notice?: string; update?: boolean } = {},
): Promise<Answer> {
  const profile = await ctx.services.profiles.get(member);
  if (!profile) {
    const text = ctx.t('profile.none');
    return {
      kind: 'message',
      ephemeral: true,
      ...(options.update ? { update: true } : {}),
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'actions',
          elements: [
            { type: 'button', action: actionId('profile', 'join'), label: ctx.t('profile.join'), style: 'primary' },
          ],
        },
      ],
    };
  }
  const status = profile.completedAt ? ctx.t(`profile.status.${member.status}`) : ctx.t('profile.status.incomplete');
  const heading = `**${ctx.t('profile.title')}** — ${status}`;
  const edit: Element = ctx.richForms
    ? { type: 'button', action: actionId('profile', 'edit-all'), label: ctx.t('profile.edit') }
    : {
        type: 'select',
        action: actionId('profile', 'edit'),
        placeholder: ctx.t('profile.edit'),
        options: steps.map((s) => ({ value: s.id, label: ctx.t(`join.step.${s.id}` as 'join.step.identity') })),
      };
  const buttons: Element[] = [
    member.status === 'paused'
      ? { type: 'button', action: actionId('profile', 'resume'), label: ctx.t('profile.resume'), style: 'success' }
      : { type: 'button', action: actionId('profile', 'pause'), label: ctx.t('profile.pause') },
    { type: 'button', action: actionId('profile', 'nudges'), label: ctx.t('profile.nudges') },
    { type: 'button', action: actionId('profile', 'leave'), label: ctx.t('profile.leave'), style: 'danger' },
  ];
  if (profile.answers.consent)
    buttons.push({
      type: 'button',
      action: actionId('profile', 'consent-withdraw'),
      label: ctx.t('profile.consent.withdraw'),
    });
  if (!profile.completedAt)
    buttons.unshift({
      type: 'button',
      action: actionId('profile', 'join'),
      label: ctx.t('profile.finish'),
      style: 'primary',
    });
  const blocks: Block[] = [
    ...(options.notice ? [{ type: 'context' as const, text: options.notice }] : []),
    { type: 'text', text: heading },
    ...summaryBlocks(ctx.t, ctx.locale, profile),
    { type: 'actions', elements: [edit] },
    { type: 'actions', elements: buttons },
  ];
  return {
    kind: 'message',
    ephemeral: true,
    ...(options.update ? { update: true } : {}),
    text: `${options.notice ? `${options.notice}\n` : ''}${heading}`,
    blocks,
  };
}

export default defineCommand({
  name: { en: 'profile', fr: 'profil' },
  description: 'command.profile.description',
  access: 'member',
  options: z.object({}),
  run: (ctx) => panel(ctx, ctx.member),

  actions: {
    /** Reminders: time zone, quiet hours, snooze, kinds turned off, and the one-click stop. */
    ...nudgeActions,
    show: { run: (ctx) => panel(ctx, ctx.member, { update: true }) },
    join: {
      opensForm: 'rich',
      async run(ctx) {
        const profile = await ctx.services.profiles.get(ctx.member);
        if (ctx.richForms) return { kind: 'modal', modal: fullModal(ctx.t, ctx.locale, profile) };
        return stepMessage(ctx.t, ctx.locale, 'identity', 'join', profile?.answers ?? {}, true, ctx.t('join.welcome'));
      },
    },
    /** Discord: edit one step's answers, then back to the card. */
    edit: {
      opensForm: true,
      async run(ctx, { values: [step] }) {
        if (!isStep(step)) throw new UserError('error.expired');
        const profile = await ctx.services.profiles.get(ctx.member);
        if (!profile) throw new UserError('profile.none');
        if (step === 'details') return { kind: 'modal', modal: detailsModal(ctx.t, ctx.locale, profile, 'edit') };
        return stepMessage(ctx.t, ctx.locale, step, 'edit', profile.answers, true);
      },
    },
    /** Slack: the whole questionnaire, prefilled. */
    'edit-all': {
      opensForm: true,
      async run(ctx) {
        return { kind: 'modal', modal: fullModal(ctx.t, ctx.locale, await ctx.services.profiles.get(ctx.member)) };
      },
    },
    pause: {
      async run(ctx) {
        const member = await ctx.services.profiles.pause(ctx.member);
        return panel(ctx, member, { notice: ctx.t('profile.paused'), update: true });
      },
    },
    resume: {
      async run(ctx) {
        const member = await ctx.services.profiles.resume(ctx.member);
        return panel(ctx, member, { notice: ctx.t('profile.resumed'), update: true });
      },
    },
    leave: {
      async run(ctx) {
        const text = ctx.t('profile.leaveConfirm');
        return {
          kind: 'message',
          ephemeral: true,
          update: true,
          ...withButtons(text, [
            {
              type: 'button',
              action: actionId('profile', 'leave-confirm'),
              label: ctx.t('profile.leaveYes'),
              style: 'danger',
            },
            { type: 'button', action: actionId('profile', 'show'), label: ctx.t('profile.leaveNo') },
          ]),
        };
      },
    },
    'consent-withdraw': {
      async run(ctx) {
        const text = ctx.t('profile.consent.withdrawConfirm');
        return {
          kind: 'message',
          ephemeral: true,
          update: true,
          ...withButtons(text, [
            {
              type: 'button',
              action: actionId('profile', 'consent-withdraw-confirm'),
              label: ctx.t('profile.consent.withdrawYes'),
              style: 'danger',
            },
            { type: 'button', action: actionId('profile', 'show'), label: ctx.t('profile.leaveNo') },
          ]),
        };
      },
    },
    /** Withdrawn: she is offered her export and her erasure at once. */
    'consent-withdraw-confirm': {
      async run(ctx) {
        await ctx.services.profiles.withdrawConsent(ctx.member);
        return dataPanel(ctx, { notice: ctx.t('profile.consent.withdrawn'), update: true });
      },
    },
    'leave-confirm': {
      async run(ctx) {
        await ctx.services.profiles.leave(ctx.member);
        return { kind: 'message', ephemeral: true, update: true, text: ctx.t('profile.left') };
      },
    },
  },

  forms: nudgeForms,
});
