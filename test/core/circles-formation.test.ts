import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestMerge,
  bestNewcomer,
  formCircles,
  readyAt,
  type CircleCandidate,
} from '../../src/core/circles/formation.ts';
import { domains, languages, situations } from '../../src/core/onboarding/questionnaire.ts';

const person = (memberId: string, overrides: Partial<CircleCandidate> = {}): CircleCandidate => ({
  memberId,
  situation: 'career-change',
  languages: ['fr'],
  domains: ['back'],
  place: 'lyon',
  remote: false,
  ...overrides,
});

const candidate = (id: number) =>
  fc
    .record({
      situation: fc.option(fc.constantFrom(...situations), { nil: null }),
      languages: fc.subarray([...languages], { minLength: 1, maxLength: 3 }),
      domains: fc.subarray([...domains], { maxLength: 3 }),
      place: fc.constantFrom('', 'lyon', 'paris', 'region:idf'),
      remote: fc.boolean(),
    })
    .map((p): CircleCandidate => ({ memberId: `m${id}`, ...p }));

const waitingList = fc
  .integer({ min: 0, max: 60 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidate(i))));

describe('circle formation (properties)', () => {
  it('makes circles of 3 or 4 people who all speak the circle’s language, nobody twice, only people who were waiting', () => {
    fc.assert(
      fc.property(waitingList, fc.constantFrom('ready' as const, 'all' as const), (waiting, mode) => {
        const byId = new Map(waiting.map((p) => [p.memberId, p]));
        const { circles, left } = formCircles(waiting, mode);
        const placed = circles.flatMap((c) => c.memberIds);
        expect(new Set(placed).size).toBe(placed.length);
        for (const circle of circles) {
          expect(circle.memberIds.length).toBeGreaterThanOrEqual(3);
          expect(circle.memberIds.length).toBeLessThanOrEqual(4);
          for (const id of circle.memberIds) expect(byId.get(id)?.languages).toContain(circle.language);
          if (mode === 'ready') expect(new Set(circle.memberIds.map((id) => byId.get(id)?.situation)).size).toBe(1);
        }
        // Everyone is either placed or still waiting, once.
        expect([...placed, ...left.map((p) => p.memberId)].sort()).toEqual(waiting.map((p) => p.memberId).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('places everyone when they all speak one language and are at least three, except five (which makes no 3 + 4)', () => {
    fc.assert(
      fc.property(
        waitingList.filter((w) => w.length >= 3 && w.length !== 5),
        (waiting) => {
          const everyone = waiting.map((p) => ({ ...p, languages: [...new Set(['fr' as const, ...p.languages])] }));
          expect(formCircles(everyone, 'all').left).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('circle formation (examples)', () => {
  it('groups by situation first, then by place or remote, then by domains', () => {
    const waiting = [
      person('a', { situation: 'career-change', place: 'lyon', domains: ['back'] }),
      person('b', { situation: 'student', place: 'lyon', domains: ['back'] }),
      person('c', { situation: 'career-change', place: 'paris', domains: ['front'] }),
      person('d', { situation: 'student', place: 'lyon', domains: ['back'] }),
      person('e', { situation: 'career-change', place: 'paris', domains: ['data-ai'] }),
      person('f', { situation: 'student', place: 'nantes', domains: ['front'] }),
    ];
    const { circles } = formCircles(waiting, 'all');
    expect(circles.map((c) => c.memberIds.sort())).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd', 'f'],
    ]);
    expect(circles[0]?.shared).toMatchObject({ situation: 'career-change', place: null, remote: false, domains: [] });

    // Same situation for all: who shares a place goes together before who shares a domain only.
    const places = [
      person('a', { place: 'lyon', domains: ['front'] }),
      person('b', { place: 'paris', domains: ['front'] }),
      person('c', { place: 'lyon', domains: ['qa'] }),
      person('d', { place: 'paris', domains: ['front'] }),
      person('e', { place: 'lyon', domains: ['security'] }),
      person('f', { place: 'paris', domains: ['front'] }),
    ];
    expect(formCircles(places, 'all').circles.map((c) => c.memberIds.sort())).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd', 'f'],
    ]);
  });

  it('forms at join time only once enough people of one language and situation wait', () => {
    const three = [person('a'), person('b'), person('c'), person('d', { situation: 'student' })];
    expect(formCircles(three, 'ready').circles).toEqual([]);
    const four = [...three, person('e')];
    const { circles, left } = formCircles(four, 'ready');
    expect(readyAt).toBe(4);
    expect(circles.map((c) => c.memberIds)).toEqual([['a', 'b', 'c', 'e']]);
    expect(circles[0]?.shared).toEqual({ situation: 'career-change', place: 'lyon', remote: false, domains: ['back'] });
    expect(left.map((p) => p.memberId)).toEqual(['d']);
  });

  it('serves the longest waiting first, and keeps speakers of a rarer language together with who can speak it too', () => {
    const waiting = [
      person('en1', { languages: ['en'] }),
      person('fr1'),
      person('both1', { languages: ['fr', 'en'] }),
      person('fr2'),
      person('en2', { languages: ['en'] }),
      person('fr3'),
      person('fr4'),
    ];
    const { circles, left } = formCircles(waiting, 'all');
    expect(circles.find((c) => c.language === 'en')?.memberIds.sort()).toEqual(['both1', 'en1', 'en2']);
    expect(circles.find((c) => c.language === 'fr')?.memberIds.sort()).toEqual(['fr1', 'fr2', 'fr3', 'fr4']);
    expect(left).toEqual([]);
  });

  it('offers a short circle the waiting person who fits it best, and a merge only with a circle of the same language that makes 3 or 4', () => {
    const members = [person('a', { place: 'lyon' }), person('b', { place: 'lyon' })];
    const waiting = [
      person('x', { situation: 'student' }),
      person('y', { place: 'lyon' }),
      person('z', { languages: ['en'], place: 'lyon' }),
    ];
    expect(bestNewcomer({ language: 'fr', members }, waiting)?.memberId).toBe('y');
    expect(bestNewcomer({ language: 'fr', members }, [person('z', { languages: ['en'] })])).toBeNull();

    const mine = { id: 'c1', language: 'fr' as const, members };
    const others = [
      { id: 'c2', language: 'en' as const, members: [person('e', { languages: ['en'] })] },
      { id: 'c3', language: 'fr' as const, members: [person('f'), person('g'), person('h')] },
      { id: 'c4', language: 'fr' as const, members: [person('i', { situation: 'student' })] },
      { id: 'c5', language: 'fr' as const, members: [person('j'), person('k')] },
    ];
    expect(bestMerge(mine, others)?.id).toBe('c5');
    expect(bestMerge(mine, others.slice(0, 3))?.id).toBe('c4');
    expect(bestMerge(mine, others.slice(0, 2))).toBeNull();
  });
});
