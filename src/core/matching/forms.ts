import { z } from 'zod';
import { text, type Text } from '../../i18n/index.ts';
import type { Member } from '../community.ts';
import { FieldErrors } from '../errors.ts';
import type { ProfileRepository } from '../onboarding/profile.ts';

/**
 * The free texts of the matching forms and their limits, the same as each modal's
 * maxLength: the platforms enforce those in their forms, the server enforces them for
 * whatever else reaches it (a forged payload, an array where a text was expected).
 */
export const formLimits = { message: 500, note: 500, reason: 300 } as const;
export type FormText = keyof typeof formLimits;

const boundedText = (max: number) =>
  z
    .string({ error: 'match.invalid.notText' })
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || null);
const schemas: Record<FormText, ReturnType<typeof boundedText>> = {
  message: boundedText(formLimits.message),
  note: boundedText(formLimits.note),
  reason: boundedText(formLimits.reason),
};

/** Where what she typed waits for her correction, beside the questionnaire's own fields. */
const pendingKey = (field: FormText) => `match.${field}`;

function problem(field: FormText, issue: z.core.$ZodIssue | undefined): Text {
  if (issue?.code === 'too_big') return text('onboarding.invalid.tooLong', { max: formLimits[field] });
  return text('match.invalid.notText');
}

/**
 * Reads one free text of a matching form: trimmed, null when empty. Out of bounds, what
 * she typed is kept in her profile's pending input and FieldErrors names the field, with
 * `retryAction` reopening the form prefilled (Discord closes a form on submit).
 */
export async function readFormText(
  profiles: ProfileRepository,
  member: Member,
  field: FormText,
  raw: unknown,
  retryAction: string,
): Promise<string | null> {
  const parsed = schemas[field].safeParse(raw);
  const profile = await profiles.get(member.id);
  const key = pendingKey(field);
  if (parsed.success) {
    if (profile && key in profile.pendingInput) {
      const { [key]: _corrected, ...rest } = profile.pendingInput;
      await profiles.save({ ...profile, pendingInput: rest });
    }
    return parsed.data;
  }
  if (profile && typeof raw === 'string')
    await profiles.save({ ...profile, pendingInput: { ...profile.pendingInput, [key]: raw } });
  throw new FieldErrors({ [field]: problem(field, parsed.error.issues[0]) }, retryAction, 'typed');
}

/** What she typed last time this form failed, cut to the form's limit (a platform refuses a longer prefill). */
export async function pendingFormText(
  profiles: ProfileRepository,
  member: Member,
  field: FormText,
): Promise<string | undefined> {
  const pending = (await profiles.get(member.id))?.pendingInput[pendingKey(field)];
  return pending === undefined ? undefined : pending.slice(0, formLimits[field]);
}
