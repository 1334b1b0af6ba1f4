import { randomBytes } from 'node:crypto';
import { text, type Text, type Translate } from '../../i18n/index.ts';
import { FileTooLargeError, type FetchFile, type IncomingFile } from '../incoming-files.ts';
import { UserError } from '../errors.ts';
import { imageMimes, imageTypeOf, type FileRepository, type ImageType } from '../files.ts';
import type { SubmissionDraft, SubmissionImage } from './ports.ts';
import {
  captionMax,
  categories,
  consents,
  credits,
  handleMax,
  needsImage,
  type Category,
  type Consent,
  type Credit,
} from './submission.ts';

/** What she gives `share` (options on Discord, the form on Slack); anything may be missing. */
export interface ShareValues {
  category?: Category | undefined;
  caption?: string | undefined;
  credit?: Credit | undefined;
  handle?: string | undefined;
  consent?: Consent | undefined;
}

/** The fields of `share`, in the order they are named to her. */
export const shareFields = ['category', 'image', 'caption', 'credit', 'handle', 'consent'] as const;
export type ShareField = (typeof shareFields)[number];

/** What is wrong with one field. */
/** `unreadable`: the platform did not give the file (a link expired, a network error). */
export type ShareProblem = 'missing' | 'tooLarge' | 'notImage' | 'unreadable' | 'tooLong';
export type ImageProblem = 'tooLarge' | 'notImage' | 'unreadable';

/**
 * The submission could not be saved: what is missing or refused, said in one message
 * (UserError) and field by field (for a form that shows errors under its fields).
 */
export class ShareRefused extends UserError {
  constructor(
    message: { problems: string; kept: string },
    readonly fields: Partial<Record<ShareField, Text>>,
  ) {
    super('posts.refused', message);
    this.name = 'ShareRefused';
  }
}

/** A value picked in a form or typed as an option, if it is one of `values`. */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  const picked = Array.isArray(value) ? value[0] : value;
  return values.includes(picked as T) ? (picked as T) : undefined;
}

/** Values read from anything (a stored draft, a form): only what fits is kept. */
export function cleanValues(raw: Record<string, unknown>): ShareValues {
  const textOf = (value: unknown) =>
    typeof value === 'string'
      ? value.trim()
      : Array.isArray(value) && typeof value[0] === 'string'
        ? value[0].trim()
        : undefined;
  return {
    category: oneOf(categories, raw.category),
    caption: textOf(raw.caption),
    credit: oneOf(credits, raw.credit),
    handle: textOf(raw.handle) || undefined,
    consent: oneOf(consents, raw.consent),
  };
}

/** Her values over her draft's: what she gives now wins, what she left out comes from the draft. */
export function mergeDraft(values: ShareValues, draft: SubmissionDraft | null): ShareValues {
  const merged: ShareValues = { ...cleanValues({ ...draft }) };
  for (const [key, value] of Object.entries(values) as [keyof ShareValues, string | undefined][]) {
    if (value !== undefined) (merged as Record<string, string>)[key] = value;
  }
  return merged;
}

/** The draft to keep: her values, and the image once its bytes were checked and stored. */
export function draftOf(values: ShareValues, image: SubmissionImage | null): SubmissionDraft {
  const draft: SubmissionDraft = {};
  if (values.category) draft.category = values.category;
  if (values.caption) draft.caption = values.caption;
  if (values.credit) draft.credit = values.credit;
  if (values.handle) draft.handle = values.handle;
  if (values.consent) draft.consent = values.consent;
  if (image) draft.image = image;
  return draft;
}

/** The fields a draft holds, in the order they are named. */
export const keptFields = (draft: SubmissionDraft): ShareField[] =>
  shareFields.filter((field) => (field === 'handle' ? Boolean(draft.handle) : draft[field] !== undefined));

const extensions: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' };

export type ImageCheck = { ok: true; bytes: Buffer; type: ImageType } | { ok: false; problem: ImageProblem };

/**
 * Her file's bytes, checked: refused at once when the platform declares it too large,
 * else read up to the limit; the type comes from the bytes, never from the name.
 */
export async function checkImage(file: IncomingFile, maxBytes: number, fetchFile: FetchFile): Promise<ImageCheck> {
  if (file.size !== undefined && file.size > maxBytes) return { ok: false, problem: 'tooLarge' };
  let bytes: Buffer;
  try {
    bytes = await fetchFile(file, maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) return { ok: false, problem: 'tooLarge' };
    // Whatever the platform's reason (an expired link, a timeout), she can send it again.
    return { ok: false, problem: 'unreadable' };
  }
  if (bytes.length > maxBytes) return { ok: false, problem: 'tooLarge' };
  const type = imageTypeOf(bytes);
  return type ? { ok: true, bytes, type } : { ok: false, problem: 'notImage' };
}

