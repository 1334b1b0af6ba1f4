import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import type { Profile } from '../onboarding/profile.ts';
import type { Repositories } from '../store.ts';
import type { MentorNow, MentorPoolVersion } from './ports.ts';
import { isMentor, toMatchProfile } from './profiles.ts';
import { createMentorPool, scoreMentor, speaksWith, type MatchProfile, type Scored } from './score.ts';

export interface Suggestion extends Scored {
  member: Member;
  profile: Profile;
}

/** A community's mentors, scored-ready, as of `version`. */
interface Pool {
  version: MentorPoolVersion;
  /** By member id: her bucket (see MentorPoolVersion) and what matching reads of her profile. */
  mentors: Map<string, { bucket: number; match: MatchProfile }>;
  /** The same, in member id order: ties between equal suggestions are broken by it. */
  ordered: MatchProfile[];
  loads: ReadonlyMap<string, number>;
  ranking: ReturnType<typeof createMentorPool>;
  /** Mentors the check found unavailable since this pool was read: not ranked until the next reading. */
  gone: Set<string>;
  /** When the version was last read (clock time, ms). */
  checkedAt: number;
}

/** Candidates ranked beyond those shown, so that one found unavailable at the check is usually replaced without ranking again. */
const spare = 5;

const byId = (a: MatchProfile, b: MatchProfile) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);

function sameVersion(a: MentorPoolVersion, b: MentorPoolVersion) {
  if (a.loads !== b.loads || a.buckets.size !== b.buckets.size) return false;
  for (const [bucket, fingerprint] of a.buckets) if (b.buckets.get(bucket) !== fingerprint) return false;
  return true;
}

/** Buckets whose mentors changed (added, removed or rewritten). */
function changedBuckets(before: MentorPoolVersion, after: MentorPoolVersion): number[] {
  const changed = new Set<number>();
  for (const [bucket, fingerprint] of after.buckets)
    if (before.buckets.get(bucket) !== fingerprint) changed.add(bucket);
  for (const bucket of before.buckets.keys()) if (!after.buckets.has(bucket)) changed.add(bucket);
  return [...changed];
}

/**
 * Each community's mentor pool kept in memory, so `mentors` does not load 10,000 profiles
 * on every call. Two guards keep it honest:
 * - before a pool is used, its version (one small query, see MentorPoolVersion) is read
 *   again once `recheckMs` have passed since the last reading; what changed, whichever
 *   instance wrote it, is reloaded (only the buckets that changed, and the loads);
 * - every suggestion is checked against the database just before it is shown (member,
 *   profile and load read fresh, and scored on them): one who paused, left, filled up or
 *   stopped mentoring is never shown, nor ranked again until the pool is reloaded, and the
 *   next best takes her place. Exclusions (declined, blocked, paired) are the caller's,
 *   read fresh for each call.
 * So a mentor who can no longer be suggested disappears at the next call; one who became
 * available or a better fit (new, room freed, profile edited) appears within `recheckMs`.
 */
