import type { MatchingRepository, MentorshipRequest, Pair } from '../../core/matching/ports.ts';
import type { Member as MemberRow, MentorshipRequest as RequestRow, Pair as PairRow } from '../generated/client.ts';
import { memberColumns, toMember } from './members.ts';
import type { Db } from './db.ts';
import { createMatchingBulkReads } from './matching-bulk.ts';

export const toRequest = (row: RequestRow): MentorshipRequest => ({
  id: row.id,
  communityId: row.communityId,
  menteeId: row.menteeId,
  mentorId: row.mentorId,
  status: row.status,
  message: row.message,
  volunteered: row.volunteered,
  declineReason: row.declineReason,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
});

const toPair = (row: PairRow): Pair => ({
  id: row.id,
  communityId: row.communityId,
  menteeId: row.menteeId,
  mentorId: row.mentorId,
  requestId: row.requestId,
  status: row.status,
  startedAt: row.startedAt,
});

const open = (now: Date) => ({ status: { in: ['pending' as const, 'offered' as const] }, expiresAt: { gt: now } });

/** Featured suggestions per INSERT when a round is saved. */
const featuredChunk = 5_000;

export function createMatchingRepository(db: Db): MatchingRepository {
  return {
    ...createMatchingBulkReads(db),
    async excludedFor(menteeId) {
      const rows = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT mentor_id::text AS id FROM pairs WHERE mentee_id = $1::uuid
         UNION SELECT mentor_id::text FROM mentorship_requests WHERE mentee_id = $1::uuid AND status = 'declined'
         UNION SELECT blocked_id::text FROM blocks WHERE blocker_id = $1::uuid
         UNION SELECT blocker_id::text FROM blocks WHERE blocked_id = $1::uuid`,
        menteeId,
      );
      return new Set(rows.map((r) => r.id));
    },
    async lockMembers(memberIds) {
      // Always in id order, so two transactions locking the same members cannot deadlock:
      // the rows are sorted before they are locked (PostgreSQL locks them as they come out
      // of the sort). One statement, and the rows it locked come back with it.
      const rows = await db.$queryRawUnsafe<MemberRow[]>(
        `SELECT ${memberColumns('m')} FROM members m WHERE m.id = ANY($1::uuid[]) ORDER BY m.id FOR UPDATE OF m`,
        [...new Set(memberIds)],
      );
      return rows.map(toMember);
    },
    async createRequest(request) {
      // ON CONFLICT DO NOTHING: a concurrent open request makes this return nothing
      // instead of raising, which would abort the whole transaction on PostgreSQL.
      const [row] = await db.mentorshipRequest.createManyAndReturn({ data: [request], skipDuplicates: true });
      return row ? toRequest(row) : null;
    },
    async expireStale(menteeId, mentorId, now) {
      const { count } = await db.mentorshipRequest.updateMany({
        where: { menteeId, mentorId, status: { in: ['pending', 'offered'] }, expiresAt: { lte: now } },
        data: { status: 'expired', closedAt: now },
      });
      return count;
    },
    async getRequest(id) {
      const row = await db.mentorshipRequest.findUnique({ where: { id } });
      return row ? toRequest(row) : null;
    },
    async openRequestsOf(menteeId, now) {
      return (
        await db.mentorshipRequest.findMany({ where: { menteeId, ...open(now) }, orderBy: { createdAt: 'asc' } })
      ).map(toRequest);
    },
    async openRequestsTo(mentorId, now) {
      return (
        await db.mentorshipRequest.findMany({ where: { mentorId, ...open(now) }, orderBy: { createdAt: 'asc' } })
      ).map(toRequest);
    },
    async transition(id, from, to, at, extra = {}) {
      const stamp =
        to === 'offered' || to === 'declined'
          ? { answeredAt: at }
          : to === 'accepted' || to === 'cancelled' || to === 'expired'
            ? { closedAt: at }
            : {};
      const { count } = await db.mentorshipRequest.updateMany({
        where: { id, status: { in: [...from] } },
        data: {
          status: to,
          ...stamp,
          ...(extra.declineReason !== undefined ? { declineReason: extra.declineReason } : {}),
        },
      });
      return count === 1;
    },
    async createPair(pair) {
      const [row] = await db.pair.createManyAndReturn({ data: [pair], skipDuplicates: true });
      return row ? toPair(row) : null;
    },
    async activePairOf(menteeId) {
      const row = await db.pair.findFirst({ where: { menteeId, status: 'active' } });
      return row ? toPair(row) : null;
    },
    async pairForRequest(requestId) {
      const row = await db.pair.findUnique({ where: { requestId } });
      return row ? toPair(row) : null;
    },
    async activePairCount(mentorId) {
      return db.pair.count({ where: { mentorId, status: 'active' } });
    },
    async block(blockerId, blockedId) {
      await db.block.createMany({ data: [{ blockerId, blockedId }], skipDuplicates: true });
    },
    async lockRounds(communityId) {
      await db.$queryRawUnsafe(
        `SELECT pg_advisory_xact_lock(hashtextextended('cohort-round:' || $1, 0))::text AS locked`,
        communityId,
      );
    },
    async latestRound(communityId) {
      const round = await db.cohortRound.findFirst({
        where: { communityId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      if (!round) return null;
      const summary = round.summary as Record<string, unknown>;
      const featured =
        summary.state === 'writing'
          ? await db.featuredSuggestion.findMany({
              where: { roundId: round.id },
              select: { menteeId: true, mentorId: true },
            })
          : [];
      return { id: round.id, summary, featured: new Map(featured.map((f) => [f.menteeId, f.mentorId])) };
    },
    async saveRound({ communityId, startedById, summary, featured }) {
      const round = await db.cohortRound.create({ data: { communityId, startedById, summary } });
      for (let start = 0; start < featured.length; start += featuredChunk) {
        // One JSON parameter per chunk: Prisma's createMany binds four per row, and is slow at thousands.
        await db.$executeRawUnsafe(
          `INSERT INTO featured_suggestions (round_id, mentee_id, mentor_id, score)
           SELECT $1::uuid, r."menteeId", r."mentorId", r.score FROM jsonb_to_recordset($2::jsonb) AS r("menteeId" uuid, "mentorId" uuid, score float8)`,
          round.id,
          JSON.stringify(featured.slice(start, start + featuredChunk)),
        );
      }
      return round.id;
    },
    async finishRound(roundId, summary) {
      const count = await db.$executeRawUnsafe(
        `UPDATE cohort_rounds SET summary = $2::jsonb WHERE id = $1::uuid AND summary->>'state' = 'writing'`,
        roundId,
        JSON.stringify(summary),
      );
      return count === 1;
    },
  };
}
