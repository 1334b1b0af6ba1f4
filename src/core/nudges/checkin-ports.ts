import type { Community, Member } from '../community.ts';

export type CheckInAnswer = 'met' | 'not_yet' | 'need_help';
export const checkInAnswers = ['met', 'not_yet', 'need_help'] as const satisfies readonly CheckInAnswer[];

export interface CheckIn {
  id: string;
  pairId: string;
  /** 'YYYY-MM-DD'. */
  dueOn: string;
  answer: CheckInAnswer | null;
  answeredById: string | null;
  answeredAt: Date | null;
  takenById: string | null;
}

/** A pair as the check-ins see it. */
export interface CheckInPair {
  id: string;
  communityId: string;
  menteeId: string;
  mentorId: string;
  status: 'active' | 'paused' | 'ended';
}

/** The latest check-in of an active pair nobody answered, with who still has to get it. */
export interface OpenCheckIn {
  checkIn: CheckIn;
  pair: CheckInPair;
  mentee: Member;
  mentor: Member;
  /** Members whose DM of this check-in is already in the outbox. */
  queued: string[];
}

/** Check-ins, the pairs' clocks, and the members' nudge preferences (src/storage/repositories/nudges.ts). */
export interface NudgeRepository {
  /** Every community, for the scheduler's tick. */
  communities(): Promise<Community[]>;
  /**
   * Creates, in one statement, the check-in now due of every active pair of the community:
   * the latest day on the pair's period (`weeks` after its clock, the latest of its start,
   * last reported meeting and last check-in, taken as days in `timeZone`) that is not after
   * `today`. A pair whose previous check-in went unanswered gets one more silent check-in.
   * Doing it again, or on two instances at once, creates nothing more. Returns how many it created.
   */
  createDueCheckIns(community: { id: string; timeZone: string }, today: string, weeks: number): Promise<number>;
  /**
   * The latest check-in of each active pair of the community when unanswered, with its
   * members and which of them already have it queued under `${keyPrefix}<check-in id>:<member id>`;
   * only those one member still has to get (not queued, active, check-ins not turned off).
   * Only check-ins of the current period count (due after `today` minus `periodDays`): an
   * older one was either followed by a newer one or set aside by a reported meeting, and
   * leaving them out keeps a tick from reading every pair of a large community.
   */
  openCheckIns(communityId: string, keyPrefix: string, period: { today: string; days: number }): Promise<OpenCheckIn[]>;
  get(checkInId: string): Promise<(CheckIn & { pair: CheckInPair }) | null>;
  latestOf(pairId: string): Promise<CheckIn | null>;
  /** The check-in of that pair on that day, created unless it exists. */
  ensure(pairId: string, dueOn: string): Promise<CheckIn>;
  /** Stores the answer unless one is stored already (the first answer wins); true when this call stored it. */
  answer(checkInId: string, answer: CheckInAnswer, memberId: string, at: Date): Promise<boolean>;
  /** A moderator takes a "need help" unless another one did; true when this call took it. */
  take(checkInId: string, moderatorId: string): Promise<boolean>;
  /** They met: the pair's clock restarts from `at` and its silence is forgotten. */
  markMet(pairId: string, at: Date): Promise<void>;
  /** Someone answered: the pair is not silent. */
  resetSilence(pairId: string): Promise<void>;
  /** Her active pair, as mentee or as mentor (a mentor may have several: the oldest first). */
  activePairsOf(memberId: string): Promise<CheckInPair[]>;
}
