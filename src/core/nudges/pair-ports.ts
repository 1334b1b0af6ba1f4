import type { MentorshipRequest } from '../matching/ports.ts';

/** A pair with its clock: what the reminders, the silence message and the program's end stand on. */
export interface NudgedPair {
  id: string;
  communityId: string;
  menteeId: string;
  mentorId: string;
  status: 'active' | 'paused' | 'ended';
  startedAt: Date;
  endedAt: Date | null;
  lastMetAt: Date | null;
  silentCheckIns: number;
  extendedMonths: number;
  endReason: string | null;
}

/** A check-in as the reminders read it; `dueOn` is a calendar day, YYYY-MM-DD. */
export interface CheckInRow {
  id: string;
  pairId: string;
  dueOn: string;
  answer: 'met' | 'not_yet' | 'need_help' | null;
  answeredAt: Date | null;
}

export interface ProgramFeedback {
  pairId: string;
  memberId: string;
  rating: number;
  wentWell: string | null;
  wouldRecommend: boolean;
}

/**
 * What the nudges about pairs and requests read and change. Every change is guarded by
 * the state it expects (compare-and-set), so a repeated tick, a second instance or a
 * double click changes nothing more.
 */
export interface PairNudgeRepository {
  /**
   * Check-ins of active pairs nobody answered, due within `dueBetween` (days, inclusive), that are their pair's latest;
   * with `notQueuedUnder`, only those with no outbox row under `${notQueuedUnder}<check-in id>`.
   */
  unansweredLatestCheckIns(
    communityId: string,
    dueBetween: { from: string; to: string },
    notQueuedUnder?: string,
  ): Promise<(CheckInRow & { pair: NudgedPair })[]>;
  /** Check-ins of active pairs answered "not yet" within `answeredBetween`, with no meeting reported since. */
  notYetCheckIns(
    communityId: string,
    answeredBetween: { from: Date; to: Date },
  ): Promise<(CheckInRow & { pair: NudgedPair })[]>;
  /** Requests still pending, created within `createdBetween`, not expired at `now`. */
  waitingRequests(
    communityId: string,
    createdBetween: { from: Date; to: Date },
    now: Date,
  ): Promise<MentorshipRequest[]>;
  /**
   * Marks `expired` the pending or offered requests past due, in one guarded statement:
   * a request a concurrent action accepted or declined first is left alone. Returns their ids.
   */
  expireDue(communityId: string, now: Date): Promise<string[]>;
  /**
   * Requests that expired within `expiredBetween` whose mentee still looks for a mentor:
   * no active pair, and no newer request to the same mentor.
   */
  expiredToTell(communityId: string, expiredBetween: { from: Date; to: Date }): Promise<MentorshipRequest[]>;
  /** Active pairs with at least `silentAtLeast` silent check-ins in a row, each with the day its silence began. */
  silentPairs(communityId: string, silentAtLeast: number): Promise<(NudgedPair & { silentSince: string | null })[]>;
  /** Active pairs that started on or before `startedBy`. */
  activePairsStartedBy(communityId: string, startedBy: Date): Promise<NudgedPair[]>;

  getPair(id: string): Promise<NudgedPair | null>;
  /** Moves a pair from one of `from` to `to`; false when something moved it first. */
  setPairStatus(
    id: string,
    from: readonly NudgedPair['status'][],
    to: NudgedPair['status'],
    at: Date,
    endReason?: string,
  ): Promise<boolean>;
  /** Back from `paused` to `active`, unless the mentee has another active pair meanwhile. */
  resumePair(id: string): Promise<boolean>;
  /** Ends the silence streak of an active pair ("we're still in touch"). */
  resetSilence(id: string): Promise<boolean>;
  /** Adds `months` when the pair still has `expected` extended months (a second click adds nothing). */
  extendPair(id: string, expected: number, months: number): Promise<boolean>;
  /** False when she already gave her feedback for this pair. */
  saveFeedback(feedback: ProgramFeedback): Promise<boolean>;
  feedbackOf(pairId: string, memberId: string): Promise<ProgramFeedback | null>;
}
