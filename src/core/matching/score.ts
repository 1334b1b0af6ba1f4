import { z } from 'zod';
import type { Domain, Goal, Language, Situation } from '../onboarding/questionnaire.ts';

/** What matching reads of a profile, normalised once (lower-case stacks, trimmed region). */
export interface MatchProfile {
  memberId: string;
  situation: Situation;
  domains: readonly Domain[];
  languages: readonly Language[];
  remote: boolean;
  seeks: readonly Goal[];
  offers: readonly Goal[];
  stacks: readonly string[];
  region: string;
  hoursPerMonth: number;
  capacity: number;
}

export interface Load {
  /** Active pairs of the mentor. */
  active: number;
  capacity: number;
}

/** How much each kind of overlap counts; admins may tune them per community. */
export const matchingWeightsSchema = z.object({
  goals: z.number().min(0).max(10).default(4),
  domains: z.number().min(0).max(10).default(2),
  stacks: z.number().min(0).max(10).default(1),
  situation: z.number().min(0).max(10).default(1.5),
  region: z.number().min(0).max(10).default(1.5),
  remote: z.number().min(0).max(10).default(0.5),
  availability: z.number().min(0).max(10).default(0.5),
  load: z.number().min(0).max(10).default(1.5),
});
export type MatchingWeights = z.output<typeof matchingWeightsSchema>;
export const defaultWeights: MatchingWeights = matchingWeightsSchema.parse({});

/** Why a mentor fits: each reason carries the points it adds (or, for load, removes). */
export type Reason =
  | { kind: 'goals'; items: Goal[]; points: number }
  | { kind: 'domains'; items: Domain[]; points: number }
  | { kind: 'stacks'; items: string[]; points: number }
  | { kind: 'situation'; value: Situation; points: number }
  | { kind: 'region'; value: string; points: number }
  | { kind: 'remote'; points: number }
  | { kind: 'availability'; points: number }
  | { kind: 'load'; active: number; capacity: number; points: number };

export interface Scored {
  memberId: string;
  score: number;
  reasons: Reason[];
}

/** A mentee's situation and the goal a mentor can help with for it. */
const situationGoal: Partial<Record<Situation, Goal>> = {
  'career-change': 'career-change',
  student: 'first-job',
  junior: 'first-job',
  returning: 'work-life',
};

const intersect = <T>(a: readonly T[], b: readonly T[]): T[] => {
  const set = new Set(b);
  return a.filter((x) => set.has(x));
};

export const normalizeRegion = (region: string) =>
  region
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

/** Whether they can talk at all: a language in common. */
export function speaksWith(mentee: MatchProfile, mentor: MatchProfile): boolean {
  return mentee.languages.some((l) => mentor.languages.includes(l));
}

/**
 * The score of a mentor for a mentee: a weighted sum of overlaps, minus a load term
 * (a mentor half full scores lower than an idle one, so the same few are not always
 * first). Pure and explainable: the reasons' points add up to the score.
 */
