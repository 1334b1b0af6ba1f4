import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import { FieldErrors, reopeningWith, UserError } from '../src/core/errors.ts';
import { fieldLabel } from '../src/core/reply-parts.ts';
import type { Answer } from '../src/core/reply-model.ts';
import {
  consentMessage,
  detailsModal,
  fullModal,
  isStep,
  stepMessage,
  steps,
  summaryBlocks,
  type Mode,
} from '../src/core/onboarding/presenter.ts';
import { appliesTo, askedQuestion, missingQuestions, question } from '../src/core/onboarding/questionnaire.ts';
import type { Profile } from '../src/core/onboarding/profile.ts';

const modeOf = (value: string | undefined): Mode => (value === 'edit' ? 'edit' : 'join');

/** Her answers as a card, with what she can do next. */
export function summaryReply(ctx: CommandContext, profile: Profile, heading: string, update = false): Answer {
  const text = `**${heading}**`;
  return {
    kind: 'message',
    ephemeral: true,
    ...(update ? { update } : {}),
    text,
    blocks: [
      { type: 'text', text },
      ...summaryBlocks(ctx.t, ctx.locale, profile),
      { type: 'context', text: ctx.t('join.nextSteps') },
      {
        type: 'actions',
        elements: [{ type: 'button', action: actionId('profile', 'show'), label: ctx.t('profile.open') }],
      },
    ],
  };
}

async function afterDetails(ctx: CommandContext, mode: Mode): Promise<Answer> {
  const profile = await ctx.services.profiles.get(ctx.member);
  if (mode === 'edit' && profile) return summaryReply(ctx, profile, ctx.t('profile.saved'));
  return consentMessage(ctx.t);
}

/** Form values as answers: checkboxes and single selects come back as lists. */
function formAnswers(values: Record<string, string | string[]>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    if (id === 'consent') answers.consent = Array.isArray(value) && value.includes('yes') ? true : undefined;
    else if (['role', 'situation', 'remote'].includes(id)) answers[id] = Array.isArray(value) ? value[0] : value;
    else answers[id] = value;
  }
  return answers;
}

export default defineCommand({
  name: { en: 'join', fr: 'rejoindre' },
  description: 'command.join.description',
  access: 'member',
  options: z.object({}),
  opensForm: 'rich',

  async run(ctx) {
    const returning = ctx.member.status !== 'active';
    if (returning) await ctx.services.profiles.resume(ctx.member);
    const profile = await ctx.services.profiles.get(ctx.member);
    if (profile?.completedAt) return summaryReply(ctx, profile, ctx.t(returning ? 'join.welcomeBack' : 'join.already'));
    if (ctx.richForms) return { kind: 'modal', modal: fullModal(ctx.t, ctx.locale, profile) };
    return stepMessage(ctx.t, ctx.locale, 'identity', 'join', profile?.answers ?? {}, false, ctx.t('join.welcome'));
  },

  actions: {
    /** A select of a step: saved at once, so nothing is lost if she stops there. */
    set: {
      args: 2,
      async run(ctx, { args: [id, mode], values }) {
        const q = askedQuestion(id);
        const value = q.kind === 'multi' ? values : values[0];
        const { profile } = await ctx.services.profiles.answer(ctx.member, ctx.locale, { [q.id]: value });
        const step = steps.find((s) => (s.questions as readonly string[]).includes(q.id))?.id ?? 'identity';
        return stepMessage(ctx.t, ctx.locale, step, modeOf(mode), profile.answers, true);
      },
    },
    next: {
      args: 2,
      opensForm: true,
      async run(ctx, { args: [step, mode] }) {
        if (!isStep(step)) throw new UserError('error.expired');
        const profile = await ctx.services.profiles.get(ctx.member);
        const answers = profile?.answers ?? {};
        const stepDef = steps.find((s) => s.id === step);
        const missing = (stepDef?.questions ?? []).filter(
          (id) =>
            appliesTo(question(id), answers.role) &&
            !question(id).optional &&
            (answers as Record<string, unknown>)[id] === undefined,
        );
        if (missing.length > 0) {
          throw new UserError('join.missingAnswers', {
            fields: missing.map((id) => fieldLabel(ctx.locale, id)).join(', '),
          });
        }
        if (modeOf(mode) === 'edit' && profile) return summaryReply(ctx, profile, ctx.t('profile.saved'), true);
        const next = steps[steps.findIndex((s) => s.id === step) + 1];
        if (!next) return consentMessage(ctx.t);
        if (next.id === 'details') return { kind: 'modal', modal: detailsModal(ctx.t, ctx.locale, profile, 'join') };
        return stepMessage(ctx.t, ctx.locale, next.id, 'join', answers, true);
      },
    },
    'details-open': {
      args: 1,
      opensForm: true,
      async run(ctx, { args: [mode] }) {
        const profile = await ctx.services.profiles.get(ctx.member);
        return { kind: 'modal', modal: detailsModal(ctx.t, ctx.locale, profile, modeOf(mode)) };
      },
    },
    /** Reopens the whole questionnaire (Slack), with what she saved: after errors shown too late for the form. */
    'all-open': {
      opensForm: true,
      async run(ctx) {
        const profile = await ctx.services.profiles.get(ctx.member);
        return { kind: 'modal', modal: fullModal(ctx.t, ctx.locale, profile) };
      },
    },
    consent: {
      async run(ctx) {
        const { profile, completedNow } = await ctx.services.profiles.answer(ctx.member, ctx.locale, { consent: true });
        const missing = missingQuestions(profile.answers);
        if (missing.length > 0) {
          throw new UserError('join.missingAnswers', {
            fields: missing.map((q) => fieldLabel(ctx.locale, q.id)).join(', '),
          });
        }
        return summaryReply(ctx, profile, ctx.t(completedNow ? 'join.done' : 'profile.saved'), true);
      },
    },
    cancel: {
      run: async (ctx) => ({ kind: 'message', ephemeral: true, update: true, text: ctx.t('join.cancelled') }),
    },
  },

  forms: {
    /** The text questions (Discord's form). */
    details: {
      args: 1,
      async run(ctx, { args: [mode], values }) {
        await ctx.services.profiles
          .answer(ctx.member, ctx.locale, values)
          .catch(reopeningWith(actionId('join', 'details-open', modeOf(mode))));
        return afterDetails(ctx, modeOf(mode));
      },
    },
    /** The whole questionnaire in one form (Slack). */
    all: {
      async run(ctx, { values }) {
        // Shown under her fields; when they come too late for that (the form then says "one
        // moment"), the message that takes its place reopens it with what was saved.
        const reopen = actionId('join', 'all-open');
        const { profile, completedNow } = await ctx.services.profiles
          .answer(ctx.member, ctx.locale, formAnswers(values))
          .catch(reopeningWith(reopen));
        const missing = missingQuestions(profile.answers);
        if (missing.length > 0) {
          throw new FieldErrors(
            Object.fromEntries(missing.map((q) => [q.id, { key: 'onboarding.invalid.required' as const }])),
            reopen,
          );
        }
        return summaryReply(ctx, profile, ctx.t(completedNow ? 'join.done' : 'profile.saved'));
      },
    },
  },
});
