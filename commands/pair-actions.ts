import { text } from '../src/i18n/index.ts';
import { FieldErrors } from '../src/core/errors.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../src/core/commands.ts';
import { feedbackLimits, pendingFeedback, readFeedback } from '../src/core/nudges/feedback-form.ts';
import { pairAction } from '../src/core/nudges/pair-actions-ids.ts';
import { createPairService } from '../src/core/nudges/pair-service.ts';
import { mention } from '../src/core/reply-parts.ts';
import { withButtons, type Answer, type ModalField } from '../src/core/reply-model.ts';

/**
 * The answers to the pair nudges (silence, program end), spread into the `checkin`
 * command: their ids are `<community>/checkin:<action>:<pair>` (src/core/nudges/pair-actions-ids.ts).
 * Whether the one who clicked belongs to the pair is checked by the service, server-side.
 */
const pairs = (ctx: CommandContext) => createPairService({ store: ctx.services.store, clock: ctx.services.clock });
const done = (text: string): Answer => ({ kind: 'message', ephemeral: true, update: true, text });
const answer = (text: string): Answer => ({ kind: 'message', ephemeral: true, text });

export const actions: Record<string, Handler<ActionInput>> = {
  'pair-stay': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      await pairs(ctx).stay(ctx.community, ctx.member, String(pairId));
      return done(ctx.t('nudge.ghost.stayed'));
    },
  },
  'pair-pause': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      await pairs(ctx).pause(ctx.community, ctx.member, String(pairId));
      const text = ctx.t('nudge.pair.paused');
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        ...withButtons(text, [
          {
            type: 'button',
            action: pairAction.resume(ctx.community.id, String(pairId)),
            label: ctx.t('nudge.pair.resume'),
          },
        ]),
      };
    },
  },
  'pair-resume': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      await pairs(ctx).resume(ctx.community, ctx.member, String(pairId));
      return done(ctx.t('nudge.pair.resumed'));
    },
  },
  /** Ending is not undone: she confirms first. */
  'pair-end': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      const { partner } = await pairs(ctx).endable(ctx.community, ctx.member, String(pairId));
      const text = ctx.t('nudge.pair.endConfirm', { partner: mention(partner.externalUserId) });
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        ...withButtons(text, [
          {
            type: 'button',
            action: pairAction.endConfirm(ctx.community.id, String(pairId)),
            label: ctx.t('nudge.pair.endYes'),
            style: 'danger',
          },
          {
            type: 'button',
            action: pairAction.endCancel(ctx.community.id, String(pairId)),
            label: ctx.t('nudge.pair.endNo'),
          },
        ]),
      };
    },
  },
  'pair-end-confirm': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      const { partner } = await pairs(ctx).end(ctx.community, ctx.member, String(pairId));
      return done(ctx.t('nudge.pair.ended', { partner: mention(partner.externalUserId) }));
    },
  },
  'pair-end-cancel': { args: 1, run: async (ctx) => done(ctx.t('nudge.pair.endKept')) },
  'pair-extend': {
    args: 2,
    async run(ctx, { args: [pairId, expected] }) {
      const outcome = await pairs(ctx).extend(ctx.community, ctx.member, String(pairId), Number(expected));
      const text = outcome.already
        ? ctx.t('nudge.programEnd.alreadyExtended', { date: outcome.until })
        : ctx.t('nudge.programEnd.extended', { partner: mention(outcome.partner.externalUserId), date: outcome.until });
      return answer(text);
    },
  },
  'pair-close': {
    args: 1,
    async run(ctx, { args: [pairId] }) {
      const message = await pairs(ctx).close(ctx.community, ctx.member, String(pairId));
      return { kind: 'message', ephemeral: true, update: true, ...message };
    },
  },
  /** The feedback form; Slack's forms take choices, Discord's take text only. */
  feedback: {
    args: 1,
    opensForm: true,
    async run(ctx, { args: [pairId] }) {
      const typed = await pendingFeedback(ctx.services.store.profiles, ctx.member);
      const scale = ['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n }));
      const yesNo = [
        { value: 'yes', label: ctx.t('nudge.feedback.yes') },
        { value: 'no', label: ctx.t('nudge.feedback.no') },
      ];
      const choice = (id: 'rating' | 'recommend', options: typeof scale): ModalField =>
        ctx.richForms
          ? {
              type: 'select',
              id,
              label: ctx.t(`field.${id}`),
              options,
              min: 1,
              max: 1,
              required: true,
              ...(typed[id] && options.some((o) => o.value === typed[id]) ? { selected: [typed[id] as string] } : {}),
            }
          : {
              type: 'text',
              id,
              label: ctx.t(`field.${id}`),
              style: 'short',
              required: true,
              maxLength: 5,
              ...(typed[id] ? { value: typed[id] } : {}),
            };
      return {
        kind: 'modal',
        modal: {
          action: pairAction.feedbackSend(ctx.community.id, String(pairId)),
          title: ctx.t('nudge.feedback.title'),
          submitLabel: ctx.t('nudge.feedback.submit'),
          fields: [
            choice('rating', scale),
            {
              type: 'text',
              id: 'wentWell',
              label: ctx.t('field.wentWell'),
              style: 'paragraph',
              required: false,
              maxLength: feedbackLimits.wentWell,
              ...(typed.wentWell ? { value: typed.wentWell } : {}),
            },
            choice('recommend', yesNo),
          ],
        },
      };
    },
  },
  thank: {
    args: 1,
    opensForm: true,
    async run(ctx, { args: [pairId] }) {
      return {
        kind: 'modal',
        modal: {
          action: pairAction.thankSend(ctx.community.id, String(pairId)),
          title: ctx.t('nudge.thanks.title'),
          submitLabel: ctx.t('nudge.thanks.submit'),
          fields: [
            {
              type: 'text',
              id: 'thanks',
              label: ctx.t('field.thanks'),
              style: 'paragraph',
              required: false,
              maxLength: feedbackLimits.thanks,
              hint: ctx.t('nudge.thanks.hint'),
            },
          ],
        },
      };
    },
  },
};

export const forms: Record<string, Handler<FormInput>> = {
  'feedback-send': {
    args: 1,
    async run(ctx, { args: [pairId], values }) {
      const feedback = await readFeedback(
        ctx.services.store.profiles,
        ctx.member,
        values,
        pairAction.feedback(ctx.community.id, String(pairId)),
      );
      const saved = await pairs(ctx).feedback(ctx.community, ctx.member, String(pairId), feedback);
      return answer(ctx.t(saved ? 'nudge.feedback.thanks' : 'nudge.feedback.already'));
    },
  },
  'thank-send': {
    args: 1,
    async run(ctx, { args: [pairId], values }) {
      const raw = Array.isArray(values.thanks) ? values.thanks.join(' ') : (values.thanks ?? '');
      const words = raw.trim() || null;
      // Beyond the form's limit (a forged payload): refused, naming the field, rather than cut.
      if (words && words.length > feedbackLimits.thanks) {
        throw new FieldErrors(
          { thanks: text('onboarding.invalid.tooLong', { max: feedbackLimits.thanks }) },
          pairAction.thank(ctx.community.id, String(pairId)),
          'typed',
        );
      }
      return answer(await pairs(ctx).thank(ctx.community, ctx.member, String(pairId), words));
    },
  },
};