export function scoreMentor(
  mentee: MatchProfile,
  mentor: MatchProfile,
  load: Load,
  weights: MatchingWeights = defaultWeights,
): Scored {
  const reasons: Reason[] = [];
  const goals = intersect(mentee.seeks, mentor.offers);
  if (goals.length > 0 && weights.goals > 0)
    reasons.push({ kind: 'goals', items: goals, points: (weights.goals * goals.length) / mentee.seeks.length });
  const domains = intersect(mentee.domains, mentor.domains);
  if (domains.length > 0 && weights.domains > 0)
    reasons.push({
      kind: 'domains',
      items: domains,
      points: (weights.domains * domains.length) / mentee.domains.length,
    });
  const stacks = intersect(mentee.stacks, mentor.stacks);
  if (stacks.length > 0 && weights.stacks > 0)
    reasons.push({ kind: 'stacks', items: stacks, points: (weights.stacks * stacks.length) / mentee.stacks.length });
  const helped = situationGoal[mentee.situation];
  if (
    weights.situation > 0 &&
    (mentor.situation === mentee.situation || (helped !== undefined && mentor.offers.includes(helped)))
  ) {
    reasons.push({ kind: 'situation', value: mentee.situation, points: weights.situation });
  }
  if (mentee.region && mentee.region === mentor.region && weights.region > 0) {
    reasons.push({ kind: 'region', value: mentee.region, points: weights.region });
  } else if (mentee.remote && mentor.remote && weights.remote > 0) {
    reasons.push({ kind: 'remote', points: weights.remote });
  }
  if (weights.availability > 0 && mentor.hoursPerMonth >= mentee.hoursPerMonth)
    reasons.push({ kind: 'availability', points: weights.availability });
  if (load.active > 0 && weights.load > 0) {
    reasons.push({
      kind: 'load',
      active: load.active,
      capacity: load.capacity,
      points: -(weights.load * load.active) / Math.max(1, load.capacity),
    });
  }
  return { memberId: mentor.memberId, score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

// --- Many pairs at once --------------------------------------------------------------
// Fixed choices become bits (11 domains, 9 goals, 8 languages), stacks and regions small
// integers, and the mentors a struct of typed arrays: a pair then costs a few integer
// operations, which is what a cohort round over thousands of mentees needs.

// Plain objects rather than Maps: V8 looks these few fixed keys up faster.
const indexOf = (values: readonly string[]): Record<string, number> => Object.fromEntries(values.map((v, i) => [v, i]));
const domainIndex = indexOf([
  'front',
  'back',
  'mobile',
  'data-ai',
  'ops-cloud',
  'security',
  'qa',
  'design-ux',
  'product',
  'management',
  'other',
]);
const goalIndex = indexOf([
  'first-job',
  'career-change',
  'confidence',
  'public-speaking',
  'leadership',
  'salary',
  'technical-growth',
  'entrepreneurship',
  'work-life',
]);
const languageIndex = indexOf(['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'other']);
const situationIndex = indexOf(['student', 'junior', 'experienced', 'career-change', 'returning']);
const maskOf = (values: readonly string[], index: Record<string, number>) => {
  let mask = 0;
  for (let k = 0; k < values.length; k += 1) mask |= 1 << (index[values[k] as string] ?? 30);
  return mask;
};
const popcount = (x: number) => {
  let n = x - ((x >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** Mentors prepared for ranking; build once, rank many mentees (a cohort round) against it. */
export function createMentorPool(mentors: readonly MatchProfile[], loads: ReadonlyMap<string, number>) {
  const n = mentors.length;
  const regions = new Map<string, number>();
  const stackWords = new Map<string, number>();
  const intern = (map: Map<string, number>, value: string) => {
    let id = map.get(value);
    if (id === undefined) map.set(value, (id = map.size));
    return id;
  };
  const domains = new Int32Array(n);
  const languages = new Int32Array(n);
  const offers = new Int32Array(n);
  const situation = new Int8Array(n);
  const region = new Int32Array(n);
  const remote = new Uint8Array(n);
  const hours = new Float64Array(n);
  const capacity = new Int32Array(n);
  const active = new Int32Array(n);
  const stackStart = new Int32Array(n + 1);
  let totalStacks = 0;
  for (let i = 0; i < n; i += 1) totalStacks += (mentors[i] as MatchProfile).stacks.length;
  const stackFlat = new Int32Array(totalStacks);
  let stackEnd = 0;
  for (let i = 0; i < n; i += 1) {
    const m = mentors[i] as MatchProfile;
    domains[i] = maskOf(m.domains, domainIndex);
    languages[i] = maskOf(m.languages, languageIndex);
    offers[i] = maskOf(m.offers, goalIndex);
    situation[i] = situationIndex[m.situation] ?? -1;
    region[i] = m.region ? intern(regions, m.region) : -1;
    remote[i] = m.remote ? 1 : 0;
    hours[i] = m.hoursPerMonth;
    capacity[i] = m.capacity;
    active[i] = loads.get(m.memberId) ?? 0;
    for (let k = 0; k < m.stacks.length; k += 1) stackFlat[stackEnd++] = intern(stackWords, m.stacks[k] as string);
    stackStart[i + 1] = stackEnd;
  }
  // Mentors grouped by the goals they offer: a mentee's goals term is the same for a whole
  // group, so groups are visited most shared goals first, and once even the best group
  // left cannot reach her current top, the rest are skipped without being read.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (offers[a] as number) - (offers[b] as number) || a - b,
  );
  const groupStart: number[] = [];
  for (let k = 0; k < n; k += 1)
    if (k === 0 || offers[order[k] as number] !== offers[order[k - 1] as number]) groupStart.push(k);
  groupStart.push(n);
  const groups = groupStart.length - 1;
  const groupMask = Int32Array.from(
    { length: groups },
    (_, g) => offers[order[groupStart[g] as number] as number] as number,
  );
  const groupEnd = Int32Array.from(groupStart.slice(1));
  const groupFrom = Int32Array.from(groupStart.slice(0, groups));
  const goalCount = Object.keys(goalIndex).length;

  return {
    /** Same contract as suggestMentors. */
    suggest(
      mentee: MatchProfile,
      options: { limit: number; excluded?: ReadonlySet<string>; weights?: MatchingWeights },
    ): Scored[] {
      const w = options.weights ?? defaultWeights;
      const seeks = maskOf(mentee.seeks, goalIndex);
      const myDomains = maskOf(mentee.domains, domainIndex);
      const myLanguages = maskOf(mentee.languages, languageIndex);
      // Each of her stacks gets a bit; a mentor's stacks then OR their bits together.
      const stackBit = new Int32Array(stackWords.size);
      mentee.stacks.forEach((stack, k) => {
        const id = stackWords.get(stack);
        if (id !== undefined) stackBit[id] = (stackBit[id] as number) | (1 << k);
      });
      const myRegion = mentee.region ? (regions.get(mentee.region) ?? -2) : -3;
      const mySituation = situationIndex[mentee.situation] ?? -1;
      const helped = situationGoal[mentee.situation];
      const helpedBit = helped === undefined ? 0 : 1 << (goalIndex[helped] as number);
      // Everything the loop reads, as locals: it runs millions of times in a cohort round.
      const {
        goals: wGoals,
        domains: wDomains,
        stacks: wStacks,
        situation: wSituation,
        region: wRegion,
        remote: wRemote,
        availability: wAvailability,
        load: wLoad,
      } = w;
      const seeksCount = mentee.seeks.length;
      const domainsCount = mentee.domains.length;
      const stackCount = mentee.stacks.length;
      const menteeRemote = mentee.remote;
      const menteeHours = mentee.hoursPerMonth;
      const limit = options.limit;
      const top: number[] = [];
      const scores: number[] = [];
      let threshold = -Infinity;
      // The most stacks, situation, region or remote, and availability can add (the load term only removes).
      const restMax =
        (stackCount > 0 ? Math.max(0, wStacks) : 0) +
        Math.max(0, wSituation) +
        Math.max(0, wRegion, wRemote) +
        Math.max(0, wAvailability);
      const better = (i: number, si: number, j: number, sj: number) =>
        si !== sj ? si > sj : active[i] !== active[j] ? (active[i] as number) < (active[j] as number) : i < j;
      // Groups by how many of her goals they offer, most first (a counting sort: goals are few).
      const perCount = new Int32Array(goalCount + 2);
      const sharedGoals = new Int32Array(groups);
      for (let g = 0; g < groups; g += 1) {
        const c = popcount(seeks & (groupMask[g] as number));
        sharedGoals[g] = c;
        perCount[c + 1] = (perCount[c + 1] as number) + 1;
      }
      for (let c = 1; c <= goalCount + 1; c += 1) perCount[c] = (perCount[c] as number) + (perCount[c - 1] as number);
      const byGoals = new Int32Array(groups);
      const fill = perCount.slice(0, goalCount + 1);
      for (let g = 0; g < groups; g += 1) {
        const c = sharedGoals[g] as number;
        byGoals[fill[c] as number] = g;
        fill[c] = (fill[c] as number) + 1;
      }
      const domainsMax = domainsCount > 0 ? Math.max(0, wDomains) : 0;
      for (let gi = groups - 1; gi >= 0; gi -= 1) {
        const g = byGoals[gi] as number;
        const goals = sharedGoals[g] as number;
        // The same expression as scoreMentor's, so the sum below agrees with it exactly.
        const goalPoints = goals > 0 && wGoals > 0 ? (wGoals * goals) / seeksCount : 0;
        // Groups come in decreasing goal points: from here on none can reach her top.
        if (goalPoints + domainsMax + restMax < threshold - 1e-9) break;
        const groupLast = groupEnd[g] as number;
        for (let k = groupFrom[g] as number; k < groupLast; k += 1) {
          const i = order[k] as number;
          const load = active[i] as number;
          if (((languages[i] as number) & myLanguages) === 0 || load >= (capacity[i] as number)) continue;
          // The same terms as scoreMentor, added in the same order, so the two agree exactly.
          let score = 0;
          const theirOffers = offers[i] as number;
          if (goals > 0 && wGoals > 0) score += goalPoints;
          const shared = popcount(myDomains & (domains[i] as number));
          if (shared > 0 && wDomains > 0) score += (wDomains * shared) / domainsCount;
          // Out of reach even with every other term: skip the rest (most mentors, once the top is full).
          if (score + restMax < threshold - 1e-9) continue;
          if (stackCount > 0 && wStacks > 0) {
            let bits = 0;
            const stacksEnd = stackStart[i + 1] as number;
            for (let l = stackStart[i] as number; l < stacksEnd; l += 1)
              bits |= stackBit[stackFlat[l] as number] as number;
            const count = popcount(bits);
            if (count > 0) score += (wStacks * count) / stackCount;
          }
          if (wSituation > 0 && (situation[i] === mySituation || (theirOffers & helpedBit) !== 0)) score += wSituation;
          if (region[i] === myRegion && wRegion > 0) score += wRegion;
          else if (menteeRemote && remote[i] === 1 && wRemote > 0) score += wRemote;
          if (wAvailability > 0 && (hours[i] as number) >= menteeHours) score += wAvailability;
          if (load > 0 && wLoad > 0) score += -(wLoad * load) / Math.max(1, capacity[i] as number);
          if (score < threshold) continue;
          const last = top.length - 1;
          if (top.length === limit && !better(i, score, top[last] as number, scores[last] as number)) continue;
          const id = (mentors[i] as MatchProfile).memberId;
          if (id === mentee.memberId || options.excluded?.has(id)) continue;
          // Insertion into a short sorted list: limit is small (5 to 20), candidates many.
          let at = top.length;
          while (at > 0 && better(i, score, top[at - 1] as number, scores[at - 1] as number)) at -= 1;
          top.splice(at, 0, i);
          scores.splice(at, 0, score);
          if (top.length > limit) {
            top.pop();
            scores.pop();
          }
          if (top.length === limit) threshold = scores[limit - 1] as number;
        }
      }
      return top.map((i) =>
        scoreMentor(
          mentee,
          mentors[i] as MatchProfile,
          { active: active[i] as number, capacity: capacity[i] as number },
          w,
        ),
      );
    },
  };
}

/**
 * The best `limit` mentors for a mentee among candidates, best first. Candidates
 * without a language in common, at capacity, or excluded (paired with her, declined
 * her, blocked either way…) never appear. Ties go to the less busy, then to the one
 * listed first (the repository lists mentors by id), so the order is stable.
 */
export function suggestMentors(
  mentee: MatchProfile,
  candidates: readonly MatchProfile[],
  loads: ReadonlyMap<string, number>,
  options: { limit: number; excluded?: ReadonlySet<string>; weights?: MatchingWeights },
): Scored[] {
  return createMentorPool(candidates, loads).suggest(mentee, options);
}
