import { catalog, type Locale, type MessageKey, type Translate } from '../../i18n/index.ts';
import { actionId } from '../action-ids.ts';
import { fieldLabel } from '../reply-parts.ts';
import {
  memberText,
  type Answer,
  type Block,
  type Element,
  type Modal,
  type ModalField,
  type SelectOption,
} from '../reply-model.ts';
import type { Profile } from './profile.ts';
import {
  appliesTo,
  question,
  questions,
  ranges,
  type Answers,
  type ChoiceQuestion,
  type QuestionId,
  type Role,
} from './questionnaire.ts';

/** On Discord the questionnaire comes in steps: choices in messages, text in one form. */
export const steps = [
  { id: 'identity', questions: ['role', 'situation'] },
  { id: 'skills', questions: ['domains', 'languages', 'remote'] },
  { id: 'goals', questions: ['seeks', 'offers'] },
  { id: 'details', questions: ['stacks', 'region', 'hoursPerMonth', 'capacity', 'bio'] },
] as const satisfies readonly { id: string; questions: readonly QuestionId[] }[];
export type StepId = (typeof steps)[number]['id'];
export type Mode = 'join' | 'edit';

export const isStep = (id: string | undefined): id is StepId => steps.some((s) => s.id === id);

function label(locale: Locale, key: string): string {
  const message = catalog(locale)[key as MessageKey];
  return typeof message === 'string' ? message : key;
}

/** Seeks and offers share the goals' labels. */
const optionKey = (id: QuestionId, value: string) =>
  `option.${id === 'seeks' || id === 'offers' ? 'goal' : id}.${value}`;

export function choiceOptions(locale: Locale, q: ChoiceQuestion): SelectOption[] {
  return q.options.map((value) => ({ value, label: label(locale, optionKey(q.id, value)) }));
}

/** How an answer reads in a summary. */
export function formatAnswer(locale: Locale, id: QuestionId, value: unknown): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return '—';
  const q = question(id);
  if (id === 'remote') return label(locale, `option.remote.${value ? 'yes' : 'no'}`);
  if (q.kind === 'single' || q.kind === 'multi') {
    return (Array.isArray(value) ? value : [value]).map((v) => label(locale, optionKey(id, String(v)))).join(', ');
  }
  if (q.kind === 'consent') return label(locale, 'option.consent.given');
  // Stacks, region, bio…: what she typed, shown as data (the adapters render it inert).
  return memberText(Array.isArray(value) ? value.join(', ') : String(value));
}

function selected(answers: Answers, id: QuestionId): string[] | undefined {
  const value = (answers as Record<string, unknown>)[id];
  if (value === undefined) return undefined;
  if (id === 'remote') return [value ? 'yes' : 'no'];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function stepQuestions(step: StepId, role: Role | undefined): QuestionId[] {
  const ids: readonly QuestionId[] = steps.find((s) => s.id === step)?.questions ?? [];
  return ids.filter((id) => appliesTo(question(id), role));
}

/** A choice step as an ephemeral message: one select per question, then Continue / Save. */
export function stepMessage(
  t: Translate,
  locale: Locale,
  step: StepId,
  mode: Mode,
  answers: Answers,
  update: boolean,
  intro?: string,
): Answer {
  const index = steps.findIndex((s) => s.id === step);
  const rows: Block[] = [];
  for (const id of stepQuestions(step, answers.role)) {
    const q = question(id) as ChoiceQuestion;
    rows.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('join', 'set', id, mode),
          placeholder: fieldLabel(locale, id),
          options: choiceOptions(locale, q),
          min: q.kind === 'multi' ? (q.min ?? 1) : 1,
          max: q.kind === 'multi' ? (q.max ?? q.options.length) : 1,
          ...(selected(answers, id) ? { selected: selected(answers, id) } : {}),
        },
      ],
    });
  }
  const buttons: Element[] =
    mode === 'join'
      ? [{ type: 'button', action: actionId('join', 'next', step, mode), label: t('join.continue'), style: 'primary' }]
      : [
          { type: 'button', action: actionId('join', 'next', step, mode), label: t('join.save'), style: 'primary' },
          { type: 'button', action: actionId('profile', 'show'), label: t('join.back') },
        ];
  const heading =
    mode === 'join' ? t('join.stepTitle', { step: index + 1, total: steps.length + 1 }) : t('profile.editTitle');
  const text = `${intro ? `${intro}\n\n` : ''}**${heading}** — ${t(`join.step.${step}` as 'join.step.identity')}`;
  return {
    kind: 'message',
    ephemeral: true,
    ...(update ? { update: true } : {}),
    text,
    blocks: [{ type: 'text', text }, ...rows, { type: 'actions', elements: buttons }],
  };
}

