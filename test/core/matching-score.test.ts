import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domains, goals, languages, situations } from '../../src/core/onboarding/questionnaire.ts';
import { defaultWeights, scoreMentor, suggestMentors, type MatchProfile } from '../../src/core/matching/score.ts';

const subset = <T>(values: readonly T[], min = 0) => fc.subarray([...values], { minLength: min });

const profile = (id: string): fc.Arbitrary<MatchProfile> =>
  fc.record({
    memberId: fc.constant(id),
    situation: fc.constantFrom(...situations),
    domains: subset(domains, 1),
    languages: subset(languages.slice(0, 3), 1),
    remote: fc.boolean(),
    seeks: subset(goals, 1),
    offers: subset(goals, 1),
    stacks: subset(['java', 'react', 'python', 'go', 'rust']),
    region: fc.constantFrom('lyon', 'nantes', 'paris', ''),
    hoursPerMonth: fc.integer({ min: 1, max: 40 }),
    capacity: fc.integer({ min: 1, max: 5 }),
  });

const world = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc.record({
    mentee: profile('mentee'),
    mentors: fc.tuple(...Array.from({ length: n }, (_, i) => profile(`m${String(i).padStart(2, '0')}`))),
    loads: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }),
    excluded: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
    limit: fc.integer({ min: 1, max: 8 }),
  }),
);

