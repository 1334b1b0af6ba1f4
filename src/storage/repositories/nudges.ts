import type { Member } from '../../core/community.ts';
import { isNudgeKind } from '../../core/nudges/kinds.ts';
import type {
  CheckIn,
  CheckInAnswer,
  CheckInPair,
  NudgeRepository,
  OpenCheckIn,
} from '../../core/nudges/checkin-ports.ts';
import { resolveLocale } from '../../i18n/index.ts';
import { toCommunity } from './communities.ts';
import type { Db } from './db.ts';

interface CheckInRow {
  id: string;
  pair_id: string;
  due_on: string;
  answer: CheckInAnswer | null;
  answered_by_id: string | null;
  answered_at: Date | null;
  taken_by_id: string | null;
}

const checkInColumns = `c.id::text AS id, c.pair_id::text AS pair_id, c.due_on::text AS due_on, c.answer::text AS answer,
  c.answered_by_id::text AS answered_by_id, c.answered_at, c.taken_by_id::text AS taken_by_id`;

const toCheckIn = (row: CheckInRow): CheckIn => ({
  id: row.id,
  pairId: row.pair_id,
  dueOn: row.due_on,
  answer: row.answer,
  answeredById: row.answered_by_id,
  answeredAt: row.answered_at ? new Date(row.answered_at) : null,
  takenById: row.taken_by_id,
});

interface PairRow {
  pair_id: string;
  community_id: string;
  mentee_id: string;
  mentor_id: string;
  pair_status: CheckInPair['status'];
}

const pairColumns = `p.id::text AS pair_id, p.community_id::text AS community_id, p.mentee_id::text AS mentee_id,
  p.mentor_id::text AS mentor_id, p.status::text AS pair_status`;

const toPair = (row: PairRow): CheckInPair => ({
  id: row.pair_id,
  communityId: row.community_id,
  menteeId: row.mentee_id,
  mentorId: row.mentor_id,
  status: row.pair_status,
});