function textField(locale: Locale, profile: Profile | null, id: QuestionId, t: Translate): ModalField {
  const q = question(id);
  const answers = (profile?.answers ?? {}) as Record<string, unknown>;
  const pending = profile?.pendingInput[id];
  const value =
    pending ??
    (answers[id] === undefined
      ? undefined
      : Array.isArray(answers[id])
        ? (answers[id] as string[]).join(', ')
        : String(answers[id]));
  return {
    type: 'text',
    id,
    label: fieldLabel(locale, id),
    style: q.kind === 'paragraph' ? 'paragraph' : 'short',
    required: !q.optional,
    // Numbers are checked by us, with a message that says what to write, not capped by the form.
    ...(q.kind === 'text' || q.kind === 'paragraph' ? { maxLength: q.maxLength } : {}),
    ...(id in ranges ? { number: { ...ranges[id as keyof typeof ranges] } } : {}),
    placeholder: t(`join.placeholder.${id}` as 'join.placeholder.stacks'),
    ...(value !== undefined ? { value } : {}),
  };
}

/** The text questions of the details step, as a form (at most five fields on Discord). */
export function detailsModal(t: Translate, locale: Locale, profile: Profile | null, mode: Mode): Modal {
  return {
    action: actionId('join', 'details', mode),
    title: t('join.detailsTitle'),
    submitLabel: t('join.save'),
    fields: stepQuestions('details', profile?.answers.role).map((id) => textField(locale, profile, id, t)),
  };
}

/** The whole questionnaire as one form, where the platform's forms take choices too (Slack). */
export function fullModal(t: Translate, locale: Locale, profile: Profile | null): Modal {
  const answers = profile?.answers ?? {};
  const fields: ModalField[] = [];
  for (const q of questions) {
    if (q.kind === 'consent') {
      fields.push({
        type: 'checkboxes',
        id: 'consent',
        label: fieldLabel(locale, 'consent'),
        options: [{ value: 'yes', label: t('join.consentCheckbox') }],
        required: true,
        hint: t('join.consentText'),
        ...(answers.consent ? { selected: ['yes'] } : {}),
      });
    } else if (q.kind === 'single' || q.kind === 'multi') {
      const choice = q as ChoiceQuestion;
      fields.push({
        type: 'select',
        id: q.id,
        label: fieldLabel(locale, q.id),
        options: choiceOptions(locale, choice),
        min: 1,
        max: q.kind === 'multi' ? (choice.max ?? choice.options.length) : 1,
        // Role-dependent questions stay optional here; the core asks for them by role.
        required: !q.roles,
        ...(q.roles ? { hint: t(`join.hint.${q.id}` as 'join.hint.seeks') } : {}),
        ...(selected(answers, q.id) ? { selected: selected(answers, q.id) } : {}),
      });
    } else {
      fields.push({ ...textField(locale, profile, q.id, t), required: !q.optional && !q.roles } as ModalField);
    }
  }
  return { action: actionId('join', 'all'), title: t('join.title'), submitLabel: t('join.submit'), fields };
}

export function consentMessage(t: Translate): Answer {
  const text = `**${t('join.consentTitle')}**\n${t('join.consentText')}`;
  return {
    kind: 'message',
    ephemeral: true,
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          { type: 'button', action: actionId('join', 'consent'), label: t('join.consentAccept'), style: 'success' },
          { type: 'button', action: actionId('join', 'cancel'), label: t('join.cancel') },
        ],
      },
    ],
  };
}

/** Her answers, as a card. */
export function summaryBlocks(t: Translate, locale: Locale, profile: Profile): Block[] {
  const answers = profile.answers as Record<string, unknown>;
  const fields = questions
    .filter((q) => q.kind !== 'consent' && appliesTo(q, profile.answers.role))
    .map((q) => ({ label: fieldLabel(locale, q.id), value: formatAnswer(locale, q.id, answers[q.id]) }));
  return [{ type: 'fields', fields }];
}
