import type { CommunityEvent, EventParticipant, EventRepository } from '../../core/events/ports.ts';
import type { CommunityEvent as EventRow, EventParticipant as ParticipantRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toEvent = (row: EventRow): CommunityEvent => ({
  id: row.id,
  communityId: row.communityId,
  name: row.name,
  startsAt: row.startsAt,
  status: row.status,
  createdById: row.createdById,
  announcedAt: row.announcedAt,
  publishedAt: row.publishedAt,
  createdAt: row.createdAt,
});

const toParticipant = (row: ParticipantRow): EventParticipant => ({
  eventId: row.eventId,
  memberId: row.memberId,
  mentor: row.mentor,
  groupNumber: row.groupNumber,
  via: row.via === 'button' ? 'button' : 'admin',
  registeredAt: row.registeredAt,
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createEventRepository(db: Db): EventRepository {
  return {
    async create(event) {
      return toEvent(await db.communityEvent.create({ data: event }));
    },
    async get(id) {
      // An id from an old button may be anything: not a uuid is "not found", not a database error.
      if (!uuid.test(id)) return null;
      const row = await db.communityEvent.findUnique({ where: { id } });
      return row ? toEvent(row) : null;
    },
    async lock(id) {
      if (!uuid.test(id)) return null;
      const locked = await db.$queryRawUnsafe<{ id: string }[]>(
        'SELECT id::text AS id FROM events WHERE id = $1::uuid FOR UPDATE',
        id,
      );
      if (locked.length === 0) return null;
      return toEvent(await db.communityEvent.findUniqueOrThrow({ where: { id } }));
    },
    async list(communityId, now, limit) {
      const [coming, past] = await Promise.all([
        db.communityEvent.findMany({
          where: { communityId, startsAt: { gte: now } },
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          take: limit,
        }),
        db.communityEvent.findMany({
          where: { communityId, startsAt: { lt: now } },
          orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
          take: limit,
        }),
      ]);
      return [...coming, ...past].slice(0, limit).map(toEvent);
    },
    async register(eventId, memberIds, { mentor, via, at }) {
      if (memberIds.length === 0) return 0;
      const ids = [...new Set(memberIds)];
      // One statement for everyone: new rows inserted, and (tagging mentors) existing ones made mentors.
      const [row] = await db.$queryRawUnsafe<{ added: bigint }[]>(
        `WITH input AS (SELECT unnest($2::uuid[]) AS member_id),
              tagged AS (
                UPDATE event_participants p SET mentor = true
                 WHERE $3::boolean AND p.event_id = $1::uuid AND p.member_id IN (SELECT member_id FROM input) AND NOT p.mentor
                 RETURNING p.member_id),
              added AS (
                INSERT INTO event_participants (event_id, member_id, mentor, via, registered_at)
                SELECT $1::uuid, member_id, $3::boolean, $4::text, $5::timestamptz FROM input
                ON CONFLICT (event_id, member_id) DO NOTHING
                RETURNING member_id)
         SELECT (SELECT count(*) FROM added) + 0 * (SELECT count(*) FROM tagged) AS added`,
        eventId,
        ids,
        mentor,
        via,
        at,
      );
      return Number(row?.added ?? 0);
    },
    async unregister(eventId, memberId) {
      const { count } = await db.eventParticipant.deleteMany({ where: { eventId, memberId } });
      return count > 0;
    },
    async participants(eventId) {
      const rows = await db.eventParticipant.findMany({
        where: { eventId },
        orderBy: [{ registeredAt: 'asc' }, { memberId: 'asc' }],
      });
      return rows.map(toParticipant);
    },
    async participant(eventId, memberId) {
      const row = await db.eventParticipant.findUnique({ where: { eventId_memberId: { eventId, memberId } } });
      return row ? toParticipant(row) : null;
    },
    async setGroups(eventId, groups) {
      const assignments = [...groups.entries()].map(([member_id, group_number]) => ({ member_id, group_number }));
      // One statement, whatever the number of participants: a proposal of 1,000 people is one round trip.
      await db.$executeRawUnsafe(
        `UPDATE event_participants p SET group_number = g.group_number
           FROM (SELECT p2.member_id, a.group_number
                   FROM event_participants p2
                   LEFT JOIN jsonb_to_recordset($2::jsonb) AS a(member_id uuid, group_number int) ON a.member_id = p2.member_id
                  WHERE p2.event_id = $1::uuid) g
          WHERE p.event_id = $1::uuid AND p.member_id = g.member_id AND p.group_number IS DISTINCT FROM g.group_number`,
        eventId,
        JSON.stringify(assignments),
      );
    },
    async markAnnounced(id, at) {
      await db.communityEvent.update({ where: { id }, data: { announcedAt: at } });
    },
    async markPublished(id, at) {
      const { count } = await db.communityEvent.updateMany({
        where: { id, status: 'open' },
        data: { status: 'published', publishedAt: at },
      });
      return count === 1;
    },
    async upcomingOf(memberId, now) {
      // The day of an event counts as to come until its end (a day after its start).
      const since = new Date(now.getTime() - 24 * 60 * 60_000);
      const rows = await db.eventParticipant.findMany({
        where: { memberId, event: { startsAt: { gte: since } } },
        include: { event: true },
        orderBy: { event: { startsAt: 'asc' } },
      });
      return rows.map((row) => ({
        ...toEvent(row.event),
        mentor: row.mentor,
        groupNumber: row.event.status === 'published' ? row.groupNumber : null,
      }));
    },
    async figures(communityId, memberIds) {
      const among = memberIds !== undefined;
      const ids = [...(memberIds ?? [])];
      const [row] = await db.$queryRawUnsafe<{ count: bigint; participants: bigint; groups: bigint }[]>(
        `SELECT
           (SELECT count(DISTINCT e.id) FROM events e
             WHERE e.community_id = $1::uuid
               AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.member_id = ANY($3::uuid[])))) AS count,
           (SELECT count(*) FROM events e JOIN event_participants p ON p.event_id = e.id
             WHERE e.community_id = $1::uuid AND NOT p.mentor AND (NOT $2::boolean OR p.member_id = ANY($3::uuid[]))) AS participants,
           (SELECT count(DISTINCT (e.id, p.group_number)) FROM events e JOIN event_participants p ON p.event_id = e.id
             WHERE e.community_id = $1::uuid AND e.status = 'published' AND p.group_number IS NOT NULL
               AND (NOT $2::boolean OR p.member_id = ANY($3::uuid[]))) AS groups`,
        communityId,
        among,
        ids,
      );
      return {
        count: Number(row?.count ?? 0),
        participants: Number(row?.participants ?? 0),
        groups: Number(row?.groups ?? 0),
      };
    },
  };
}
