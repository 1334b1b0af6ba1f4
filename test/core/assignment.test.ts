import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignFeatured, type AssignmentInput } from '../../src/core/matching/assignment.ts';

const total = (input: AssignmentInput, result: Map<string, string>) => {
  let sum = 0;
  for (const [mentee, mentor] of result) {
    const edge = input.mentees.find((m) => m.id === mentee)?.candidates.find((c) => c.mentor === mentor);
    if (!edge) throw new Error(`assigned along a missing edge ${mentee}→${mentor}`);
    sum += Math.round(edge.score * 1000);
  }
  return sum;
};

/** Every possible assignment, the best total: fine for a handful of mentees. */
function bruteForce(input: AssignmentInput): number {
  let best = 0;
  const used = new Map<string, number>();
  const visit = (i: number, sum: number) => {
    if (i === input.mentees.length) {
      best = Math.max(best, sum);
      return;
    }
    visit(i + 1, sum);
    for (const c of input.mentees[i]!.candidates) {
      const room = input.capacity.get(c.mentor) ?? 0;
      if (c.score <= 0 || (used.get(c.mentor) ?? 0) >= room) continue;
      used.set(c.mentor, (used.get(c.mentor) ?? 0) + 1);
      visit(i + 1, sum + Math.round(c.score * 1000));
      used.set(c.mentor, (used.get(c.mentor) ?? 0) - 1);
    }
  };
  visit(0, 0);
  return best;
}

/**
 * Scores in tenths make ties and near-ties common, where greedy goes wrong; doubles
 * (with fast-check's taste for extremes) try the rounding to thousandths.
 */
const score = fc.oneof(
  fc.integer({ min: -20, max: 100 }).map((n) => n / 10),
  fc.double({ min: -2, max: 10, noNaN: true }),
);

const instance = fc
  .record({ mentees: fc.integer({ min: 1, max: 6 }), mentors: fc.integer({ min: 1, max: 4 }) })
  .chain(({ mentees, mentors }) =>
    fc.record({
      capacities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: mentors, maxLength: mentors }),
      edges: fc.array(fc.array(fc.option(score, { nil: undefined }), { minLength: mentors, maxLength: mentors }), {
        minLength: mentees,
        maxLength: mentees,
      }),
    }),
  )
  .map(({ capacities, edges }) => ({
    mentees: edges.map((row, i) => ({
      id: `e${i}`,
      candidates: row.flatMap((score, j) => (score === undefined ? [] : [{ mentor: `r${j}`, score }])),
    })),
    capacity: new Map(capacities.map((c, j) => [`r${j}`, c])),
  }));

/** What a simple approach would do: the highest edges first, while both ends have room. */
function greedy(input: AssignmentInput): Map<string, string> {
  const edges = input.mentees.flatMap((m) =>
    m.candidates.filter((c) => c.score > 0).map((c) => ({ mentee: m.id, ...c })),
  );
  edges.sort((a, b) => b.score - a.score);
  const result = new Map<string, string>();
  const used = new Map<string, number>();
  for (const e of edges) {
    if (result.has(e.mentee) || (used.get(e.mentor) ?? 0) >= (input.capacity.get(e.mentor) ?? 0)) continue;
    result.set(e.mentee, e.mentor);
    used.set(e.mentor, (used.get(e.mentor) ?? 0) + 1);
  }
  return result;
}

/**
 * A random round with a trap for greedy planted in it: two mentees who both prefer the
 * same mentor (x > z), where the first's second choice plus the second's first beat
 * the first's first plus the second's fallback (y + z > x + w). Other mentees and
 * mentors come at random, on other ids, so the trap's cost stays.
 */
const trapped = fc
  .record({
    x: fc.integer({ min: 50, max: 100 }),
    gap: fc.integer({ min: 1, max: 20 }),
    y: fc.integer({ min: 30, max: 49 }),
    w: fc.integer({ min: 1, max: 10 }),
    rest: instance,
  })
  .filter(({ x, gap, y, w }) => y + (x - gap) > x + w)
  .map(({ x, gap, y, w, rest }) => ({
    mentees: [
      {
        id: 'ada',
        candidates: [
          { mentor: 'nadia', score: x / 10 },
          { mentor: 'lina', score: y / 10 },
        ],
      },
      {
        id: 'bea',
        candidates: [
          { mentor: 'nadia', score: (x - gap) / 10 },
          { mentor: 'lina', score: w / 10 },
        ],
      },
      ...rest.mentees,
    ],
    capacity: new Map([['nadia', 1], ['lina', 1], ...rest.capacity]),
  }));

