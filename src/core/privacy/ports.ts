import type { Member } from '../community.ts';

/**
 * One part of her export: the rows of one table that concern her, as stored (member ids
 * included, so she can tell which rows are hers), with a short explanation.
 */
export interface ExportSection {
  /** The table the rows come from (`profiles`, `pairs`…): what the explanation is about. */
  table: string;
  rows: Record<string, unknown>[];
}

/** What erasing her left behind for the service to act on (messages, audit). */
export interface Erasure {
  /** The anonymous row that now stands for her in what is kept for counts. */
  tombstoneId: string;
  /** Partners of pairs that were open (active or paused) and are now ended. */
  pairPartners: { pairId: string; partner: Member; startedAt: Date }[];
  /** Members whose open requests with her were cancelled. */
  requestPartners: { requestId: string; partner: Member }[];
  /** Her matching-channel post that was open: its message is edited to say it closed. */
  openPostKeys: string[];
  /** Showcase messages of her published posts (outbox keys), removed when she asked. */
  publishedPostKeys: string[];
  /** Circles she was in: she left them; the others go on without her (the circle service). */
  circleIds: string[];
  /** How many rows were erased or anonymised, by table (for the audit entry and her answer). */
  counts: Record<string, number>;
}

/** The storage side of members' data: everything about one member, and erasing it. */
export interface PrivacyRepository {
  /** Every row of this community that concerns her, table by table. */
  collect(member: Member): Promise<ExportSection[]>;
  /**
   * Erases her personal data: her member row, profile, drafts and free texts are gone; rows
   * that must remain for counts point to a new anonymous row; open pairs, requests, circle
   * places and challenges close; outbox rows that carry her ids or texts are erased (pending
   * ones cancelled). Call inside a transaction, with her member row locked. Null when her
   * row is no longer there (erased meanwhile).
   */
  erase(member: Member, now: Date, options: { removePublished: boolean }): Promise<Erasure | null>;
  /** Her platform said she left: remembers when (the first time only). */
  markLeftPlatform(memberId: string, at: Date): Promise<void>;
  /** She came back: forgets it; true when she had left. */
  clearLeftPlatform(memberId: string): Promise<boolean>;
  /** Members of a community who left their platform before `before` and are not erased yet. */
  leftBefore(communityId: string, before: Date, limit: number): Promise<Member[]>;
  /** Whether this member row is the anonymous stand-in of an erased member. */
  erasedIds(ids: readonly string[]): Promise<Set<string>>;
}
