import type { MatchingRepository, MentorshipRequest, Pair } from '../../core/matching/ports.ts';
import type { MentorshipRequest as RequestRow, Pair as PairRow } from '../generated/client.ts';
import type { Db } from './db.ts';
import { toProfile } from './profiles.ts';

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

export function createMatchingRepository(db: Db): MatchingRepository {
  return {
    async mentors(communityId) {
      const [profiles, loads] = await Promise.all([
        db.profile.findMany({
          where: { communityId, role: { in: ['mentor', 'both'] }, completedAt: { not: null }, member: { status: 'active' } },
          // A stable order: ties between equal suggestions are broken by it.
          orderBy: { memberId: 'asc' },
        }),
        db.pair.groupBy({ by: ['mentorId'], where: { communityId, status: 'active' }, _count: { _all: true } }),
      ]);
      const active = new Map(loads.map((l) => [l.mentorId, l._count._all]));
      return profiles.map((row) => ({ profile: toProfile(row), active: active.get(row.memberId) ?? 0 }));
    },
    async waitingMentees(communityId) {
      const rows = await db.profile.findMany({
        where: {
          communityId,
          role: { in: ['mentee', 'both'] },
          completedAt: { not: null },
          member: { status: 'active', pairsAsMentee: { none: { status: 'active' } } },
        },
        orderBy: { completedAt: 'asc' },
      });
      return rows.map(toProfile);
    },
    async excludedFor(menteeId) {
      const [pairs, declined, blocks] = await Promise.all([
        db.pair.findMany({ where: { menteeId }, select: { mentorId: true } }),
        db.mentorshipRequest.findMany({ where: { menteeId, status: 'declined' }, select: { mentorId: true } }),
        db.block.findMany({ where: { OR: [{ blockerId: menteeId }, { blockedId: menteeId }] } }),
      ]);
      return new Set([
        ...pairs.map((p) => p.mentorId),
        ...declined.map((r) => r.mentorId),
        ...blocks.map((b) => (b.blockerId === menteeId ? b.blockedId : b.blockerId)),
      ]);
    },
    async exclusions(communityId) {
      const [pairs, declined, blocks] = await Promise.all([
        db.pair.findMany({ where: { communityId }, select: { menteeId: true, mentorId: true } }),
        db.mentorshipRequest.findMany({ where: { communityId, status: 'declined' }, select: { menteeId: true, mentorId: true } }),
        db.block.findMany({ where: { blocker: { communityId } } }),
      ]);
      const map = new Map<string, Set<string>>();
      const add = (menteeId: string, mentorId: string) => {
        let set = map.get(menteeId);
        if (!set) map.set(menteeId, (set = new Set()));
        set.add(mentorId);
      };
      for (const p of [...pairs, ...declined]) add(p.menteeId, p.mentorId);
      for (const b of blocks) {
        add(b.blockerId, b.blockedId);
        add(b.blockedId, b.blockerId);
      }
      return map;
    },
    async lockMembers(memberIds) {
      // Always in id order, so two transactions locking the same members cannot deadlock.
      for (const id of [...new Set(memberIds)].sort()) {
        await db.$queryRawUnsafe('SELECT id FROM members WHERE id = $1::uuid FOR UPDATE', id);
      }
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
      return (await db.mentorshipRequest.findMany({ where: { menteeId, ...open(now) }, orderBy: { createdAt: 'asc' } })).map(toRequest);
    },
    async openRequestsTo(mentorId, now) {
      return (await db.mentorshipRequest.findMany({ where: { mentorId, ...open(now) }, orderBy: { createdAt: 'asc' } })).map(toRequest);
    },
    async transition(id, from, to, at, extra = {}) {
      const stamp = to === 'offered' || to === 'declined' ? { answeredAt: at } : to === 'accepted' || to === 'cancelled' || to === 'expired' ? { closedAt: at } : {};
      const { count } = await db.mentorshipRequest.updateMany({
        where: { id, status: { in: [...from] } },
        data: { status: to, ...stamp, ...(extra.declineReason !== undefined ? { declineReason: extra.declineReason } : {}) },
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
    async saveRound({ communityId, startedById, summary, featured }) {
      const round = await db.cohortRound.create({ data: { communityId, startedById, summary } });
      if (featured.length > 0) await db.featuredSuggestion.createMany({ data: featured.map((f) => ({ roundId: round.id, ...f })) });
      return round.id;
    },
  };
}