export function createMentorPools({ clock, recheckMs = 2_000 }: { clock: Clock; recheckMs?: number }) {
  const pools = new Map<string, Pool>();
  /** One reading in flight per community: callers arriving meanwhile share it. */
  const reading = new Map<string, Promise<Pool>>();

  async function refresh(repos: Repositories, communityId: string): Promise<Pool> {
    const current = pools.get(communityId);
    // The version first, then the rows: rows newer than the version only cost a reload later.
    const version = await repos.matching.mentorPoolVersion(communityId);
    const checkedAt = clock.now().getTime();
    if (current && sameVersion(current.version, version)) {
      const next = { ...current, checkedAt };
      pools.set(communityId, next);
      return next;
    }
    let mentors = current?.mentors ?? new Map<string, { bucket: number; match: MatchProfile }>();
    let ordered = current?.ordered ?? [];
    const buckets = current ? changedBuckets(current.version, version) : undefined;
    if (!buckets || buckets.length > 0) {
      const rows = await repos.matching.mentorProfiles(communityId, buckets);
      const reloaded = new Set(buckets);
      mentors = new Map(buckets ? [...mentors].filter(([, m]) => !reloaded.has(m.bucket)) : []);
      for (const { bucket, profile } of rows) mentors.set(profile.memberId, { bucket, match: toMatchProfile(profile) });
      ordered = [...mentors.values()].map((m) => m.match).sort(byId);
    }
    const loads =
      current && current.version.loads === version.loads
        ? current.loads
        : await repos.matching.mentorLoads(communityId);
    const next: Pool = {
      version,
      mentors,
      ordered,
      loads,
      ranking: createMentorPool(ordered, loads),
      gone: new Set(),
      checkedAt,
    };
    pools.set(communityId, next);
    return next;
  }

  /** The pool, its version read again if it is older than `recheckMs`. */
  function poolOf(repos: Repositories, communityId: string): Promise<Pool> {
    const current = pools.get(communityId);
    if (current && clock.now().getTime() - current.checkedAt < recheckMs) return Promise.resolve(current);
    const inFlight = reading.get(communityId);
    if (inFlight) return inFlight;
    const promise = refresh(repos, communityId).finally(() => reading.delete(communityId));
    reading.set(communityId, promise);
    return promise;
  }

  return {
    /**
     * Her best `limit` mentors now, best first: capacity, exclusions (`excluded`, read by the
     * caller for this call) and language taken into account.
     */
    async suggest(
      repos: Repositories,
      community: Community,
      mentee: Profile,
      limit: number,
      excluded: ReadonlySet<string>,
    ): Promise<Suggestion[]> {
      const me = toMatchProfile(mentee);
      const weights = community.settings.matching.weights;
      const pool = await poolOf(repos, community.id);
      const checked = new Map<string, Checked>();
      /** Not for her now (fresh data says no common language): skipped in this call only. */
      const notHers = new Set<string>();
      for (let attempt = 0; ; attempt += 1) {
        const skip = pool.gone.size + notHers.size > 0 ? new Set([...excluded, ...pool.gone, ...notHers]) : excluded;
        const ranked = pool.ranking
          .suggest(me, { limit: limit + spare, excluded: skip, weights })
          .map((s) => s.memberId);
        const unseen = ranked.filter((id) => !checked.has(id));
        const now = unseen.length > 0 ? await repos.matching.mentorsNow(unseen) : new Map<string, MentorNow>();
        for (const id of unseen) checked.set(id, check(community, me, now.get(id), weights));
        const refused = ranked.filter((id) => checked.get(id)?.kind !== 'ok');
        for (const id of refused) (checked.get(id)?.kind === 'gone' ? pool.gone : notHers).add(id);
        // Those refused make room for the next best: rank again (twice at most; one who
        // changed since is caught by the check all the same).
        if (refused.length === 0 || attempt === 2) {
          const shown = ranked.flatMap((id) => {
            const c = checked.get(id);
            return c?.kind === 'ok' ? [c.suggestion] : [];
          });
          // Scored on what is true now, in the pool's order: score, the less busy, member id.
          shown.sort((a, b) => b.score - a.score || a.active - b.active || (a.memberId < b.memberId ? -1 : 1));
          return shown.slice(0, limit).map(({ active: _active, ...suggestion }) => suggestion);
        }
      }
    },
  };
}

type Checked =
  | { kind: 'ok'; suggestion: Suggestion & { active: number } }
  /** For nobody now: away, not a mentor (any more), full, or not of this community. */
  | { kind: 'gone' }
  /** Not for her: no common language. */
  | { kind: 'notHers' };

/** What `now` (a mentor read just now) means for this mentee. */
function check(
  community: Community,
  mentee: MatchProfile,
  now: MentorNow | undefined,
  weights: Community['settings']['matching']['weights'],
): Checked {
  if (
    !now ||
    !now.profile ||
    now.member.communityId !== community.id ||
    now.member.status !== 'active' ||
    !isMentor(now.profile)
  )
    return { kind: 'gone' };
  const match = toMatchProfile(now.profile);
  if (now.active >= match.capacity) return { kind: 'gone' };
  if (!speaksWith(mentee, match)) return { kind: 'notHers' };
  const scored = scoreMentor(mentee, match, { active: now.active, capacity: match.capacity }, weights);
  return { kind: 'ok', suggestion: { ...scored, member: now.member, profile: now.profile, active: now.active } };
}

export type MentorPools = ReturnType<typeof createMentorPools>;
