import type { Day } from '../nudges/local-time.ts';
import type { Submission, SubmissionStatus } from './submission.ts';

/** Where a post is published: a slot of the daily publication, or a moderator's "publish now" (no slot). */
export interface PublishPlace {
  day: Day;
  slot: number | null;
  at: Date;
}

/**
 * The publication queue (approved posts, in order) and what was published. Reads and
 * writes of the `submissions` table that are publication's own; the moderation side is
 * SubmissionRepository's.
 */
export interface PublicationRepository {
  /** Approved posts in publication order (queue rank, then age), the first `limit`, from `offset`. */
  queue(communityId: string, limit: number, offset?: number): Promise<Submission[]>;
  queueLength(communityId: string): Promise<number>;
  /** The authors of the first `limit` approved posts, in publication order (what the job will pick from). */
  queueAuthors(communityId: string, limit: number): Promise<string[]>;
  /**
   * The first approved post in publication order whose author is not `notAuthorId`, locked
   * (FOR UPDATE) until the transaction ends.
   */
  nextApproved(communityId: string, notAuthorId: string | null): Promise<Submission | null>;
  /** The author of the post published last (by time), if any. */
  lastPublishedAuthor(communityId: string): Promise<string | null>;
  /** Slots of `day` already published. */
  takenSlots(communityId: string, day: Day): Promise<number[]>;
  /**
   * approved → published at `place`, bumping the revision; false when it is no longer
   * approved. Throws SlotTakenError when the slot was taken meanwhile.
   */
  publish(id: string, place: PublishPlace): Promise<boolean>;
  /** Sets an approved post's queue rank; false when it is no longer approved. */
  setRank(id: string, rank: number): Promise<boolean>;
  /** How many posts she had published before (to tell her first one). */
  publishedCountOf(authorId: string): Promise<number>;

  isSkipped(communityId: string, day: Day): Promise<boolean>;
  /** Days skipped from `from` on, in order. */
  skipsFrom(communityId: string, from: Day): Promise<Day[]>;
  /** True when the day was not skipped yet. */
  addSkip(communityId: string, day: Day, createdById: string): Promise<boolean>;
  /** True when the day was skipped. */
  removeSkip(communityId: string, day: Day): Promise<boolean>;

  /** Approved or published posts whose author agreed to the community's social accounts, oldest first. */
  exportable(communityId: string): Promise<Submission[]>;
  countByStatus(communityId: string): Promise<Record<SubmissionStatus, number>>;
  /** Posts published on a local day in [from, to). */
  publishedBetween(communityId: string, from: Day, to: Day): Promise<number>;
  /** Keys of this community's outbox rows of publications (`posts.publish:*`, `posts.publish-now:*`) that failed for good. */
  failedPublicationKeys(communityId: string): Promise<string[]>;
}

/**
 * The slot was published by someone else meanwhile (another instance): the unique index
 * of one post per slot refused this one. The transaction is rolled back; nothing to report.
 */
export class SlotTakenError extends Error {
  constructor() {
    super('publication slot already taken');
    this.name = 'SlotTakenError';
  }
}
