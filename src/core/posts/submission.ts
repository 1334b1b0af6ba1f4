/**
 * A "women in tech" post submitted with `share`: the shared vocabulary of sharing and
 * moderation (submission-service.ts) and of publication (publication.ts).
 */
export const categories = ['workspace', 'coding', 'pairing', 'speaking', 'event', 'quote', 'other'] as const;
export type Category = (typeof categories)[number];

/** How the published post credits her: her name (a mention), a handle she typed, or nobody. */
export const credits = ['name', 'handle', 'anonymous'] as const;
export type Credit = (typeof credits)[number];

/** Where she agreed it may be published: in the community only, or also on its public social accounts. */
export const consents = ['community', 'social'] as const;
export type Consent = (typeof consents)[number];

export type SubmissionStatus = 'pending' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn' | 'published';

/** A quote needs no image; every other category does. */
export const needsImage = (category: Category) => category !== 'quote';

export const captionMax = 1_000;
export const handleMax = 80;

export interface Submission {
  id: string;
  communityId: string;
  authorId: string;
  category: Category;
  /** Member text. */
  caption: string;
  image: { sha256: string; name: string; mime: string } | null;
  credit: Credit;
  /** Member text, when credit = handle. */
  creditHandle: string | null;
  consent: Consent;
  status: SubmissionStatus;
  /** Bumped at each edit and decision (outbox keys of cards and DMs are built from it). */
  revision: number;
  decidedById: string | null;
  decidedAt: Date | null;
  /** The reason of a rejection, or what to change. Member text (a moderator's). */
  decisionNote: string | null;
  /** Order in the publication queue, smaller first (approved posts). */
  queueRank: number | null;
  /** The local day (YYYY-MM-DD) and slot it was published in. */
  publishedOn: string | null;
  publishSlot: number | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
