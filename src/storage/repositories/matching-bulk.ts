import type { MatchingRepository, MentorshipRequest, Pair } from '../../core/matching/ports.ts';
import type { Profile } from '../../core/onboarding/profile.ts';
import type { Answers } from '../../core/onboarding/questionnaire.ts';
import type { Member as MemberRow } from '../generated/client.ts';
import type { Db } from './db.ts';
import { toMember } from './members.ts';

/**
 * Matching's reads of whole communities (the mentor pool, a cohort round) and of what
 * `mentors` shows a mentee. Each returns one JSON value rather than thousands of rows (or
 * four small queries), which the driver hands over far faster. The
 * queries avoid joins whose plan depends on statistics: the embedded database never runs
 * ANALYZE, and without statistics the planner turned such joins into one index lookup per
 * row (a 10,000-mentor fingerprint took 70 ms that way, 10 ms without the join).
 */

/** Mentors are fingerprinted and reloaded by bucket of member ids: a change reloads a sixty-fourth of them. */
const bucketCount = 64;
const bucketOf = (column: string) => `(hashtext(${column}::text) & ${bucketCount - 1})`;
/** Members of the community who are not active (paused, left): usually few. */
const away = `SELECT id FROM members WHERE community_id = $1::uuid AND status <> 'active'`;
/** Who may be suggested as a mentor: complete profile, role mentor or both, active member. */
const mentorRows = `FROM profiles p
  WHERE p.community_id = $1::uuid AND p.role IN ('mentor', 'both') AND p.completed_at IS NOT NULL AND p.member_id NOT IN (${away})`;

const profileJson = (p: string) => `json_build_object('memberId', ${p}.member_id, 'communityId', ${p}.community_id,
  'questionnaireVersion', ${p}.questionnaire_version, 'answers', ${p}.answers, 'pendingInput', ${p}.pending_input,
  'consentedAt', ${p}.consented_at, 'completedAt', ${p}.completed_at)`;
type ProfileJson = Omit<Profile, 'consentedAt' | 'completedAt' | 'answers'> & {
  answers: Answers;
  consentedAt: string | null;
  completedAt: string | null;
};
const fromProfileJson = (r: ProfileJson): Profile => ({
  ...r,
  consentedAt: r.consentedAt ? new Date(r.consentedAt) : null,
  completedAt: r.completedAt ? new Date(r.completedAt) : null,
});

const memberJson = (
  m: string,
) => `json_build_object('id', ${m}.id, 'communityId', ${m}.community_id, 'externalUserId', ${m}.external_user_id,
  'displayName', ${m}.display_name, 'locale', ${m}.locale, 'timeZone', ${m}.time_zone, 'status', ${m}.status, 'quietFrom', ${m}.quiet_from,
  'quietTo', ${m}.quiet_to, 'snoozedUntil', ${m}.snoozed_until, 'nudgeOptOut', ${m}.nudge_opt_out, 'createdAt', ${m}.created_at, 'updatedAt', ${m}.updated_at)`;
type MemberJson = Omit<MemberRow, 'snoozedUntil' | 'createdAt' | 'updatedAt'> & {
  snoozedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};
const fromMemberJson = (r: MemberJson) =>
  toMember({
    ...r,
    snoozedUntil: r.snoozedUntil ? new Date(r.snoozedUntil) : null,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  });

/** The one JSON value a query returns as `json`. */
async function json<T>(db: Db, sql: string, ...params: unknown[]): Promise<T> {
  const [row] = await db.$queryRawUnsafe<{ json: string | null }[]>(sql, ...params);
  return JSON.parse(row?.json ?? 'null') as T;
}

const requestJson = (
  r: string,
) => `json_build_object('id', ${r}.id, 'communityId', ${r}.community_id, 'menteeId', ${r}.mentee_id,
  'mentorId', ${r}.mentor_id, 'status', ${r}.status, 'message', ${r}.message, 'volunteered', ${r}.volunteered,
  'declineReason', ${r}.decline_reason, 'expiresAt', ${r}.expires_at, 'createdAt', ${r}.created_at)`;