/** Keeps checked bytes (once per content); the image is named when the submission is made (see imageName). */
export async function storeImage(
  files: FileRepository,
  check: Extract<ImageCheck, { ok: true }>,
  originalName: string,
): Promise<SubmissionImage> {
  const mime = imageMimes[check.type];
  const stored = await files.put(check.bytes, mime);
  return { sha256: stored.sha256, name: originalName, mime };
}

/** `<category>-<short id>.<ext>`: what the platforms show, the same on the card, the post and the export. */
export function imageName(category: Category, submissionId: string, mime: string): string {
  const type = (Object.entries(imageMimes) as [ImageType, string][]).find(([, m]) => m === mime)?.[0] ?? 'png';
  return `${category}-${submissionId.slice(-8)}.${extensions[type]}`;
}

/** What is wrong with her values, field by field (the image's own problem, if any, given). */
export function problemsOf(
  values: ShareValues,
  image: SubmissionImage | null,
  imageProblem?: ShareProblem,
): Partial<Record<ShareField, ShareProblem>> {
  const problems: Partial<Record<ShareField, ShareProblem>> = {};
  if (!values.category) problems.category = 'missing';
  if (imageProblem) problems.image = imageProblem;
  else if (!image && values.category && needsImage(values.category)) problems.image = 'missing';
  if (values.caption && values.caption.length > captionMax) problems.caption = 'tooLong';
  else if (!values.caption && values.category === 'quote') problems.caption = 'missing';
  if (!values.credit) problems.credit = 'missing';
  if (values.handle && values.handle.length > handleMax) problems.handle = 'tooLong';
  else if (values.credit === 'handle' && !values.handle) problems.handle = 'missing';
  if (!values.consent) problems.consent = 'missing';
  return problems;
}

/** One field's problem, as shown under the field. */
export function problemText(field: ShareField, problem: ShareProblem, maxImageMb: number): Text {
  if (problem === 'tooLarge') return text('posts.problem.tooLarge', { max: maxImageMb });
  if (problem === 'notImage') return text('posts.problem.notImage');
  if (problem === 'unreadable') return text('posts.problem.unreadable');
  if (problem === 'tooLong') return text('posts.problem.tooLong', { max: field === 'handle' ? handleMax : captionMax });
  return text('posts.problem.missing');
}

/**
 * The refusal, in her language: what is missing, why the file was refused, and what was
 * kept for her retry (`form`: she finds it in the form, else in her next command).
 */
export function refusal(
  t: Translate,
  problems: Partial<Record<ShareField, ShareProblem>>,
  kept: SubmissionDraft,
  maxImageMb: number,
  form: boolean,
): ShareRefused {
  const names = (fields: ShareField[]) => fields.map((field) => t(`posts.field.${field}`)).join(', ');
  const entries = Object.entries(problems) as [ShareField, ShareProblem][];
  const sentences: string[] = [];
  const missing = entries.filter(([, p]) => p === 'missing').map(([f]) => f);
  if (missing.length > 0) sentences.push(t('posts.refused.missing', { fields: names(missing) }));
  if (problems.image === 'tooLarge') sentences.push(t('posts.refused.tooLarge', { max: maxImageMb }));
  if (problems.image === 'notImage') sentences.push(t('posts.refused.notImage'));
  if (problems.image === 'unreadable') sentences.push(t('posts.refused.unreadable'));
  if (problems.caption === 'tooLong') sentences.push(t('posts.refused.captionTooLong', { max: captionMax }));
  if (problems.handle === 'tooLong') sentences.push(t('posts.refused.handleTooLong', { max: handleMax }));
  const fields = Object.fromEntries(
    entries.map(([field, problem]) => [field, problemText(field, problem, maxImageMb)]),
  );
  return new ShareRefused({ problems: sentences.join('\n'), kept: keptSentence(t, kept, form) }, fields);
}

/** "I kept …": the fields of her draft, or nothing when there is none. */
export function keptSentence(t: Translate, kept: SubmissionDraft, form: boolean): string {
  const fields = keptFields(kept);
  if (fields.length === 0) return '';
  const list = fields.map((field) => t(`posts.field.${field}`)).join(', ');
  return `\n${t(form ? 'posts.kept.form' : 'posts.kept.command', { fields: list })}`;
}

/** A time-ordered id (UUIDv7, like the database's default), known before the row exists: the image is named after it. */
export function newSubmissionId(now: Date): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
