import { z } from 'zod';
import { text, type Text } from '../../i18n/index.ts';
import type { Member } from '../community.ts';
import { FieldErrors } from '../errors.ts';
import type { ProfileRepository } from '../onboarding/profile.ts';

/** The program-end feedback form: its fields, their limits, and how the server reads them. */
export const feedbackLimits = { wentWell: 500, thanks: 500 } as const;
export const feedbackFields = ['rating', 'wentWell', 'recommend'] as const;
type FeedbackField = (typeof feedbackFields)[number];

/** A select sends a list of one value (Slack), a text field a string (Discord): both read the same. */
const single = (value: unknown) => (Array.isArray(value) && value.length === 1 ? value[0] : value);
const yes = ['oui', 'o', 'yes', 'y'];
const no = ['non', 'n', 'no'];

const schema = z.object({
  rating: z.preprocess(
    single,
    z
      .string()
      .trim()
      .regex(/^[1-5]$/)
      .transform(Number),
  ),
  wentWell: z.preprocess(
    single,
    z
      .string()
      .trim()
      .max(feedbackLimits.wentWell)
      .optional()
      .transform((value) => value || null),
  ),
  recommend: z.preprocess(
    single,
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => yes.includes(value) || no.includes(value))
      .transform((value) => yes.includes(value)),
  ),
});

export type Feedback = { rating: number; wentWell: string | null; wouldRecommend: boolean };

function problem(field: FeedbackField, issue: z.core.$ZodIssue): Text {
  if (field === 'rating') return text('nudge.feedback.invalidRating');
  if (field === 'recommend') return text('nudge.feedback.invalidRecommend');
  if (issue.code === 'too_big') return text('onboarding.invalid.tooLong', { max: feedbackLimits.wentWell });
  return text('match.invalid.notText');
}

const pendingKey = (field: FeedbackField) => `feedback.${field}`;

/**
 * Reads the feedback form. Anything wrong: every field she typed is kept in her
 * profile's pending input and FieldErrors names the wrong ones, with `retryAction`
 * reopening the form prefilled (Discord closes a form on submit).
 */
export async function readFeedback(
  profiles: ProfileRepository,
  member: Member,
  values: Record<string, unknown>,
  retryAction: string,
): Promise<Feedback> {
  const parsed = schema.safeParse({ rating: values.rating, wentWell: values.wentWell, recommend: values.recommend });
  const profile = await profiles.get(member.id);
  if (parsed.success) {
    if (profile && feedbackFields.some((f) => pendingKey(f) in profile.pendingInput)) {
      const rest = Object.fromEntries(
        Object.entries(profile.pendingInput).filter(([key]) => !key.startsWith('feedback.')),
      );
      await profiles.save({ ...profile, pendingInput: rest });
    }
    return { rating: parsed.data.rating, wentWell: parsed.data.wentWell, wouldRecommend: parsed.data.recommend };
  }
  const typed = Object.fromEntries(
    feedbackFields.flatMap((f) =>
      typeof single(values[f]) === 'string' ? [[pendingKey(f), String(single(values[f]))]] : [],
    ),
  );
  if (profile) await profiles.save({ ...profile, pendingInput: { ...profile.pendingInput, ...typed } });
  const errors: Record<string, Text> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FeedbackField;
    errors[field] ??= problem(field, issue);
  }
  throw new FieldErrors(errors, retryAction, 'typed');
}

/** What she typed last time the form failed, per field, cut to its limit. */
export async function pendingFeedback(
  profiles: ProfileRepository,
  member: Member,
): Promise<Partial<Record<FeedbackField, string>>> {
  const pending = (await profiles.get(member.id))?.pendingInput ?? {};
  return Object.fromEntries(
    feedbackFields.flatMap((f) =>
      pending[pendingKey(f)] === undefined ? [] : [[f, pending[pendingKey(f)]?.slice(0, feedbackLimits.wentWell)]],
    ),
  );
}