describe('featured assignment of a cohort round', () => {
  it('is optimal: no assignment within capacities has a higher total score (brute force on small cases)', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const result = assignFeatured(input);
        expect(total(input, result)).toBe(bruteForce(input));
      }),
      { numRuns: 400 },
    );
  });

  it('never features a mentor more often than she has room for, nor along a non-positive score', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const counts = new Map<string, number>();
        for (const [mentee, mentor] of assignFeatured(input)) {
          counts.set(mentor, (counts.get(mentor) ?? 0) + 1);
          const score = input.mentees.find((m) => m.id === mentee)!.candidates.find((c) => c.mentor === mentor)!.score;
          expect(score).toBeGreaterThan(0);
        }
        for (const [mentor, count] of counts) expect(count).toBeLessThanOrEqual(input.capacity.get(mentor) ?? 0);
      }),
      { numRuns: 400 },
    );
  });

  it('gives up a mentee’s best mentor when another needs her more: 5 + 5.5 beats greedy’s 6 + 1', () => {
    const input: AssignmentInput = {
      mentees: [
        {
          id: 'ada',
          candidates: [
            { mentor: 'nadia', score: 6 },
            { mentor: 'lina', score: 5 },
          ],
        },
        {
          id: 'bea',
          candidates: [
            { mentor: 'nadia', score: 5.5 },
            { mentor: 'lina', score: 1 },
          ],
        },
      ],
      capacity: new Map([
        ['nadia', 1],
        ['lina', 1],
      ]),
    };
    const result = assignFeatured(input);
    expect(total(input, greedy(input))).toBe(7_000);
    expect(Object.fromEntries(result)).toEqual({ ada: 'lina', bea: 'nadia' });
    expect(total(input, result)).toBe(10_500);
  });

  it('finds the optimum where greedy falls short, on random rounds with such a trap inside', () => {
    fc.assert(
      fc.property(trapped, (input) => {
        const best = bruteForce(input);
        expect(total(input, greedy(input))).toBeLessThan(best);
        expect(total(input, assignFeatured(input))).toBe(best);
      }),
      { numRuns: 200 },
    );
  });

  it('is checked by a brute force that tells greedy apart (the optimality property can fail)', () => {
    const greedyIsOptimal = fc.property(instance, (input) => total(input, greedy(input)) === bruteForce(input));
    expect(fc.check(greedyIsOptimal, { numRuns: 400 }).failed).toBe(true);
  });

  it('moves an earlier mentee when that raises the total', () => {
    const result = assignFeatured({
      mentees: [
        {
          id: 'ada',
          candidates: [
            { mentor: 'nadia', score: 5 },
            { mentor: 'lina', score: 4.5 },
          ],
        },
        { id: 'bea', candidates: [{ mentor: 'nadia', score: 5 }] },
      ],
      capacity: new Map([
        ['nadia', 1],
        ['lina', 1],
      ]),
    });
    expect(Object.fromEntries(result)).toEqual({ ada: 'lina', bea: 'nadia' });
  });
});

describe('featured assignment, robustness', () => {
  it('takes the best of a mentor listed twice for the same mentee', () => {
    const result = assignFeatured({
      mentees: [
        {
          id: 'ada',
          candidates: [
            { mentor: 'nadia', score: 2 },
            { mentor: 'nadia', score: 7 },
            { mentor: 'lina', score: 6 },
          ],
        },
        {
          id: 'bea',
          candidates: [
            { mentor: 'nadia', score: 3 },
            { mentor: 'nadia', score: 1 },
          ],
        },
      ],
      capacity: new Map([
        ['nadia', 1],
        ['lina', 1],
      ]),
    });
    // ada–lina (6) + bea–nadia (3) = 9 beats ada–nadia (7) alone.
    expect(Object.fromEntries(result)).toEqual({ ada: 'lina', bea: 'nadia' });
  });
});
