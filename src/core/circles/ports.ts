import type { Language } from '../onboarding/questionnaire.ts';
import type { Shared } from './formation.ts';

export type CircleRequestStatus = 'waiting' | 'placed' | 'withdrawn';

/** Her place on the waiting list. */
export interface CircleRequest {
  id: string;
  communityId: string;
  memberId: string;
  status: CircleRequestStatus;
  circleId: string | null;
  createdAt: Date;
}

export interface Circle {
  id: string;
  communityId: string;
  /** "Cercle 3": in the order circles were formed in the community. */
  number: number;
  status: 'active' | 'closed';
  language: Language;
  shared: Shared;
  /** Each revision is its own private space (see circleKeys.space). */
  spaceRevision: number;
  startedAt: Date;
  lastMetAt: Date | null;
  closedAt: Date | null;
}

/** A circle with the members in it now (who joined first, first). */
export interface CircleWithMembers extends Circle {
  memberIds: string[];
}

/** An active circle as its check-ins see it: its members now, and where its space is, once made. */
export interface CircleCheckInTarget {
  circle: Circle;
  memberIds: string[];
  /** The platform's conversation of its current space (the outbox row's reference), once sent. */
  spaceChannelId: string | null;
  /** Whether its current space row exists at all (none: each member was welcomed by DM). */
  hasSpace: boolean;
}

export interface CircleFiguresRow {
  active: number;
  members: number;
  waiting: number;
}

/** Circles, their members and the waiting list (src/storage/repositories/circles.ts). */
export interface CircleRepository {
  /**
   * Takes the community's circle lock until the transaction ends: forming circles,
   * joining, leaving, welcoming and merging take turns, so nobody is placed twice.
   */
  lock(communityId: string): Promise<void>;

  /** Her waiting request, if she is on the list. */
  waitingOf(memberId: string): Promise<CircleRequest | null>;
  /** Null when she is already waiting (a unique index says so, even for a concurrent transaction). */
  createRequest(request: { communityId: string; memberId: string; createdAt: Date }): Promise<CircleRequest | null>;
  /** Closes their waiting requests as `placed` (in `circleId`) or `withdrawn`, in one statement; how many were waiting. */
  closeRequests(
    memberIds: readonly string[],
    status: 'placed' | 'withdrawn',
    at: Date,
    circleId?: string,
  ): Promise<number>;
  /** Everyone waiting in the community, the longest waiting first. */
  waiting(communityId: string): Promise<CircleRequest[]>;

  /** A new circle with these members (in this order), numbered after the community's last one. */
  create(circle: {
    communityId: string;
    language: Language;
    shared: Shared;
    startedAt: Date;
    memberIds: readonly string[];
  }): Promise<CircleWithMembers>;
  get(circleId: string): Promise<CircleWithMembers | null>;
  /** Her active circle. */
  activeOf(memberId: string): Promise<CircleWithMembers | null>;
  /** Active circles with fewer than `below` members. */
  shortCircles(communityId: string, below: number): Promise<CircleWithMembers[]>;
  /** Adds members (moving none: each must be in no circle, the unique index holds it). */
  addMembers(circleId: string, memberIds: readonly string[], at: Date): Promise<void>;
  /** She leaves; false when she was not in it. */
  removeMember(circleId: string, memberId: string, at: Date): Promise<boolean>;
  /** A new space revision (its members changed); returns the circle as it is now. */
  nextSpace(circleId: string): Promise<CircleWithMembers>;
  /** What they share, told again after its members changed. */
  setShared(circleId: string, shared: Shared): Promise<void>;
  close(circleId: string, reason: 'emptied' | 'merged', at: Date): Promise<void>;
  /** A member reported a meeting: the check-in clock restarts from `at`. */
  markMet(circleId: string, at: Date): Promise<void>;

  /** Every active circle of the community with its members and its space, for the check-ins (two queries). */
  checkInTargets(communityId: string): Promise<CircleCheckInTarget[]>;
  /** Counts; with `memberIds`, only circles holding one of them, members among them, and they waiting. */
  figures(communityId: string, memberIds?: readonly string[]): Promise<CircleFiguresRow>;
}

export interface CircleFigures {
  /** Active circles, the members in them now, and who waits for one. */
  circles: { active: number; members: number; waiting: number };
  /** Events, their participants (mentors aside), and the groups of published events. */
  events: { count: number; participants: number; groups: number };
}
