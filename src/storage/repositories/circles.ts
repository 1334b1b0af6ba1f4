import type { Shared } from '../../core/circles/formation.ts';
import type { Circle, CircleRepository, CircleRequest, CircleWithMembers } from '../../core/circles/ports.ts';
import { circleKeys } from '../../core/circles/keys.ts';
import type { Language } from '../../core/onboarding/questionnaire.ts';
import type { Circle as CircleRow, CircleRequest as RequestRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toRequest = (row: RequestRow): CircleRequest => ({
  id: row.id,
  communityId: row.communityId,
  memberId: row.memberId,
  status: row.status,
  circleId: row.circleId,
  createdAt: row.createdAt,
});

const noShared: Shared = { situation: null, place: null, remote: false, domains: [] };

const toCircle = (row: CircleRow): Circle => ({
  id: row.id,
  communityId: row.communityId,
  number: row.number,
  status: row.status,
  language: row.language as Language,
  shared: { ...noShared, ...(row.shared as Partial<Shared>) },
  spaceRevision: row.spaceRevision,
  startedAt: row.startedAt,
  lastMetAt: row.lastMetAt,
  closedAt: row.closedAt,
});

const withMembers = (row: CircleRow & { members: { memberId: string }[] }): CircleWithMembers => ({
  ...toCircle(row),
  memberIds: row.members.map((m) => m.memberId),
});

const activeMembers = {
  members: {
    where: { leftAt: null },
    orderBy: [{ joinedAt: 'asc' as const }, { id: 'asc' as const }],
    select: { memberId: true },
  },
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCircleRepository(db: Db): CircleRepository {
  const get = async (circleId: string) => {
    if (!uuid.test(circleId)) return null;
    const row = await db.circle.findUnique({ where: { id: circleId }, include: activeMembers });
    return row ? withMembers(row) : null;
  };

  return {
    async lock(communityId) {
      // A transaction-scoped advisory lock: held until commit or rollback, taken by every
      // change of the community's circles, never by a reader.
      await db.$executeRawUnsafe(
        `SELECT pg_advisory_xact_lock(hashtextextended('circles:' || $1::text, 0))`,
        communityId,
      );
    },

    async waitingOf(memberId) {
      const row = await db.circleRequest.findFirst({ where: { memberId, status: 'waiting' } });
      return row ? toRequest(row) : null;
    },
    async createRequest(request) {
      // ON CONFLICT DO NOTHING: a concurrent request makes this return nothing instead of
      // raising, which would abort the whole transaction on PostgreSQL.
      const [row] = await db.circleRequest.createManyAndReturn({ data: [request], skipDuplicates: true });
      return row ? toRequest(row) : null;
    },
    async closeRequests(memberIds, status, at, circleId) {
      if (memberIds.length === 0) return 0;
      const { count } = await db.circleRequest.updateMany({
        where: { memberId: { in: [...memberIds] }, status: 'waiting' },
        data: { status, closedAt: at, ...(circleId ? { circleId } : {}) },
      });
      return count;
    },
    async waiting(communityId) {
      const rows = await db.circleRequest.findMany({
        where: { communityId, status: 'waiting' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toRequest);
    },

    async create({ communityId, language, shared, startedAt, memberIds }) {
      // Numbered under the community's circle lock (see lock), so two circles never share one.
      const last = await db.circle.aggregate({ where: { communityId }, _max: { number: true } });
      const circle = await db.circle.create({
        data: { communityId, number: (last._max.number ?? 0) + 1, language, shared: shared as object, startedAt },
      });
      await db.circleMember.createMany({
        data: memberIds.map((memberId, i) => ({
          circleId: circle.id,
          memberId,
          joinedAt: new Date(startedAt.getTime() + i),
        })),
      });
      return { ...toCircle(circle), memberIds: [...memberIds] };
    },
    get,
    async activeOf(memberId) {
      const membership = await db.circleMember.findFirst({
        where: { memberId, leftAt: null },
        select: { circleId: true },
      });
      return membership ? get(membership.circleId) : null;
    },
    async shortCircles(communityId, below) {
      const rows = await db.circle.findMany({
        where: { communityId, status: 'active' },
        include: activeMembers,
        orderBy: { number: 'asc' },
      });
      return rows.map(withMembers).filter((c) => c.memberIds.length < below);
    },
    async addMembers(circleId, memberIds, at) {
      await db.circleMember.createMany({
        data: memberIds.map((memberId, i) => ({ circleId, memberId, joinedAt: new Date(at.getTime() + i) })),
      });
    },
    async removeMember(circleId, memberId, at) {
      const { count } = await db.circleMember.updateMany({
        where: { circleId, memberId, leftAt: null },
        data: { leftAt: at },
      });
      return count > 0;
    },
    async nextSpace(circleId) {
      const row = await db.circle.update({
        where: { id: circleId },
        data: { spaceRevision: { increment: 1 } },
        include: activeMembers,
      });
      return withMembers(row);
    },
    async setShared(circleId, shared) {
      await db.circle.update({ where: { id: circleId }, data: { shared: shared as object } });
    },
    async close(circleId, reason, at) {
      await db.circle.updateMany({
        where: { id: circleId, status: 'active' },
        data: { status: 'closed', closedAt: at, closedReason: reason },
      });
    },
    async markMet(circleId, at) {
      await db.circle.update({ where: { id: circleId }, data: { lastMetAt: at } });
    },

    async checkInTargets(communityId) {
      const rows = await db.circle.findMany({
        where: { communityId, status: 'active' },
        include: activeMembers,
        orderBy: { number: 'asc' },
      });
      if (rows.length === 0) return [];
      const keys = rows.map((row) => circleKeys.space(row.id, row.spaceRevision));
      // Where each current space went: the outbox row's reference, once sent.
      const spaces = await db.$queryRawUnsafe<{ key: string; channel_id: string | null }[]>(
        `SELECT key, platform_ref->>'channelId' AS channel_id FROM outbox_messages WHERE community_id = $1::uuid AND key = ANY($2::text[])`,
        communityId,
        keys,
      );
      const byKey = new Map(spaces.map((s) => [s.key, s.channel_id]));
      return rows.map((row, i) => ({
        circle: toCircle(row),
        memberIds: row.members.map((m) => m.memberId),
        hasSpace: byKey.has(keys[i] as string),
        spaceChannelId: byKey.get(keys[i] as string) ?? null,
      }));
    },

    async figures(communityId, memberIds) {
      const among = memberIds !== undefined;
      const ids = [...(memberIds ?? [])];
      const [row] = await db.$queryRawUnsafe<{ active: bigint; members: bigint; waiting: bigint }[]>(
        `SELECT
           (SELECT count(DISTINCT c.id) FROM circles c JOIN circle_members m ON m.circle_id = c.id AND m.left_at IS NULL
             WHERE c.community_id = $1::uuid AND c.status = 'active' AND (NOT $2::boolean OR m.member_id = ANY($3::uuid[]))) AS active,
           (SELECT count(*) FROM circles c JOIN circle_members m ON m.circle_id = c.id AND m.left_at IS NULL
             WHERE c.community_id = $1::uuid AND c.status = 'active' AND (NOT $2::boolean OR m.member_id = ANY($3::uuid[]))) AS members,
           (SELECT count(*) FROM circle_requests r
             WHERE r.community_id = $1::uuid AND r.status = 'waiting' AND (NOT $2::boolean OR r.member_id = ANY($3::uuid[]))) AS waiting`,
        communityId,
        among,
        ids,
      );
      return {
        active: Number(row?.active ?? 0),
        members: Number(row?.members ?? 0),
        waiting: Number(row?.waiting ?? 0),
      };
    },
  };
}
