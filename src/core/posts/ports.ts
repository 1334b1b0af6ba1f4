import type { Category, Consent, Credit, Submission, SubmissionStatus } from './submission.ts';

/** The image of a submission: bytes in the file store, a name for the platforms. */
export interface SubmissionImage {
  sha256: string;
  name: string;
  mime: string;
}

export interface NewSubmission {
  /** Made by the core (UUIDv7): the image is named after it. */
  id: string;
  communityId: string;
  authorId: string;
  category: Category;
  caption: string;
  image: SubmissionImage | null;
  credit: Credit;
  creditHandle: string | null;
  consent: Consent;
  createdAt: Date;
}

/** What a transition may change besides the status (the revision always bumps by one). */
export interface SubmissionChange {
  status: SubmissionStatus;
  caption?: string;
  image?: SubmissionImage | null;
  creditHandle?: string | null;
  decidedById?: string | null;
  decidedAt?: Date | null;
  decisionNote?: string | null;
  queueRank?: number | null;
}

/**
 * What she typed in `share` when it could not be saved, so the retry starts from it. The
 * image is kept by reference once its bytes were checked and stored.
 */
export interface SubmissionDraft {
  category?: Category;
  caption?: string;
  credit?: Credit;
  handle?: string;
  consent?: Consent;
  image?: SubmissionImage;
}

export interface SubmissionRepository {
  create(submission: NewSubmission): Promise<Submission>;
  get(id: string): Promise<Submission | null>;
  /**
   * Reads the submission and keeps its row locked (SELECT … FOR UPDATE) until the surrounding
   * transaction ends: decisions, edits, reopenings and withdrawals of it take turns.
   */
  lock(id: string): Promise<Submission | null>;
  /**
   * Applies `change` and bumps the revision, only while the row is still at `revision`
   * with a status in `from`; returns the new row, or null when it moved meanwhile.
   */
  transition(
    id: string,
    expected: { from: readonly SubmissionStatus[]; revision: number },
    change: SubmissionChange,
    at: Date,
  ): Promise<Submission | null>;
  /** Her submissions, newest first; with `statuses`, only those. */
  listOf(authorId: string, statuses?: readonly SubmissionStatus[]): Promise<Submission[]>;
  draftOf(memberId: string): Promise<SubmissionDraft | null>;
  saveDraft(memberId: string, draft: SubmissionDraft): Promise<void>;
  deleteDraft(memberId: string): Promise<void>;
}
