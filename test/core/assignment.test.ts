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

const instance = fc
  .record({ mentees: fc.integer({ min: 1, max: 6 }), mentors: fc.integer({ min: 1, max: 4 }) })
  .chain(({ mentees, mentors }) =>
    fc.record({
      capacities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: mentors, maxLength: mentors }),
      edges: fc.array(
        fc.array(fc.option(fc.double({ min: -2, max: 10, noNaN: true }), { nil: undefined }), { minLength: mentors, maxLength: mentors }),
        { minLength: mentees, maxLength: mentees },
      ),
    }),
  )
  .map(({ capacities, edges }) => ({
    mentees: edges.map((row, i) => ({
      id: `e${i}`,
      candidates: row.flatMap((score, j) => (score === undefined ? [] : [{ mentor: `r${j}`, score }])),
    })),
    capacity: new Map(capacities.map((c, j) => [`r${j}`, c])),
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

  it('gives a popular mentor to the mentee she fits best, and the next best mentor to the other', () => {
    const result = assignFeatured({
      mentees: [
        { id: 'ada', candidates: [{ mentor: 'nadia', score: 5 }, { mentor: 'lina', score: 4 }] },
        { id: 'bea', candidates: [{ mentor: 'nadia', score: 6 }, { mentor: 'lina', score: 1 }] },
      ],
      capacity: new Map([['nadia', 1], ['lina', 1]]),
    });
    // Greedy would give nadia to bea (6) and lina to ada (4): 10 — which is also the best here.
    expect(Object.fromEntries(result)).toEqual({ bea: 'nadia', ada: 'lina' });
  });

  it('moves an earlier mentee when that raises the total', () => {
    const result = assignFeatured({
      mentees: [
        { id: 'ada', candidates: [{ mentor: 'nadia', score: 5 }, { mentor: 'lina', score: 4.5 }] },
        { id: 'bea', candidates: [{ mentor: 'nadia', score: 5 }] },
      ],
      capacity: new Map([['nadia', 1], ['lina', 1]]),
    });
    expect(Object.fromEntries(result)).toEqual({ ada: 'lina', bea: 'nadia' });
  });
});

describe('featured assignment, robustness', () => {
  it('takes the best of a mentor listed twice for the same mentee', () => {
    const result = assignFeatured({
      mentees: [
        { id: 'ada', candidates: [{ mentor: 'nadia', score: 2 }, { mentor: 'nadia', score: 7 }, { mentor: 'lina', score: 6 }] },
        { id: 'bea', candidates: [{ mentor: 'nadia', score: 3 }, { mentor: 'nadia', score: 1 }] },
      ],
      capacity: new Map([['nadia', 1], ['lina', 1]]),
    });
    // ada–lina (6) + bea–nadia (3) = 9 beats ada–nadia (7) alone.
    expect(Object.fromEntries(result)).toEqual({ ada: 'lina', bea: 'nadia' });
  });
});
