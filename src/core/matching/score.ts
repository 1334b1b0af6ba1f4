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

export const normalizeRegion = (region: string) => region.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

/** Whether they can talk at all: a language in common. */
export function speaksWith(mentee: MatchProfile, mentor: MatchProfile): boolean {
  return mentee.languages.some((l) => mentor.languages.includes(l));
}

/**
 * The score of a mentor for a mentee: a weighted sum of overlaps, minus a load term
 * (a mentor half full scores lower than an idle one, so the same few are not always
 * first). Pure and explainable: the reasons' points add up to the score.
 */
export function scoreMentor(mentee: MatchProfile, mentor: MatchProfile, load: Load, weights: MatchingWeights = defaultWeights): Scored {
  const reasons: Reason[] = [];
  const goals = intersect(mentee.seeks, mentor.offers);
  if (goals.length > 0 && weights.goals > 0) reasons.push({ kind: 'goals', items: goals, points: (weights.goals * goals.length) / mentee.seeks.length });
  const domains = intersect(mentee.domains, mentor.domains);
  if (domains.length > 0 && weights.domains > 0) reasons.push({ kind: 'domains', items: domains, points: (weights.domains * domains.length) / mentee.domains.length });
  const stacks = intersect(mentee.stacks, mentor.stacks);
  if (stacks.length > 0 && weights.stacks > 0) reasons.push({ kind: 'stacks', items: stacks, points: (weights.stacks * stacks.length) / mentee.stacks.length });
  const helped = situationGoal[mentee.situation];
  if (weights.situation > 0 && (mentor.situation === mentee.situation || (helped !== undefined && mentor.offers.includes(helped)))) {
    reasons.push({ kind: 'situation', value: mentee.situation, points: weights.situation });
  }
  if (mentee.region && mentee.region === mentor.region && weights.region > 0) {
    reasons.push({ kind: 'region', value: mentee.region, points: weights.region });
  } else if (mentee.remote && mentor.remote && weights.remote > 0) {
    reasons.push({ kind: 'remote', points: weights.remote });
  }
  if (weights.availability > 0 && mentor.hoursPerMonth >= mentee.hoursPerMonth) reasons.push({ kind: 'availability', points: weights.availability });
  if (load.active > 0 && weights.load > 0) {
    reasons.push({ kind: 'load', active: load.active, capacity: load.capacity, points: -(weights.load * load.active) / Math.max(1, load.capacity) });
  }
  return { memberId: mentor.memberId, score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/**
 * The best `limit` mentors for a mentee among candidates, best first. Candidates
 * without a language in common, at capacity, or excluded (paired with her, declined
 * her, blocked either way…) never appear. Ties go to the less busy, then by id, so the
 * order is stable.
 */
export function suggestMentors(
  mentee: MatchProfile,
  candidates: readonly MatchProfile[],
  loads: ReadonlyMap<string, number>,
  options: { limit: number; excluded?: ReadonlySet<string>; weights?: MatchingWeights },
): Scored[] {
  const best: Scored[] = [];
  const better = (a: Scored, b: Scored) =>
    a.score !== b.score ? a.score > b.score : (loads.get(a.memberId) ?? 0) !== (loads.get(b.memberId) ?? 0) ? (loads.get(a.memberId) ?? 0) < (loads.get(b.memberId) ?? 0) : a.memberId < b.memberId;
  for (const mentor of candidates) {
    if (mentor.memberId === mentee.memberId || options.excluded?.has(mentor.memberId)) continue;
    const active = loads.get(mentor.memberId) ?? 0;
    if (active >= mentor.capacity || !speaksWith(mentee, mentor)) continue;
    const scored = scoreMentor(mentee, mentor, { active, capacity: mentor.capacity }, options.weights);
    if (best.length === options.limit && !better(scored, best[best.length - 1] as Scored)) continue;
    // Insertion into a short sorted list: limit is small (5 to 20), candidates many.
    let at = best.length;
    while (at > 0 && better(scored, best[at - 1] as Scored)) at -= 1;
    best.splice(at, 0, scored);
    if (best.length > options.limit) best.pop();
  }
  return best;
}
