import type { Member } from '../community.ts';
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

/**
 * What changes when a community's mentors change, read in one small query: per bucket of
 * members (an opaque number), a fingerprint of the mentors in it (their profiles' row
 * versions, whether each is an active member); and one of the set of active pairs (loads).
 * Equal fingerprints: nothing a suggestion depends on changed, whoever wrote.
 */
export interface MentorPoolVersion {
  buckets: ReadonlyMap<number, string>;
  loads: string;
}

/** A mentor as she is now: for checking a suggestion just before it is shown. */
export interface MentorNow {
  member: Member;
  profile: Profile | null;
  /** Her active pairs. */
  active: number;
}

export interface MatchingRepository {
  /**
   * What `mentors` reads of a mentee, in one round trip: her profile, her active pair, her
   * open requests (as openRequestsOf) and who is excluded for her (as excludedFor).
   */
  menteeState(
    menteeId: string,
    now: Date,
  ): Promise<{ profile: Profile | null; pair: Pair | null; requests: MentorshipRequest[]; excluded: Set<string> }>;
  mentorPoolVersion(communityId: string): Promise<MentorPoolVersion>;
  /**
   * Every possible mentor of a community (complete profile, role mentor or both, active
   * member), by member id, each with her bucket; only those of `buckets` when given.
   */
  mentorProfiles(communityId: string, buckets?: readonly number[]): Promise<{ bucket: number; profile: Profile }[]>;
  /** Active pairs per mentor of a community (absent: none). */
  mentorLoads(communityId: string): Promise<Map<string, number>>;
  /** These members now, with their profiles and loads (absent: no such member). */
  mentorsNow(memberIds: readonly string[]): Promise<Map<string, MentorNow>>;
  /** `members.many` for thousands at once (a cohort round's DMs), in one small round trip. */
  membersOf(memberIds: readonly string[]): Promise<Member[]>;
  /** Mentees waiting for a mentor: complete profile, mentee or both, active, no active pair. */
  waitingMentees(communityId: string): Promise<Profile[]>;
  /** Who must never be suggested to this mentee: paired with her, declined her, blocked either way. */
  excludedFor(menteeId: string): Promise<Set<string>>;
  /** The same for every member of a community at once (a cohort round): member id → excluded mentors. */
  exclusions(communityId: string): Promise<Map<string, Set<string>>>;
  /**
   * Takes a row lock on members, in a fixed order, for the rest of the transaction, and
   * gives their rows as locked (an id that names no one is left out).
   */
  lockMembers(memberIds: readonly string[]): Promise<Member[]>;

  /**
   * Null when she already has an open request to this mentor (a unique index says so,
   * even for a concurrent transaction); the transaction stays usable.
   */
  createRequest(
    request: Omit<MentorshipRequest, 'id' | 'createdAt' | 'declineReason' | 'status'> & {
      status: RequestStatus;
      createdAt: Date;
    },
  ): Promise<MentorshipRequest | null>;
  /** Closes as `expired` her past-due pending or offered requests to this mentor, so a new one may be opened. */
  expireStale(menteeId: string, mentorId: string, now: Date): Promise<number>;
  getRequest(id: string): Promise<MentorshipRequest | null>;
  /** Pending or offered, not expired at `now`. */
  openRequestsOf(menteeId: string, now: Date): Promise<MentorshipRequest[]>;
  openRequestsTo(mentorId: string, now: Date): Promise<MentorshipRequest[]>;
  /** Moves a request from one of `from` to `to`; false when another action moved it first. */
  transition(
    id: string,
    from: readonly RequestStatus[],
    to: RequestStatus,
    at: Date,
    extra?: { declineReason?: string | null },
  ): Promise<boolean>;

  /** Null when she already has an active pair, or this request one (unique indexes); the transaction stays usable. */
  createPair(pair: Omit<Pair, 'id' | 'status'>): Promise<Pair | null>;
  activePairOf(menteeId: string): Promise<Pair | null>;
  pairForRequest(requestId: string): Promise<Pair | null>;
  activePairCount(mentorId: string): Promise<number>;

  block(blockerId: string, blockedId: string): Promise<void>;

  /** Held until the transaction ends: one cohort round of a community starts at a time. */
  lockRounds(communityId: string): Promise<void>;
  /**
   * The community's newest round; with its featured mentors (mentee → mentor) while its
   * writes are not all made (summary `state: 'writing'`), none once done.
   */
  latestRound(
    communityId: string,
  ): Promise<{ id: string; summary: Record<string, unknown>; featured: Map<string, string> } | null>;
  /** A new round and its featured suggestions (written in chunks); returns its id. */
  saveRound(round: {
    communityId: string;
    startedById: string | null;
    summary: object;
    featured: { menteeId: string; mentorId: string; score: number }[];
  }): Promise<string>;
  /** Replaces the summary of a round still `writing`; false when it was not (another run finished it). */
  finishRound(roundId: string, summary: object): Promise<boolean>;
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
  create(post: {
    id: string;
    communityId: string;
    menteeId: string;
    note: string | null;
    messageKey: string;
    postedAt: Date;
  }): Promise<PostedRequest | null>;
  /** A new note, or the post closed; the revision goes up by one either way. */
  revise(id: string, change: { note?: string | null; closedAt?: Date }): Promise<PostedRequest>;
}
