import type { Profile } from '../onboarding/profile.ts';

export type RequestStatus = 'pending' | 'offered' | 'accepted' | 'declined' | 'cancelled';

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
  status: 'active' | 'ended';
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

  createRequest(request: Omit<MentorshipRequest, 'id' | 'createdAt' | 'declineReason' | 'status'> & { status: RequestStatus; createdAt: Date }): Promise<MentorshipRequest>;
  getRequest(id: string): Promise<MentorshipRequest | null>;
  /** Pending or offered, not expired at `now`. */
  openRequestsOf(menteeId: string, now: Date): Promise<MentorshipRequest[]>;
  openRequestsTo(mentorId: string, now: Date): Promise<MentorshipRequest[]>;
  /** Moves a request from one of `from` to `to`; false when another action moved it first. */
  transition(id: string, from: readonly RequestStatus[], to: RequestStatus, at: Date, extra?: { declineReason?: string | null }): Promise<boolean>;

  createPair(pair: Omit<Pair, 'id' | 'status'>): Promise<Pair>;
  activePairOf(menteeId: string): Promise<Pair | null>;
  pairForRequest(requestId: string): Promise<Pair | null>;
  activePairCount(mentorId: string): Promise<number>;

  block(blockerId: string, blockedId: string): Promise<void>;
  saveRound(round: { communityId: string; startedById: string | null; summary: object; featured: { menteeId: string; mentorId: string; score: number }[] }): Promise<string>;
}
