import type { CheckInRow, NudgedPair, PairNudgeRepository } from '../../core/nudges/pair-ports.ts';
import type { CheckIn as CheckInDbRow, Pair as PairRow } from '../generated/client.ts';
import type { Db } from './db.ts';
import { toRequest } from './matching.ts';

const toPair = (row: PairRow): NudgedPair => ({
  id: row.id,
  communityId: row.communityId,
  menteeId: row.menteeId,
  mentorId: row.mentorId,
  status: row.status,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  lastMetAt: row.lastMetAt,
  silentCheckIns: row.silentCheckIns,
  extendedMonths: row.extendedMonths,
  endReason: row.endReason,
});

/** A DATE column comes back as midnight UTC: its calendar day. */
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

const toCheckIn = (row: CheckInDbRow): CheckInRow => ({
  id: row.id,
  pairId: row.pairId,
  dueOn: dayOf(row.dueOn),
  answer: row.answer,
  answeredAt: row.answeredAt,
});

/** A check-in and its pair, read in raw SQL. */
interface RawCheckInWithPair {
  id: string;
  pair_id: string;
  due_on: string;
  answer: CheckInRow['answer'];
  answered_at: Date | null;
  community_id: string;
  mentee_id: string;
  mentor_id: string;
  status: NudgedPair['status'];
  started_at: Date;
  ended_at: Date | null;
  last_met_at: Date | null;
  silent_check_ins: number;
  extended_months: number;
  end_reason: string | null;
}

const checkInWithPairColumns = `c.id::text AS id, c.pair_id::text AS pair_id, c.due_on::text AS due_on, c.answer::text AS answer, c.answered_at,
  p.community_id::text AS community_id, p.mentee_id::text AS mentee_id, p.mentor_id::text AS mentor_id, p.status::text AS status,
  p.started_at, p.ended_at, p.last_met_at, p.silent_check_ins, p.extended_months, p.end_reason`;

const fromRaw = (r: RawCheckInWithPair): CheckInRow & { pair: NudgedPair } => ({
  id: r.id,
  pairId: r.pair_id,
  dueOn: r.due_on,
  answer: r.answer,
  answeredAt: r.answered_at ? new Date(r.answered_at) : null,
  pair: {
    id: r.pair_id,
    communityId: r.community_id,
    menteeId: r.mentee_id,
    mentorId: r.mentor_id,
    status: r.status,
    startedAt: new Date(r.started_at),
    endedAt: r.ended_at ? new Date(r.ended_at) : null,
    lastMetAt: r.last_met_at ? new Date(r.last_met_at) : null,
    silentCheckIns: Number(r.silent_check_ins),
    extendedMonths: Number(r.extended_months),
    endReason: r.end_reason,
  },
});

