import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonLanguage, makeGroups, type EventGroup, type EventPerson } from '../../src/core/events/grouping.ts';
import { parseEventDate, parseMentions } from '../../src/core/events/messages.ts';
import { domains, languages, situations } from '../../src/core/onboarding/questionnaire.ts';

const person = (prefix: string, i: number, overrides: Partial<EventPerson> = {}): EventPerson => ({
  memberId: `${prefix}${i}`,
  situation: 'student',
  domains: ['back'],
  languages: ['fr'],
  ...overrides,
});

/** Everyone speaks French (some speak more): the groups must always be made. */
const someone = (prefix: string, i: number) =>
  fc
    .record({
      situation: fc.option(fc.constantFrom(...situations), { nil: null }),
      domains: fc.subarray([...domains], { maxLength: 3 }),
      more: fc.subarray(
        languages.filter((l) => l !== 'fr'),
        { maxLength: 2 },
      ),
    })
    .map((p): EventPerson => ({
      memberId: `${prefix}${i}`,
      situation: p.situation,
      domains: p.domains,
      languages: ['fr', ...p.more],
    }));

const people = (prefix: string, n: number) =>
  n === 0 ? fc.constant([] as EventPerson[]) : fc.tuple(...Array.from({ length: n }, (_, i) => someone(prefix, i)));

/** Mentors, and a number of participants between 3 × and 4 × as many. */
const event = fc
  .integer({ min: 1, max: 30 })
  .chain((m) => fc.integer({ min: 3 * m, max: 4 * m }).map((p) => [p, m] as const))
  .chain(([p, m]) => fc.tuple(people('p', p), people('m', m)));

function groupsOf(participants: EventPerson[], mentors: EventPerson[]): EventGroup[] {
  const grouping = makeGroups(participants, mentors);
  if (grouping.kind !== 'groups') throw new Error(`no groups: ${JSON.stringify(grouping)}`);
  return grouping.groups;
}

