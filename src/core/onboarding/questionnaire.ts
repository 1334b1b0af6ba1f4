import { z } from 'zod';
import { UserError } from '../errors.ts';

/**
 * The onboarding questionnaire, as data. Platforms render it (Discord in steps, Slack in
 * one modal) and the core validates answers against it. A later version may add
 * questions (`since`): answers given to an older version are kept and only the new
 * questions are asked.
 */
export const questionnaireVersion = 1;

/**
 * Version of the consent text (join.consentText): stored with her consent, so a later text
 * that asks for more can tell who agreed to which. Bump it when the text's promise changes.
 */
export const consentVersion = 1;

export const roles = ['mentor', 'mentee', 'both', 'peer'] as const;
export const situations = ['student', 'junior', 'experienced', 'career-change', 'returning'] as const;
export const domains = [
  'front',
  'back',
  'mobile',
  'data-ai',
  'ops-cloud',
  'security',
  'qa',
  'design-ux',
  'product',
  'management',
  'other',
] as const;
export const goals = [
  'first-job',
  'career-change',
  'confidence',
  'public-speaking',
  'leadership',
  'salary',
  'technical-growth',
  'entrepreneurship',
  'work-life',
] as const;
export const languages = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'other'] as const;

export type Role = (typeof roles)[number];
export type Situation = (typeof situations)[number];
export type Domain = (typeof domains)[number];
export type Goal = (typeof goals)[number];
export type Language = (typeof languages)[number];

export type QuestionId =
  | 'role'
  | 'situation'
  | 'domains'
  | 'languages'
  | 'remote'
  | 'seeks'
  | 'offers'
  | 'stacks'
  | 'region'
  | 'hoursPerMonth'
  | 'capacity'
  | 'bio'
  | 'consent';

export interface ChoiceQuestion {
  id: QuestionId;
  kind: 'single' | 'multi';
  options: readonly string[];
  /** For multi: how many may be picked. */
  min?: number;
  max?: number;
}
export interface TextQuestion {
  id: QuestionId;
  kind: 'text' | 'paragraph' | 'number';
  maxLength: number;
}
export type Question = (ChoiceQuestion | TextQuestion | { id: 'consent'; kind: 'consent' }) & {
  since: number;
  /** Asked only of these roles; everyone when absent. */
  roles?: readonly Role[];
  optional?: boolean;
};

const seekers = ['mentee', 'both', 'peer'] as const;
const mentors = ['mentor', 'both'] as const;

export const questions: readonly Question[] = [
  { id: 'role', kind: 'single', options: roles, since: 1 },
  { id: 'situation', kind: 'single', options: situations, since: 1 },
  { id: 'domains', kind: 'multi', options: domains, min: 1, max: domains.length, since: 1 },
  { id: 'languages', kind: 'multi', options: languages, min: 1, max: languages.length, since: 1 },
  { id: 'remote', kind: 'single', options: ['yes', 'no'], since: 1 },
  { id: 'seeks', kind: 'multi', options: goals, min: 1, max: goals.length, roles: seekers, since: 1 },
  { id: 'offers', kind: 'multi', options: goals, min: 1, max: goals.length, roles: mentors, since: 1 },
  { id: 'stacks', kind: 'text', maxLength: 200, optional: true, since: 1 },
  { id: 'region', kind: 'text', maxLength: 80, optional: true, since: 1 },
  { id: 'hoursPerMonth', kind: 'number', maxLength: 3, since: 1 },
  { id: 'capacity', kind: 'number', maxLength: 2, roles: mentors, since: 1 },
  { id: 'bio', kind: 'paragraph', maxLength: 500, optional: true, since: 1 },
  { id: 'consent', kind: 'consent', since: 1 },
];

export function question(id: QuestionId): Question {
  const found = questions.find((q) => q.id === id);
  if (!found) throw new Error(`unknown question ${id}`);
  return found;
}

/** A question named by a component id (from outside): a stale or forged one is expired. */
export function askedQuestion(id: string | undefined): Question {
  const found = questions.find((q) => q.id === id);
  if (!found) throw new UserError('error.expired');
  return found;
}

/** Whether a question applies to someone with this role (unknown role: ask it). */
export function appliesTo(q: Question, role: Role | undefined): boolean {
  return !q.roles || !role || q.roles.includes(role);
}

// Field schemas. Messages are i18n keys under `onboarding.invalid.*`; the field's own
// label is added when the error is shown, so she knows exactly what to fix.
const stackList = z
  .string()
  .trim()
  .max(200, 'onboarding.invalid.tooLong')
  .transform((text) =>
    [
      ...new Set(
        text
          .split(/[,;\n]/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ].slice(0, 15),
  )
  .pipe(z.array(z.string().max(40, 'onboarding.invalid.stackTooLong')));

const wholeNumber = (min: number, max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(/^\d+$/, 'onboarding.invalid.number'))
    .transform(Number)
    .pipe(z.number().min(min, 'onboarding.invalid.range').max(max, 'onboarding.invalid.range'));

export const ranges = { hoursPerMonth: { min: 1, max: 40 }, capacity: { min: 1, max: 5 } } as const;

const pick = <T extends readonly [string, ...string[]]>(options: T) =>
  z.enum(options, { message: 'onboarding.invalid.choice' });
const pickSome = <T extends readonly [string, ...string[]]>(options: T) =>
  z
    .array(pick(options))
    .min(1, 'onboarding.invalid.required')
    .transform((values) => [...new Set(values)]);

export const fieldSchemas = {
  role: pick(roles),
  situation: pick(situations),
  domains: pickSome(domains),
  languages: pickSome(languages),
  remote: z.union([z.boolean(), z.enum(['yes', 'no']).transform((v) => v === 'yes')]),
  seeks: pickSome(goals),
  offers: pickSome(goals),
  stacks: stackList,
  region: z.string().trim().max(80, 'onboarding.invalid.tooLong'),
  hoursPerMonth: wholeNumber(ranges.hoursPerMonth.min, ranges.hoursPerMonth.max),
  capacity: wholeNumber(ranges.capacity.min, ranges.capacity.max),
  bio: z.string().trim().max(500, 'onboarding.invalid.tooLong'),
  consent: z.literal(true, { message: 'onboarding.invalid.consent' }),
} satisfies Record<QuestionId, z.ZodType>;

export interface Answers {
  role?: Role;
  situation?: Situation;
  domains?: Domain[];
  languages?: Language[];
  remote?: boolean;
  seeks?: Goal[];
  offers?: Goal[];
  stacks?: string[];
  region?: string;
  hoursPerMonth?: number;
  capacity?: number;
  bio?: string;
  consent?: true;
}

/** The questions still to answer for a complete profile, in order. */
export function missingQuestions(answers: Answers): Question[] {
  return questions.filter(
    (q) => !q.optional && appliesTo(q, answers.role) && (answers as Record<string, unknown>)[q.id] === undefined,
  );
}

/** Answers that no longer apply after a change of role are dropped, not kept silently. */
export function withoutStaleAnswers(answers: Answers): Answers {
  const kept: Record<string, unknown> = {};
  for (const q of questions) {
    const value = (answers as Record<string, unknown>)[q.id];
    if (value !== undefined && appliesTo(q, answers.role)) kept[q.id] = value;
  }
  return kept as Answers;
}