export function createPairNudgeRepository(db: Db): PairNudgeRepository {
  return {
    async unansweredLatestCheckIns(communityId, { from, to }, notQueuedUnder) {
      // One statement: the window on the due_on index, the pair's latest by its (pair, day)
      // index (a newer check-in supersedes the reminder: it asks the same question again),
      // and, when asked, an anti-join on the outbox so reminders already queued are not read back.
      const rows = await db.$queryRawUnsafe<RawCheckInWithPair[]>(
        `SELECT ${checkInWithPairColumns}
           FROM check_ins c JOIN pairs p ON p.id = c.pair_id
          WHERE c.answer IS NULL AND c.due_on BETWEEN $2::date AND $3::date
            AND p.community_id = $1::uuid AND p.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM check_ins newer WHERE newer.pair_id = c.pair_id AND newer.due_on > c.due_on)
            AND ($4::text IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.community_id = p.community_id AND o.key = $4::text || c.id))`,
        communityId,
        from,
        to,
        notQueuedUnder ?? null,
      );
      return rows.map(fromRaw);
    },
    async notYetCheckIns(communityId, { from, to }) {
      const rows = await db.checkIn.findMany({
        where: { answer: 'not_yet', answeredAt: { gte: from, lte: to }, pair: { communityId, status: 'active' } },
        include: { pair: true },
      });
      // A meeting reported after the answer: no need to ask again.
      return rows
        .filter((r) => !r.pair.lastMetAt || (r.answeredAt && r.pair.lastMetAt <= r.answeredAt))
        .map((r) => ({ ...toCheckIn(r), pair: toPair(r.pair) }));
    },
    async waitingRequests(communityId, { from, to }, now) {
      const rows = await db.mentorshipRequest.findMany({
        where: { communityId, status: 'pending', createdAt: { gte: from, lte: to }, expiresAt: { gt: now } },
      });
      return rows.map(toRequest);
    },
    async expireDue(communityId, now) {
      // One UPDATE whose WHERE PostgreSQL evaluates again on a row another transaction
      // changed meanwhile: a request accepted or declined first no longer matches.
      const rows = await db.mentorshipRequest.updateManyAndReturn({
        where: { communityId, status: { in: ['pending', 'offered'] }, expiresAt: { lte: now } },
        data: { status: 'expired', closedAt: now },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },
    async expiredToTell(communityId, { from, to }) {
      const rows = await db.mentorshipRequest.findMany({
        where: {
          communityId,
          status: 'expired',
          expiresAt: { gte: from, lte: to },
          mentee: { pairsAsMentee: { none: { status: 'active' } } },
        },
      });
      if (rows.length === 0) return [];
      const later = await db.mentorshipRequest.findMany({
        where: {
          menteeId: { in: rows.map((r) => r.menteeId) },
          createdAt: { gt: new Date(Math.min(...rows.map((r) => r.createdAt.getTime()))) },
        },
        select: { menteeId: true, mentorId: true, createdAt: true },
      });
      // She asked the same mentor again since: that request is her news, not this one.
      return rows
        .filter(
          (r) =>
            !later.some((l) => l.menteeId === r.menteeId && l.mentorId === r.mentorId && l.createdAt > r.createdAt),
        )
        .map(toRequest);
    },
    async silentPairs(communityId, silentAtLeast) {
      const rows = await db.pair.findMany({
        where: { communityId, status: 'active', silentCheckIns: { gte: silentAtLeast } },
        include: { checkIns: { orderBy: { dueOn: 'desc' }, select: { dueOn: true, answer: true }, take: 100 } },
      });
      return rows.map(({ checkIns, ...pair }) => {
        // The streak: the latest check-ins nobody answered, back to the first of them.
        let since: Date | null = null;
        for (const checkIn of checkIns) {
          if (checkIn.answer) break;
          since = checkIn.dueOn;
        }
        return { ...toPair(pair), silentSince: since ? dayOf(since) : null };
      });
    },
    async activePairsStartedBy(communityId, startedBy) {
      return (await db.pair.findMany({ where: { communityId, status: 'active', startedAt: { lte: startedBy } } })).map(
        toPair,
      );
    },
    async getPair(id) {
      const row = await db.pair.findUnique({ where: { id } });
      return row ? toPair(row) : null;
    },
    async setPairStatus(id, from, to, at, endReason) {
      const { count } = await db.pair.updateMany({
        where: { id, status: { in: [...from] } },
        data: { status: to, ...(to === 'ended' ? { endedAt: at, endReason: endReason ?? null } : {}) },
      });
      return count === 1;
    },
    async resumePair(id) {
      // Guarded by hand, so the one-active-pair index never raises (which would abort the transaction).
      const count = await db.$executeRawUnsafe(
        `UPDATE pairs SET status = 'active' WHERE id = $1::uuid AND status = 'paused'
           AND NOT EXISTS (SELECT 1 FROM pairs other WHERE other.mentee_id = pairs.mentee_id AND other.status = 'active')`,
        id,
      );
      return count === 1;
    },
    async resetSilence(id) {
      const { count } = await db.pair.updateMany({ where: { id, status: 'active' }, data: { silentCheckIns: 0 } });
      return count === 1;
    },
    async extendPair(id, expected, months) {
      const { count } = await db.pair.updateMany({
        where: { id, status: 'active', extendedMonths: expected },
        data: { extendedMonths: expected + months },
      });
      return count === 1;
    },
    async saveFeedback(feedback) {
      const { count } = await db.programFeedback.createMany({ data: [feedback], skipDuplicates: true });
      return count === 1;
    },
    async feedbackOf(pairId, memberId) {
      const row = await db.programFeedback.findUnique({ where: { pairId_memberId: { pairId, memberId } } });
      return row
        ? { pairId, memberId, rating: row.rating, wentWell: row.wentWell, wouldRecommend: row.wouldRecommend }
        : null;
    },
  };
}