describe('event groups (properties)', () => {
  it('gives each group exactly one mentor and 3 or 4 participants, everyone once, whenever 3 × mentors ≤ participants ≤ 4 × mentors', () => {
    fc.assert(
      fc.property(event, ([participants, mentors]) => {
        const groups = groupsOf(participants, mentors);
        expect(groups).toHaveLength(mentors.length);
        for (const group of groups) {
          expect(group.participantIds.length).toBeGreaterThanOrEqual(3);
          expect(group.participantIds.length).toBeLessThanOrEqual(4);
          expect(mentors.map((m) => m.memberId)).toContain(group.mentorId);
        }
        expect(new Set(groups.map((g) => g.mentorId)).size).toBe(groups.length);
        const placed = groups.flatMap((g) => g.participantIds);
        expect(placed.sort()).toEqual(participants.map((p) => p.memberId).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('spreads career changers evenly: two groups never differ by more than one of them', () => {
    fc.assert(
      fc.property(event, ([participants, mentors]) => {
        const changers = new Set(participants.filter((p) => p.situation === 'career-change').map((p) => p.memberId));
        const counts = groupsOf(participants, mentors).map(
          (g) => g.participantIds.filter((id) => changers.has(id)).length,
        );
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('respects languages whatever they are: everyone in a group, mentor included, speaks its language; or it says why not', () => {
    const anyone = (prefix: string, i: number) =>
      fc
        .record({
          languages: fc.subarray(['fr', 'en', 'es'] as const, { minLength: 1 }),
          situation: fc.constantFrom(...situations),
        })
        .map((p): EventPerson => ({ memberId: `${prefix}${i}`, domains: [], ...p, languages: [...p.languages] }));
    const mixed = fc.integer({ min: 1, max: 8 }).chain((m) =>
      fc.tuple(
        fc.integer({ min: 3, max: 40 }).chain((p) => fc.tuple(...Array.from({ length: p }, (_, i) => anyone('p', i)))),
        fc.tuple(...Array.from({ length: m }, (_, i) => anyone('m', i))),
      ),
    );
    fc.assert(
      fc.property(mixed, ([participants, mentors]) => {
        const byId = new Map([...participants, ...mentors].map((p) => [p.memberId, p]));
        const grouping = makeGroups(participants, mentors);
        if (grouping.kind !== 'groups') return;
        for (const group of grouping.groups) {
          for (const id of [group.mentorId, ...group.participantIds])
            expect(byId.get(id)?.languages).toContain(group.language);
          expect(group.participantIds.length).toBeGreaterThanOrEqual(3);
          expect(group.participantIds.length).toBeLessThanOrEqual(4);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says exactly how many mentors are missing when there are more than four participants per mentor', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 20 })
          .chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: Math.max(3, 4 * m + 1), max: 4 * m + 30 }))),
        ([m, p]) => {
          const grouping = makeGroups(
            Array.from({ length: p }, (_, i) => person('p', i)),
            Array.from({ length: m }, (_, i) => person('m', i)),
          );
          expect(grouping).toEqual({ kind: 'missing-mentors', missing: Math.ceil(p / 4) - m });
        },
      ),
    );
  });
});

describe('event groups (examples)', () => {
  it('splits the seed event, 29 participants and 8 mentors, into 8 groups of 3 or 4 with one mentor each', () => {
    const seed = [
      ...Array.from({ length: 9 }, (_, i) => person('cc', i, { situation: 'career-change' })),
      ...Array.from({ length: 12 }, (_, i) => person('st', i)),
      ...Array.from({ length: 8 }, (_, i) => person('jr', i, { situation: 'junior', domains: ['front'] })),
    ];
    const groups = groupsOf(
      seed,
      Array.from({ length: 8 }, (_, i) => person('m', i, { domains: i < 4 ? ['front'] : ['back'] })),
    );
    expect(groups.map((g) => g.participantIds.length).sort()).toEqual([3, 3, 3, 4, 4, 4, 4, 4]);
    expect(groups.map((g) => g.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const changers = groups.map((g) => g.participantIds.filter((id) => id.startsWith('cc')).length);
    expect(Math.max(...changers) - Math.min(...changers)).toBe(1);
  });

  it('keeps spare mentors aside when there are fewer than three participants per mentor, and refuses five people or fewer than three', () => {
    const grouping = makeGroups(
      Array.from({ length: 7 }, (_, i) => person('p', i)),
      Array.from({ length: 4 }, (_, i) => person('m', i)),
    );
    expect(grouping.kind === 'groups' && grouping.groups.map((g) => g.participantIds.length)).toEqual([4, 3]);
    expect(grouping.kind === 'groups' && grouping.spareMentors).toHaveLength(2);
    expect(
      makeGroups(
        Array.from({ length: 5 }, (_, i) => person('p', i)),
        [person('m', 0), person('m', 1)],
      ),
    ).toEqual({ kind: 'uneven', participants: 5 });
    expect(makeGroups([person('p', 0), person('p', 1)], [person('m', 0)])).toEqual({
      kind: 'too-few-participants',
      min: 3,
    });
  });

  it('gives each group the mentor who shares the most domains with it', () => {
    const participants = [
      ...Array.from({ length: 4 }, (_, i) => person('d', i, { situation: 'junior', domains: ['data-ai'] })),
      ...Array.from({ length: 4 }, (_, i) => person('s', i, { domains: ['security'] })),
    ];
    const groups = groupsOf(participants, [
      person('sec', 0, { domains: ['security'] }),
      person('data', 0, { domains: ['data-ai'] }),
    ]);
    for (const group of groups) expect(group.participantIds.length).toBe(4);
    // Situations are spread, so each group holds both domains: each mentor still matches half.
    expect(new Set(groups.map((g) => g.mentorId))).toEqual(new Set(['sec0', 'data0']));
  });

  it('groups those who speak another language together with a mentor who speaks it, or says which mentors are missing', () => {
    const participants = [
      ...Array.from({ length: 8 }, (_, i) => person('fr', i)),
      person('en', 0, { languages: ['en'] }),
      person('en', 1, { languages: ['en'] }),
      person('both', 0, { languages: ['fr', 'en'] }),
    ];
    const groups = groupsOf(participants, [
      person('m', 0),
      person('m', 1),
      person('m', 2, { languages: ['fr', 'en'] }),
    ]);
    const english = groups.find((g) => g.language === 'en');
    expect(english?.mentorId).toBe('m2');
    expect(english?.participantIds.sort()).toEqual(['both0', 'en0', 'en1']);
    expect(makeGroups(participants, [person('m', 0), person('m', 1), person('m', 2)])).toEqual({
      kind: 'missing-mentors',
      missing: 1,
      language: 'en',
    });
    expect(commonLanguage([person('a', 0, { languages: ['fr', 'en'] }), person('b', 0, { languages: ['en'] })])).toBe(
      'en',
    );
    expect(commonLanguage([person('a', 0), person('b', 0, { languages: ['en'] })])).toBeNull();
  });

  it('reads the dates and lists admins type', () => {
    expect(parseEventDate('14/03/2027', 'Europe/Paris')?.toISOString()).toBe('2027-03-14T08:00:00.000Z');
    expect(parseEventDate('2027-03-14 14h30', 'Europe/Paris')?.toISOString()).toBe('2027-03-14T13:30:00.000Z');
    expect(parseEventDate('14/03/2027 à 9h', 'Europe/Paris')?.toISOString()).toBe('2027-03-14T08:00:00.000Z');
    expect(parseEventDate('31/02/2027', 'Europe/Paris')).toBeNull();
    expect(parseEventDate('demain', 'Europe/Paris')).toBeNull();
    expect(
      parseMentions('<@123456789012345678>, <@!223456789012345678>\n<@U0ADA|ada> U0BEA @zoe 123456789012345678'),
    ).toEqual({
      userIds: ['123456789012345678', '223456789012345678', 'U0ADA', 'U0BEA'],
      unknown: ['@zoe'],
    });
  });
});