type RequestJson = Omit<MentorshipRequest, 'expiresAt' | 'createdAt'> & { expiresAt: string; createdAt: string };
const pairJson = (
  p: string,
) => `json_build_object('id', ${p}.id, 'communityId', ${p}.community_id, 'menteeId', ${p}.mentee_id,
  'mentorId', ${p}.mentor_id, 'requestId', ${p}.request_id, 'status', ${p}.status, 'startedAt', ${p}.started_at)`;
type PairJson = Omit<Pair, 'startedAt'> & { startedAt: string };

type Bulk = Pick<
  MatchingRepository,
  | 'menteeState'
  | 'mentorPoolVersion'
  | 'mentorProfiles'
  | 'mentorLoads'
  | 'mentorsNow'
  | 'membersOf'
  | 'waitingMentees'
  | 'exclusions'
>;

export function createMatchingBulkReads(db: Db): Bulk {
  return {
    async menteeState(menteeId, now) {
      const state = await json<{
        profile: ProfileJson | null;
        pair: PairJson | null;
        requests: RequestJson[] | null;
        excluded: string[] | null;
      }>(
        db,
        `SELECT json_build_object(
           'profile', (SELECT ${profileJson('p')} FROM profiles p WHERE p.member_id = $1::uuid),
           'pair', (SELECT ${pairJson('x')} FROM pairs x WHERE x.mentee_id = $1::uuid AND x.status = 'active' LIMIT 1),
           'requests', (SELECT json_agg(${requestJson('r')} ORDER BY r.created_at) FROM mentorship_requests r
              WHERE r.mentee_id = $1::uuid AND r.status IN ('pending', 'offered') AND r.expires_at > $2),
           'excluded', (SELECT json_agg(id) FROM (
              SELECT mentor_id AS id FROM pairs WHERE mentee_id = $1::uuid
              UNION SELECT mentor_id FROM mentorship_requests WHERE mentee_id = $1::uuid AND status = 'declined'
              UNION SELECT blocked_id FROM blocks WHERE blocker_id = $1::uuid
              UNION SELECT blocker_id FROM blocks WHERE blocked_id = $1::uuid) e))::text AS json`,
        menteeId,
        now,
      );
      return {
        profile: state.profile ? fromProfileJson(state.profile) : null,
        pair: state.pair ? { ...state.pair, startedAt: new Date(state.pair.startedAt) } : null,
        requests: (state.requests ?? []).map((r) => ({
          ...r,
          expiresAt: new Date(r.expiresAt),
          createdAt: new Date(r.createdAt),
        })),
        excluded: new Set(state.excluded ?? []),
      };
    },
    async mentorPoolVersion(communityId) {
      // Row versions (xmin) rather than updated_at: a row another instance rewrote gets a
      // new one, whatever its clock or however late its transaction commits. Per bucket:
      // the mentors' profiles, and who is away (a status change moves a member in or out).
      const version = await json<{
        mentors: Record<string, string> | null;
        away: Record<string, string> | null;
        loads: string;
      }>(
        db,
        `SELECT json_build_object(
           'mentors', (SELECT json_object_agg(bucket, fp) FROM (
              SELECT ${bucketOf('member_id')} AS bucket, count(*) || ':' || sum(hashtextextended(member_id::text || '/' || xmin::text, 0)) AS fp
                FROM profiles WHERE community_id = $1::uuid AND role IN ('mentor', 'both') AND completed_at IS NOT NULL GROUP BY 1) b),
           'away', (SELECT json_object_agg(bucket, fp) FROM (
              SELECT ${bucketOf('id')} AS bucket, count(*) || ':' || sum(hashtextextended(id::text || '/' || xmin::text, 0)) AS fp
                FROM members WHERE community_id = $1::uuid AND status <> 'active' GROUP BY 1) a),
           'loads', (SELECT count(*) || ':' || coalesce(sum(hashtextextended(id::text, 0)), 0)
              FROM pairs WHERE community_id = $1::uuid AND status = 'active'))::text AS json`,
        communityId,
      );
      const buckets = new Map<number, string>();
      for (const bucket of new Set([...Object.keys(version.mentors ?? {}), ...Object.keys(version.away ?? {})])) {
        buckets.set(Number(bucket), `${version.mentors?.[bucket] ?? ''}|${version.away?.[bucket] ?? ''}`);
      }
      return { buckets, loads: version.loads };
    },
    async mentorProfiles(communityId, buckets) {
      const rows = await json<{ bucket: number; profile: ProfileJson }[] | null>(
        db,
        `SELECT json_agg(json_build_object('bucket', ${bucketOf('p.member_id')}, 'profile', ${profileJson('p')}) ORDER BY p.member_id)::text AS json
         ${mentorRows} AND ($2::int[] IS NULL OR ${bucketOf('p.member_id')} = ANY($2::int[]))`,
        communityId,
        buckets ? [...buckets] : null,
      );
      return (rows ?? []).map((r) => ({ bucket: r.bucket, profile: fromProfileJson(r.profile) }));
    },
    async mentorLoads(communityId) {
      const loads = await json<Record<string, number> | null>(
        db,
        `SELECT json_object_agg(mentor_id, n)::text AS json
           FROM (SELECT mentor_id, count(*) AS n FROM pairs WHERE community_id = $1::uuid AND status = 'active' GROUP BY 1) l`,
        communityId,
      );
      return new Map(Object.entries(loads ?? {}));
    },
    async mentorsNow(memberIds) {
      if (memberIds.length === 0) return new Map();
      const rows = await json<{ member: MemberJson; profile: ProfileJson | null; active: number }[] | null>(
        db,
        `SELECT json_agg(json_build_object('member', ${memberJson('m')}, 'profile', CASE WHEN p.id IS NULL THEN NULL ELSE ${profileJson('p')} END,
           'active', (SELECT count(*) FROM pairs x WHERE x.mentor_id = m.id AND x.status = 'active')))::text AS json
         FROM members m LEFT JOIN profiles p ON p.member_id = m.id WHERE m.id = ANY($1::uuid[])`,
        [...memberIds],
      );
      return new Map(
        (rows ?? []).map((r) => [
          r.member.id,
          {
            member: fromMemberJson(r.member),
            profile: r.profile ? fromProfileJson(r.profile) : null,
            active: r.active,
          },
        ]),
      );
    },
    async membersOf(memberIds) {
      const rows = await json<MemberJson[] | null>(
        db,
        `SELECT json_agg(${memberJson('m')})::text AS json FROM members m WHERE m.id = ANY($1::uuid[])`,
        [...memberIds],
      );
      return (rows ?? []).map(fromMemberJson);
    },
    async waitingMentees(communityId) {
      const rows = await json<ProfileJson[] | null>(
        db,
        `SELECT json_agg(${profileJson('p')} ORDER BY p.completed_at, p.member_id)::text AS json FROM profiles p
          WHERE p.community_id = $1::uuid AND p.role IN ('mentee', 'both') AND p.completed_at IS NOT NULL AND p.member_id NOT IN (${away})
            AND p.member_id NOT IN (SELECT x.mentee_id FROM pairs x WHERE x.community_id = $1::uuid AND x.status = 'active')`,
        communityId,
      );
      return (rows ?? []).map(fromProfileJson);
    },
    async exclusions(communityId) {
      const rows = await json<[string, string][] | null>(
        db,
        `SELECT json_agg(json_build_array(mentee, mentor))::text AS json FROM (
           SELECT mentee_id AS mentee, mentor_id AS mentor FROM pairs WHERE community_id = $1::uuid
           UNION ALL SELECT mentee_id, mentor_id FROM mentorship_requests WHERE community_id = $1::uuid AND status = 'declined'
           UNION ALL SELECT b.blocker_id, b.blocked_id FROM blocks b JOIN members m ON m.id = b.blocker_id WHERE m.community_id = $1::uuid
           UNION ALL SELECT b.blocked_id, b.blocker_id FROM blocks b JOIN members m ON m.id = b.blocker_id WHERE m.community_id = $1::uuid) x`,
        communityId,
      );
      const map = new Map<string, Set<string>>();
      for (const [menteeId, mentorId] of rows ?? []) {
        let set = map.get(menteeId);
        if (!set) map.set(menteeId, (set = new Set()));
        set.add(mentorId);
      }
      return map;
    },
  };
}
