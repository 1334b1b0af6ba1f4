import type { MemberStatus } from '../../core/community.ts';
import { roles, situations, type Role, type Situation } from '../../core/onboarding/questionnaire.ts';
import type { RegionScope, StatsFigures, StatsQuery, StatsRepository } from '../../core/stats/ports.ts';
import type { Db } from './db.ts';

/** Counts as SQL gives them back inside json_build_object: numbers, or absent keys for zero groups. */
interface Row {
  members: { current: number; active: number; paused: number; left: number; joined: number };
  byRole: Record<string, number>;
  bySituation: Record<string, number>;
  waiting: { mentees: number; medianSeconds: number | null };
  requests: StatsFigures['requests'];
  pairs: StatsFigures['pairs'];
  checkIns: StatsFigures['checkIns'];
  months: { members: Record<string, number>; pairs: Record<string, number>; posts: Record<string, number> };
}

/** The start of time for a period "since the start": earlier than any row. */
const origin = { instant: new Date('1970-01-01T00:00:00Z'), day: '1970-01-01' };

/** The members a region holds, as a condition on the member `m` (parameter $10). */
const regionCondition = (region: RegionScope | null) => (region ? 'AND m.id = ANY($10::uuid[])' : '');

/**
 * Every figure in one statement, so they all read one snapshot of the database and the
 * message and the chart built from them agree. $1 community, $2-$3 the period's instants,
 * $4 now, $5 the time zone months are cut in, $6 the chart's first instant, $7-$9 the
 * period's and the chart's first local days (DATE columns), $10 the region when filtered.
 */
function statement(region: RegionScope | null): string {
  // Requests, pairs and check-ins follow their mentee into the region; posts their author.
  const inRegion = (column: string) => (region ? `AND ${column} IN (SELECT id FROM scope)` : '');
  const perMonth = (column: string, from: string, source: string) =>
    `(SELECT coalesce(json_object_agg(month, n), '{}'::json) FROM (SELECT ${column} AS month, count(*) AS n FROM ${source} AND ${from} GROUP BY 1) g)`;
  return `
    WITH scope AS (
      SELECT m.id, m.status::text AS status, p.role::text AS role, p.answers->>'situation' AS situation, p.completed_at
        FROM profiles p JOIN members m ON m.id = p.member_id
       WHERE p.community_id = $1::uuid AND p.completed_at IS NOT NULL ${regionCondition(region)}
    ),
    -- Each mentee's pairs in one pass: whether she has one now, and when her last one ended.
    mentee_pairs AS (
      SELECT x.mentee_id, max(x.ended_at) AS last_ended, bool_or(x.status IN ('active', 'paused')) AS paired
        FROM pairs x WHERE x.community_id = $1::uuid GROUP BY x.mentee_id
    ),
    waiting AS (
      SELECT greatest(s.completed_at, mp.last_ended) AS since
        FROM scope s LEFT JOIN mentee_pairs mp ON mp.mentee_id = s.id
       WHERE s.status = 'active' AND s.role IN ('mentee', 'both') AND NOT coalesce(mp.paired, false)
    ),
    -- Members counted once, by status, role and situation together: a few dozen rows to sum.
    kinds AS (
      SELECT status, role, coalesce(situation, 'unknown') AS situation, count(*) AS n,
             count(*) FILTER (WHERE completed_at >= $2::timestamptz AND completed_at < $3::timestamptz) AS joined
        FROM scope GROUP BY 1, 2, 3
    ),
    req AS (
      SELECT r.status::text AS status, r.answered_at, r.volunteered, r.expires_at
        FROM mentorship_requests r
       WHERE r.community_id = $1::uuid AND r.created_at >= $2::timestamptz AND r.created_at < $3::timestamptz ${inRegion('r.mentee_id')}
    ),
    pr AS (
      SELECT x.id, x.status::text AS status, x.started_at, x.ended_at FROM pairs x WHERE x.community_id = $1::uuid ${inRegion('x.mentee_id')}
    )
    SELECT json_build_object(
      'members', (SELECT json_build_object(
          'current', coalesce(sum(n) FILTER (WHERE status <> 'left'), 0),
          'active', coalesce(sum(n) FILTER (WHERE status = 'active'), 0),
          'paused', coalesce(sum(n) FILTER (WHERE status = 'paused'), 0),
          'left', coalesce(sum(n) FILTER (WHERE status = 'left'), 0),
          'joined', coalesce(sum(joined), 0)) FROM kinds),
      'byRole', (SELECT coalesce(json_object_agg(role, n), '{}'::json) FROM (SELECT role, sum(n) AS n FROM kinds WHERE status <> 'left' AND role IS NOT NULL GROUP BY role) g),
      'bySituation', (SELECT coalesce(json_object_agg(situation, n), '{}'::json) FROM (SELECT situation, sum(n) AS n FROM kinds WHERE status <> 'left' GROUP BY situation) g),
      'waiting', (SELECT json_build_object('mentees', count(*), 'medianSeconds', percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM $4::timestamptz - since))) FROM waiting),
      'requests', (SELECT json_build_object(
          'sent', count(*),
          'offered', count(*) FILTER (WHERE status <> 'declined' AND (status IN ('offered', 'accepted') OR answered_at IS NOT NULL OR volunteered)),
          'accepted', count(*) FILTER (WHERE status = 'accepted'),
          'declined', count(*) FILTER (WHERE status = 'declined'),
          'expired', count(*) FILTER (WHERE status = 'expired' OR (status IN ('pending', 'offered') AND expires_at <= $4::timestamptz)),
          'cancelled', count(*) FILTER (WHERE status = 'cancelled'),
          'open', count(*) FILTER (WHERE status IN ('pending', 'offered') AND expires_at > $4::timestamptz)) FROM req),
      'pairs', (SELECT json_build_object(
          'active', count(*) FILTER (WHERE status = 'active'),
          'paused', count(*) FILTER (WHERE status = 'paused'),
          'started', count(*) FILTER (WHERE started_at >= $2::timestamptz AND started_at < $3::timestamptz),
          'ended', count(*) FILTER (WHERE status = 'ended' AND ended_at >= $2::timestamptz AND ended_at < $3::timestamptz)) FROM pr),
      'checkIns', (SELECT json_build_object(
          'due', count(*),
          'met', count(*) FILTER (WHERE c.answer = 'met'),
          'notYet', count(*) FILTER (WHERE c.answer = 'not_yet'),
          'needHelp', count(*) FILTER (WHERE c.answer = 'need_help'))
          FROM check_ins c JOIN pr ON pr.id = c.pair_id WHERE c.due_on >= $7::date AND c.due_on < $8::date),
      'months', json_build_object(
        'members', ${perMonth(`to_char(completed_at AT TIME ZONE $5::text, 'YYYY-MM')`, 'completed_at >= $6::timestamptz', 'scope WHERE true')},
        'pairs', ${perMonth(`to_char(started_at AT TIME ZONE $5::text, 'YYYY-MM')`, 'started_at >= $6::timestamptz', 'pr WHERE true')},
        'posts', ${perMonth(`to_char(published_on, 'YYYY-MM')`, 'published_on >= $9::date', `submissions s WHERE s.community_id = $1::uuid AND s.status = 'published' ${inRegion('s.author_id')}`)})
    ) AS figures`;
}

