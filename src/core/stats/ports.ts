import type { CircleFigures } from '../circles/ports.ts';
import type { MemberStatus } from '../community.ts';
import type { Role, Situation } from '../onboarding/questionnaire.ts';
import type { Month, Period, PeriodWindow } from './period.ts';

export type { Month } from './period.ts';

/**
 * The members of one region (src/core/regions: those whose profile's region is its name or
 * one of its other names). Requests, pairs and check-ins follow their mentee into it;
 * published posts their author.
 */
export interface RegionScope {
  memberIds: readonly string[];
}

export interface StatsQuery {
  communityId: string;
  /** The period: flows (requests sent, pairs started, check-ins due…) counted from `from` (null: since the start) to `to` (excluded). */
  from: Date | null;
  to: Date;
  /** The same period as local days, for the DATE columns (check-ins due, posts published). */
  fromDay: string | null;
  toDay: string;
  /** Now: what is open, expired or waiting is judged at this moment. */
  now: Date;
  /** The chart's months, oldest first; its first local day, as an instant and as a day; the zone months are cut in. */
  months: Month[];
  chartFrom: Date;
  chartFromDay: string;
  timeZone: string;
  region: RegionScope | null;
}

export interface StatsFigures {
  /** Members who completed the questionnaire (left members only in `byStatus.left`). */
  members: {
    /** Active or paused. */
    current: number;
    byStatus: Record<MemberStatus, number>;
    /** Current members by the role they chose. */
    byRole: Record<Role, number>;
    /** Current members by situation; `unknown` when the answer is missing. */
    bySituation: Record<Situation | 'unknown', number>;
    /** Completed the questionnaire within the period. */
    joined: number;
  };
  /** Mentees (or both) who are active and have no pair (active or paused) now. */
  waiting: {
    mentees: number;
    /** Median days since each started waiting (profile completed, or her last pair ended); null when none wait. */
    medianDays: number | null;
  };
  /** Requests created within the period, by what became of them. */
  requests: {
    sent: number;
    offered: number;
    accepted: number;
    declined: number;
    expired: number;
    cancelled: number;
    open: number;
  };
  pairs: {
    /** Now. */
    active: number;
    paused: number;
    /** Within the period. */
    started: number;
    ended: number;
  };
  /** Check-ins due within the period, by their answer (one per pair and due day). */
  checkIns: { due: number; met: number; notYet: number; needHelp: number };
  /** One entry per month of the chart, oldest first, zero-filled. */
  months: { month: Month; members: number; pairs: number; posts: number }[];
}

export interface StatsRepository {
  /** Every figure of `stats` from the database, in one statement (one snapshot). */
  figures(query: StatsQuery): Promise<StatsFigures>;
}

/** Everything `stats` shows, read once: the message and the chart are both drawn from it. */
export interface StatsReport {
  period: Period;
  window: PeriodWindow;
  /** The region asked for, and the members it holds. */
  region: { id: string; label: string; memberIds: string[] } | null;
  figures: StatsFigures;
  circles: CircleFigures;
  now: Date;
}