describe('mentor suggestions', () => {
  it('never suggest a mentor at capacity, an excluded one, one without a shared language, the mentee herself, or more than asked', () => {
    fc.assert(
      fc.property(world, ({ mentee, mentors, loads, excluded, limit }) => {
        const loadMap = new Map(mentors.map((m, i) => [m.memberId, loads[i] as number]));
        const excludedIds = new Set(excluded.map((i) => mentors[i]!.memberId));
        // She may be a mentor too: she is among the candidates, with room.
        const result = suggestMentors(mentee, [...mentors, { ...mentee, capacity: 5 }], loadMap, {
          limit,
          excluded: excludedIds,
        });
        expect(result.length).toBeLessThanOrEqual(limit);
        expect(result.map((s) => s.memberId)).not.toContain(mentee.memberId);
        for (const s of result) {
          const mentor = mentors.find((m) => m.memberId === s.memberId)!;
          expect(loadMap.get(s.memberId)!).toBeLessThan(mentor.capacity);
          expect(excludedIds.has(s.memberId)).toBe(false);
          expect(mentor.languages.some((l) => mentee.languages.includes(l))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are the best-scoring eligible mentors, best first', () => {
    fc.assert(
      fc.property(world, ({ mentee, mentors, loads, limit }) => {
        const loadMap = new Map(mentors.map((m, i) => [m.memberId, loads[i] as number]));
        const result = suggestMentors(mentee, mentors, loadMap, { limit });
        const eligible = mentors
          .filter(
            (m) => (loadMap.get(m.memberId) ?? 0) < m.capacity && m.languages.some((l) => mentee.languages.includes(l)),
          )
          .map((m) => scoreMentor(mentee, m, { active: loadMap.get(m.memberId) ?? 0, capacity: m.capacity }).score)
          .sort((a, b) => b - a);
        expect(result.map((s) => s.score)).toEqual(eligible.slice(0, limit));
      }),
      { numRuns: 300 },
    );
  });

  // The ranking skips a mentor as soon as the terms left cannot reach the current top:
  // whatever the weights, it must still find exactly the best, in order.
  it('are the best eligible mentors in order (score, the less busy, listed first), whatever the weights', () => {
    const weight = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
    );
    const weights = fc.record({
      goals: weight,
      domains: weight,
      stacks: weight,
      situation: weight,
      region: weight,
      remote: weight,
      availability: weight,
      load: weight,
    });
    fc.assert(
      fc.property(world, weights, ({ mentee, mentors, loads, limit }, w) => {
        const loadMap = new Map(mentors.map((m, i) => [m.memberId, loads[i] as number]));
        const result = suggestMentors(mentee, mentors, loadMap, { limit, weights: w });
        const expected = mentors
          .map((m, index) => ({ m, index, active: loadMap.get(m.memberId) ?? 0 }))
          .filter(({ m, active }) => active < m.capacity && m.languages.some((l) => mentee.languages.includes(l)))
          .map(({ m, index, active }) => ({
            index,
            active,
            ...scoreMentor(mentee, m, { active, capacity: m.capacity }, w),
          }))
          .sort((a, b) => b.score - a.score || a.active - b.active || a.index - b.index);
        expect(result.map((s) => [s.memberId, s.score])).toEqual(
          expected.slice(0, limit).map((s) => [s.memberId, s.score]),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('name exactly what both share: goals, domains, stacks, the same region, or both remote', () => {
    const shared = <T>(a: readonly T[], b: readonly T[]) => a.filter((x) => b.includes(x));
    fc.assert(
      fc.property(profile('a'), profile('b'), fc.integer({ min: 0, max: 4 }), (mentee, mentor, active) => {
        const { reasons } = scoreMentor(mentee, mentor, { active, capacity: 5 });
        const items = (kind: 'goals' | 'domains' | 'stacks') =>
          reasons.flatMap((r) => (r.kind === kind ? r.items : []));
        expect(items('goals')).toEqual(shared(mentee.seeks, mentor.offers));
        expect(items('domains')).toEqual(shared(mentee.domains, mentor.domains));
        expect(items('stacks')).toEqual(shared(mentee.stacks, mentor.stacks));
        const sameRegion = mentee.region !== '' && mentee.region === mentor.region;
        expect(reasons.some((r) => r.kind === 'region')).toBe(sameRegion);
        expect(reasons.some((r) => r.kind === 'remote')).toBe(!sameRegion && mentee.remote && mentor.remote);
        expect(reasons.some((r) => r.kind === 'availability')).toBe(mentor.hoursPerMonth >= mentee.hoursPerMonth);
        expect(reasons.some((r) => r.kind === 'load')).toBe(active > 0);
        for (const reason of reasons) {
          if (reason.kind === 'situation') expect(reason.value).toBe(mentee.situation);
          if (reason.kind === 'load') expect(reason.points).toBeLessThan(0);
          else expect(reason.points).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('score a mentor higher when she shares one more goal, domain or stack, all else equal', () => {
    const fields = {
      goals: ['seeks', 'offers'],
      domains: ['domains', 'domains'],
      stacks: ['stacks', 'stacks'],
    } as const;
    fc.assert(
      fc.property(
        profile('a'),
        profile('b'),
        fc.constantFrom('goals', 'domains', 'stacks' as const),
        fc.nat(),
        fc.integer({ min: 0, max: 4 }),
        (mentee, mentor, kind, pick, active) => {
          const [hers, theirs] = fields[kind];
          const missing = (mentee[hers] as readonly string[]).filter(
            (x) => !(mentor[theirs] as readonly string[]).includes(x),
          );
          fc.pre(missing.length > 0);
          const closer = { ...mentor, [theirs]: [...mentor[theirs], missing[pick % missing.length]] };
          const load = { active, capacity: 5 };
          expect(scoreMentor(mentee, closer, load).score).toBeGreaterThan(scoreMentor(mentee, mentor, load).score);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rank a busier mentor below the same mentor with fewer mentees (the load term)', () => {
    fc.assert(
      fc.property(
        profile('mentee'),
        profile('x'),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (mentee, mentor, fewer, more) => {
          const capacity = 10;
          const idle = scoreMentor(mentee, { ...mentor, capacity }, { active: fewer, capacity });
          const busy = scoreMentor(mentee, { ...mentor, capacity }, { active: fewer + more, capacity });
          expect(busy.score).toBeLessThan(idle.score);
        },
      ),
    );
  });

  it('explain a good match the way a mentee reads it', () => {
    const mentee: MatchProfile = {
      memberId: 'ada',
      situation: 'career-change',
      domains: ['back'],
      languages: ['fr'],
      remote: false,
      seeks: ['career-change', 'confidence'],
      offers: [],
      stacks: ['java'],
      region: 'lyon',
      hoursPerMonth: 4,
      capacity: 1,
    };
    const mentor: MatchProfile = {
      memberId: 'nadia',
      situation: 'experienced',
      domains: ['back', 'ops-cloud'],
      languages: ['fr', 'en'],
      remote: true,
      seeks: [],
      offers: ['career-change'],
      stacks: ['java', 'go'],
      region: 'lyon',
      hoursPerMonth: 6,
      capacity: 2,
    };
    const { score, reasons } = scoreMentor(mentee, mentor, { active: 0, capacity: 2 }, defaultWeights);
    expect(reasons.map((r) => r.kind)).toEqual(['goals', 'domains', 'stacks', 'situation', 'region', 'availability']);
    expect(score).toBeCloseTo(2 + 2 + 1 + 1.5 + 1.5 + 0.5, 9);
  });
});