/** A member's columns under a prefix (`mentee_`, `mentor_`), as one JSON object. */
const memberJson = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'communityId', ${alias}.community_id, 'externalUserId', ${alias}.external_user_id,
    'displayName', ${alias}.display_name, 'locale', ${alias}.locale, 'timeZone', ${alias}.time_zone, 'status', ${alias}.status,
    'quietFrom', ${alias}.quiet_from, 'quietTo', ${alias}.quiet_to, 'snoozedUntil', ${alias}.snoozed_until, 'nudgeOptOut', ${alias}.nudge_opt_out)`;

type MemberJson = Omit<Member, 'locale' | 'snoozedUntil' | 'nudgeOptOut'> & {
  locale: string | null;
  snoozedUntil: string | null;
  nudgeOptOut: string[] | null;
};

const toMember = (json: MemberJson): Member => ({
  ...json,
  locale: json.locale ? resolveLocale(json.locale) : null,
  snoozedUntil: json.snoozedUntil ? new Date(json.snoozedUntil) : null,
  nudgeOptOut: (json.nudgeOptOut ?? []).filter(isNudgeKind),
});

/** The latest check-in of pair `p`: one backward step on the (pair_id, due_on) index. */
const latestCheckIn = `LATERAL (SELECT c.* FROM check_ins c WHERE c.pair_id = p.id ORDER BY c.due_on DESC LIMIT 1)`;

/**
 * Member `alias` of the pair still has to get check-in `c`: her DM is not queued yet, and
 * she is active and did not turn check-ins off. Filtering here, in the database, keeps
 * each tick from reading back every pair whose check-in went out already.
 */
const stillToAsk = (alias: string, memberId: string) =>
  `(${alias}.status::text = 'active' AND NOT ('checkin' = ANY(coalesce(${alias}.nudge_opt_out, '{}')))
    AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.community_id = p.community_id AND o.key = $2 || c.id || ':' || ${memberId}))`;

export function createNudgeRepository(db: Db): NudgeRepository {
  return {
    async communities() {
      return (await db.community.findMany({ orderBy: { id: 'asc' } })).map(toCommunity);
    },

    async createDueCheckIns(community, today, weeks) {
      // One statement for the whole community: the clock of each pair, the latest day on
      // its period not after today, the rows (a unique (pair, day) makes a second run or a
      // second instance insert nothing), and one more silent check-in for the pairs whose
      // previous one nobody answered and who reported no meeting since.
      const period = weeks * 7;
      const created = await db.$queryRawUnsafe<{ count: number }[]>(
        `WITH clock AS (
           SELECT p.id,
                  GREATEST((p.started_at AT TIME ZONE $2)::date, (p.last_met_at AT TIME ZONE $2)::date, last.due_on) AS since
             FROM pairs p LEFT JOIN ${latestCheckIn} last ON true
            WHERE p.community_id = $1::uuid AND p.status = 'active'
              -- Exact, and read before the latest check-in: a pair started or met within the
              -- period is not due, whatever its check-ins.
              AND (p.started_at AT TIME ZONE $2)::date <= $3::date - $4::int
              AND (p.last_met_at IS NULL OR (p.last_met_at AT TIME ZONE $2)::date <= $3::date - $4::int)
         ), due AS (
           SELECT id, since + ($4::int * ((($3::date - since) / $4::int))) AS due_on
             FROM clock WHERE $3::date - since >= $4::int
         ), inserted AS (
           INSERT INTO check_ins (id, pair_id, due_on)
           SELECT gen_random_uuid(), id, due_on FROM due
           ON CONFLICT (pair_id, due_on) DO NOTHING
           RETURNING pair_id
         ), silenced AS (
           -- Joined to the inserted rows alone (by the primary key), the silence read again
           -- from the statement's snapshot (which does not see the new row): a join of two
           -- CTEs, which have no statistics, would be planned as a nested loop, n² rows.
           UPDATE pairs SET silent_check_ins = pairs.silent_check_ins + 1
             FROM inserted
            WHERE pairs.id = inserted.pair_id
              AND EXISTS (SELECT 1 FROM check_ins last
                           WHERE last.pair_id = pairs.id AND last.answer IS NULL
                             AND (pairs.last_met_at IS NULL OR (pairs.last_met_at AT TIME ZONE $2)::date < last.due_on)
                             AND last.due_on = (SELECT max(c.due_on) FROM check_ins c WHERE c.pair_id = pairs.id))
           RETURNING pairs.id
         )
         SELECT (SELECT count(*) FROM inserted)::int AS count, (SELECT count(*) FROM silenced)::int AS silenced`,
        community.id,
        community.timeZone,
        today,
        period,
      );
      return Number(created[0]?.count ?? 0);
    },

    async openCheckIns(communityId, keyPrefix, period) {
      const rows = await db.$queryRawUnsafe<
        (CheckInRow &
          PairRow & { mentee: MemberJson; mentor: MemberJson; mentee_queued: boolean; mentor_queued: boolean })[]
      >(
        `SELECT ${checkInColumns}, ${pairColumns}, ${memberJson('me')} AS mentee, ${memberJson('mr')} AS mentor,
                EXISTS (SELECT 1 FROM outbox_messages o WHERE o.community_id = p.community_id AND o.key = $2 || c.id || ':' || p.mentee_id) AS mentee_queued,
                EXISTS (SELECT 1 FROM outbox_messages o WHERE o.community_id = p.community_id AND o.key = $2 || c.id || ':' || p.mentor_id) AS mentor_queued
           FROM check_ins c
           JOIN pairs p ON p.id = c.pair_id
           JOIN members me ON me.id = p.mentee_id
           JOIN members mr ON mr.id = p.mentor_id
          -- From this period's check-ins (the due_on index), not from every pair.
          WHERE c.due_on > $3::date - $4::int AND c.answer IS NULL
            AND p.community_id = $1::uuid AND p.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM check_ins newer WHERE newer.pair_id = c.pair_id AND newer.due_on > c.due_on)
            AND (${stillToAsk('me', 'p.mentee_id')} OR ${stillToAsk('mr', 'p.mentor_id')})`,
        communityId,
        keyPrefix,
        period.today,
        period.days,
      );
      return rows.map((row): OpenCheckIn => ({
        checkIn: toCheckIn(row),
        pair: toPair(row),
        mentee: toMember(row.mentee),
        mentor: toMember(row.mentor),
        queued: [...(row.mentee_queued ? [row.mentee_id] : []), ...(row.mentor_queued ? [row.mentor_id] : [])],
      }));
    },

    async get(checkInId) {
      const [row] = await db.$queryRawUnsafe<(CheckInRow & PairRow)[]>(
        `SELECT ${checkInColumns}, ${pairColumns} FROM check_ins c JOIN pairs p ON p.id = c.pair_id WHERE c.id = $1::uuid`,
        checkInId,
      );
      return row ? { ...toCheckIn(row), pair: toPair(row) } : null;
    },

    async latestOf(pairId) {
      const [row] = await db.$queryRawUnsafe<CheckInRow[]>(
        `SELECT ${checkInColumns} FROM check_ins c WHERE c.pair_id = $1::uuid ORDER BY c.due_on DESC LIMIT 1`,
        pairId,
      );
      return row ? toCheckIn(row) : null;
    },

    async ensure(pairId, dueOn) {
      await db.$executeRawUnsafe(
        `INSERT INTO check_ins (id, pair_id, due_on) VALUES (gen_random_uuid(), $1::uuid, $2::date) ON CONFLICT (pair_id, due_on) DO NOTHING`,
        pairId,
        dueOn,
      );
      const [row] = await db.$queryRawUnsafe<CheckInRow[]>(
        `SELECT ${checkInColumns} FROM check_ins c WHERE c.pair_id = $1::uuid AND c.due_on = $2::date`,
        pairId,
        dueOn,
      );
      return toCheckIn(row as CheckInRow);
    },

    async answer(checkInId, answer, memberId, at) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, answer: null },
        data: { answer, answeredById: memberId, answeredAt: at },
      });
      return count === 1;
    },

    async take(checkInId, moderatorId) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, takenById: null },
        data: { takenById: moderatorId },
      });
      return count === 1;
    },

    async markMet(pairId, at) {
      await db.pair.update({ where: { id: pairId }, data: { lastMetAt: at, silentCheckIns: 0 } });
    },

    async resetSilence(pairId) {
      await db.pair.updateMany({ where: { id: pairId, silentCheckIns: { not: 0 } }, data: { silentCheckIns: 0 } });
    },

    async activePairsOf(memberId) {
      const rows = await db.pair.findMany({
        where: { status: 'active', OR: [{ menteeId: memberId }, { mentorId: memberId }] },
        orderBy: { startedAt: 'asc' },
      });
      return rows.map((p) => ({
        id: p.id,
        communityId: p.communityId,
        menteeId: p.menteeId,
        mentorId: p.mentorId,
        status: p.status,
      }));
    },
  };
}
