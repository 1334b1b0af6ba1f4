import { domains, goals, languages, situations } from '../../src/core/onboarding/questionnaire.ts';
import type { MatchProfile } from '../../src/core/matching/score.ts';

/** A seeded generator, so every run measures the same population. */
export function random(seed = 42) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const regions = ['lyon', 'paris', 'nantes', 'rennes', 'lille', 'marseille', 'bordeaux', 'toulouse', 'montreal', 'bruxelles'];
const stacks = ['java', 'kotlin', 'python', 'react', 'vue', 'angular', 'go', 'rust', 'php', 'ruby', 'kubernetes', 'terraform', 'sql', 'swift'];

/** A plausible community: most speak French, a third English, a few others. */
export function population(count: number, prefix: string, rnd: () => number, role: 'mentor' | 'mentee'): MatchProfile[] {
  const some = <T>(values: readonly T[], max: number) => values.filter(() => rnd() < max / values.length);
  return Array.from({ length: count }, (_, i) => ({
    memberId: `${prefix}${String(i).padStart(6, '0')}`,
    situation: situations[Math.floor(rnd() * situations.length)]!,
    domains: [domains[Math.floor(rnd() * domains.length)]!, ...some(domains, 1.5)],
    languages: [...new Set([rnd() < 0.9 ? 'fr' : 'en', ...(rnd() < 0.35 ? ['en' as const] : []), ...some(languages, 0.3)])] as MatchProfile['languages'],
    remote: rnd() < 0.7,
    seeks: role === 'mentee' ? [goals[Math.floor(rnd() * goals.length)]!, ...some(goals, 1.5)] : [],
    offers: role === 'mentor' ? [goals[Math.floor(rnd() * goals.length)]!, ...some(goals, 3)] : [],
    stacks: some(stacks, 3),
    region: regions[Math.floor(rnd() * regions.length)]!,
    hoursPerMonth: 1 + Math.floor(rnd() * 10),
    capacity: 1 + Math.floor(rnd() * 3),
  }));
}
