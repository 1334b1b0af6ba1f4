import type { Profile } from '../onboarding/profile.ts';

/** `expired`: nobody answered in time. A past-due pending or offered request counts as closed when read. */
export type RequestStatus = 'pending' | 'offered' | 'accepted' | 'declined' | 'cancelled' | 'expired';

export interface MentorshipRequest {
  id: string;
  communityId: string;
  menteeId: string;
  mentorId: string;
  status: RequestStatus;
  message: string | null;
  volunteered: boolean;
  declineReason: string | null;
  expiresAt: Date;
  createdAt: Date;
}

export interface Pair {
  id: string;
  communityId: string;
  menteeId: string;
  mentorId: string;
  requestId: string | null;
  status: 'active' | 'paused' | 'ended';
  startedAt: Date;
}

/** A mentor who may be suggested: complete profile, role mentor or both, active member. */
export interface MentorCandidate {
  profile: Profile;
  /** Her active pairs. */
  active: number;
}

export interface MatchingRepository {
  /** Every possible mentor of a community, with her load. */
  mentors(communityId: string): Promise<MentorCandidate[]>;
  /** Mentees waiting for a mentor: complete profile, mentee or both, active, no active pair. */
  waitingMentees(communityId: string): Promise<Profile[]>;
  /** Who must never be suggested to this mentee: paired with her, declined her, blocked either way. */
  excludedFor(menteeId: string): Promise<Set<string>>;
  /** The same for every member of a community at once (a cohort round): member id → excluded mentors. */
  exclusions(communityId: string): Promise<Map<string, Set<string>>>;
  /** Takes a row lock on members, in a fixed order, for the rest of the transaction. */
  lockMembers(memberIds: readonly string[]): Promise<void>;

  /**
   * Null when she already has an open request to this mentor (a unique index says so,
   * even for a concurrent transaction); the transaction stays usable.
   */
  createRequest(request: Omit<MentorshipRequest, 'id' | 'createdAt' | 'declineReason' | 'status'> & { status: RequestStatus; createdAt: Date }): Promise<MentorshipRequest | null>;
  /** Closes as `expired` her past-due pending or offered requests to this mentor, so a new one may be opened. */
  expireStale(menteeId: string, mentorId: string, now: Date): Promise<number>;
  getRequest(id: string): Promise<MentorshipRequest | null>;
  /** Pending or offered, not expired at `now`. */
  openRequestsOf(menteeId: string, now: Date): Promise<MentorshipRequest[]>;
  openRequestsTo(mentorId: string, now: Date): Promise<MentorshipRequest[]>;
  /** Moves a request from one of `from` to `to`; false when another action moved it first. */
  transition(id: string, from: readonly RequestStatus[], to: RequestStatus, at: Date, extra?: { declineReason?: string | null }): Promise<boolean>;

  /** Null when she already has an active pair, or this request one (unique indexes); the transaction stays usable. */
  createPair(pair: Omit<Pair, 'id' | 'status'>): Promise<Pair | null>;
  activePairOf(menteeId: string): Promise<Pair | null>;
  pairForRequest(requestId: string): Promise<Pair | null>;
  activePairCount(mentorId: string): Promise<number>;

  block(blockerId: string, blockedId: string): Promise<void>;
  saveRound(round: { communityId: string; startedById: string | null; summary: object; featured: { menteeId: string; mentorId: string; score: number }[] }): Promise<string>;
}

/** Her request posted in the matching channel: one open at a time, edited in place. */
export interface PostedRequest {
  id: string;
  communityId: string;
  menteeId: string;
  /** As she typed it: member text. */
  note: string | null;
  status: 'open' | 'closed';
  /** Outbox key of the channel message; its edits name it. */
  messageKey: string;
  /** Bumped at every edit, so each edit is its own outbox row. */
  revision: number;
  postedAt: Date;
  closedAt: Date | null;
}

export interface PostedRequestRepository {
  openOf(menteeId: string): Promise<PostedRequest | null>;
  /** Null when she already has an open post (unique index); the transaction stays usable. */
  create(post: { id: string; communityId: string; menteeId: string; note: string | null; messageKey: string; postedAt: Date }): Promise<PostedRequest | null>;
  /** A new note, or the post closed; the revision goes up by one either way. */
  revise(id: string, change: { note?: string | null; closedAt?: Date }): Promise<PostedRequest>;
}