const counts = <K extends string>(keys: readonly K[], found: Record<string, number>): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, Number(found[key] ?? 0)])) as Record<K, number>;

export function createStatsRepository(db: Db): StatsRepository {
  return {
    async figures(query: StatsQuery): Promise<StatsFigures> {
      const params: unknown[] = [
        query.communityId,
        query.from ?? origin.instant,
        query.to,
        query.now,
        query.timeZone,
        query.chartFrom,
        query.fromDay ?? origin.day,
        query.toDay,
        query.chartFromDay,
      ];
      if (query.region) params.push([...query.region.memberIds]);
      const [result] = await db.$queryRawUnsafe<{ figures: Row }[]>(statement(query.region), ...params);
      const row = result!.figures;
      return {
        members: {
          current: row.members.current,
          byStatus: { active: row.members.active, paused: row.members.paused, left: row.members.left } satisfies Record<
            MemberStatus,
            number
          >,
          byRole: counts<Role>(roles, row.byRole),
          bySituation: counts<Situation | 'unknown'>([...situations, 'unknown'], row.bySituation),
          joined: row.members.joined,
        },
        waiting: {
          mentees: row.waiting.mentees,
          medianDays: row.waiting.medianSeconds === null ? null : row.waiting.medianSeconds / 86_400,
        },
        requests: row.requests,
        pairs: row.pairs,
        checkIns: row.checkIns,
        months: query.months.map((month) => ({
          month,
          members: Number(row.months.members[month] ?? 0),
          pairs: Number(row.months.pairs[month] ?? 0),
          posts: Number(row.months.posts[month] ?? 0),
        })),
      };
    },
  };
}
