import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createMatchingService, type MatchingService } from '../../src/core/matching/matching-service.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { random } from '../bench/matching-data.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';

/**
 * `mentors` ranks against a mentor pool kept in memory. Here another instance (its own
 * store and service on the same database) changes the mentors behind its back: whatever
 * makes a mentor unavailable must show at the very next call, without waiting for the
 * pool to be read again; what makes one available shows once the recheck interval passed.
 */
describeEachDatabase('suggestions from the kept mentor pool', (kind) => {
  let database: Database;
  let store: Store;
  let other: Store;
  let community: Community;
  const clock = createManualClock('2026-04-01T09:00:00Z');
  /** Keeps its pool; the clock only moves when a test says so. */
  let matching: MatchingService;
  /** Another instance: its own store and service. */
  let elsewhere: MatchingService;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    other = createStore(database.prisma);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    community = await store.communities.ensure({
      platform: 'discord',
      externalId: `g-${Math.random()}`,
      name: 'Duchess',
    });
    matching = createMatchingService({ store, clock });
    elsewhere = createMatchingService({ store: other, clock });
  });

  const person = (name: string, answers: Answers): Promise<Member> =>
    createPerson(store, community, name, answers, clock.now());
  const shown = async (mentee: Member) =>
    (await matching.menteeView(community, mentee)).suggestions.map((s) => s.member.displayName);

  it('never suggests a mentor who paused, left, filled up, stopped mentoring, blocked or declined her, changed by another instance', async () => {
    const ada = await person('ada', menteeAnswers);
    const names = ['nadia', 'lina', 'zoe', 'eva', 'mia', 'ines', 'lou'];
    const mentors = new Map<string, Member>();
    for (const name of names) mentors.set(name, await person(name, mentorAnswers({ capacity: 1 })));
    const bea = await person('bea', menteeAnswers);
    expect(new Set(await shown(ada))).toEqual(new Set(names.slice(0, 5)));

    await other.members.update(mentors.get('nadia')!.id, { status: 'paused' });
    expect(await shown(ada)).not.toContain('nadia');
    await other.members.update(mentors.get('lina')!.id, { status: 'left' });
    expect(await shown(ada)).not.toContain('lina');
    // Her only place taken by another mentee.
    const toZoe = await elsewhere.request(community, bea, mentors.get('zoe')!.id, null);
    await elsewhere.offer(community, mentors.get('zoe')!, toZoe.id);
    await elsewhere.choose(community, bea, toZoe.id);
    expect(await shown(ada)).not.toContain('zoe');
    const eva = (await other.profiles.get(mentors.get('eva')!.id))!;
    await other.profiles.save({ ...eva, answers: { ...eva.answers, role: 'mentee', seeks: ['confidence'] } });
    expect(await shown(ada)).not.toContain('eva');
    await other.matching.block(mentors.get('mia')!.id, ada.id);
    expect(await shown(ada)).not.toContain('mia');
    const toInes = await elsewhere.request(community, ada, mentors.get('ines')!.id, null);
    expect(await shown(ada)).not.toContain('ines'); // already asked
    await elsewhere.decline(community, mentors.get('ines')!, toInes.id, null);
    expect(await shown(ada)).toEqual(['lou']);
    // A mentor who no longer speaks her language is not shown to her, nor counted gone for others.
    const lou = (await other.profiles.get(mentors.get('lou')!.id))!;
    await other.profiles.save({ ...lou, answers: { ...lou.answers, languages: ['de'] } });
    expect(await shown(ada)).toEqual([]);
  });

  it('lists her open requests and offers but not expired ones, and suggests again a mentor whose request expired', async () => {
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const lina = await person('lina', mentorAnswers());
    const toNadia = await matching.request(community, ada, nadia.id, null);
    const toLina = await matching.request(community, ada, lina.id, null);
    await matching.offer(community, lina, toLina.id);
    const view = await matching.menteeView(community, ada);
    expect(view.requests.map((r) => [r.id, r.status])).toEqual([
      [toNadia.id, 'pending'],
      [toLina.id, 'offered'],
    ]);
    expect(view.suggestions).toEqual([]);
    clock.advance(15 * 24 * 60 * 60 * 1000);
    const later = await matching.menteeView(community, ada);
    expect(later.requests).toEqual([]);
    expect(later.suggestions.map((s) => s.member.displayName)).toEqual(['nadia', 'lina']);
  });

  it('shows a mentor who became available or a better fit once the recheck interval has passed', async () => {
    const ada = await person('ada', menteeAnswers);
    const bea = await person('bea', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers({ capacity: 1 }));
    await person('lina', mentorAnswers({ region: 'Nantes', stacks: [] }));
    const request = await elsewhere.request(community, bea, nadia.id, null);
    await elsewhere.offer(community, nadia, request.id);
    const { pair } = await elsewhere.choose(community, bea, request.id);
    expect(await shown(ada)).toEqual(['lina']);

    // Another instance ends the pair, adds a mentor, edits one: seen after the interval.
    await database.prisma.pair.update({ where: { id: pair.id }, data: { status: 'ended', endedAt: clock.now() } });
    await createPerson(
      other,
      community,
      'zoe',
      mentorAnswers({ region: 'Paris', domains: ['front'], stacks: [] }),
      clock.now(),
    );
    clock.advance(2_001);
    expect(await shown(ada)).toEqual(['nadia', 'lina', 'zoe']);
    const zoe = (await other.members.find(community.id, 'zoe'))!;
    const profile = (await other.profiles.get(zoe.id))!;
    await other.profiles.save({ ...profile, answers: mentorAnswers({ offers: ['career-change', 'confidence'] }) });
    clock.advance(2_001);
    expect(await shown(ada)).toEqual(['zoe', 'nadia', 'lina']);
  });

  it('after any change, once read again, suggests exactly what a pool built from scratch suggests', async () => {
    const rnd = random(5);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;
    const mentees = [
      await person('ada', menteeAnswers),
      await person('bea', { ...menteeAnswers, region: 'Paris', seeks: ['leadership'] }),
    ];
    const mentors: Member[] = [];
    for (let i = 0; i < 30; i += 1) {
      mentors.push(
        await person(
          `m${i}`,
          mentorAnswers({
            capacity: 1 + (i % 3),
            region: pick(['Lyon', 'Paris', 'Nantes']),
            offers: [pick(['career-change', 'leadership', 'confidence'])],
          }),
        ),
      );
    }
    let serial = 0;
    const changes = [
      async (m: Member) => other.members.update(m.id, { status: pick(['active', 'paused', 'left'] as const) }),
      async (m: Member) => {
        const profile = (await other.profiles.get(m.id))!;
        const answers = {
          stacks: [pick(['java', 'go', 'react'])],
          languages: [pick(['fr', 'fr', 'en'] as const)],
          offers: [pick(['career-change', 'leadership', 'confidence'] as const)],
          region: pick(['Lyon', 'Paris', 'Nantes']),
        };
        await other.profiles.save({ ...profile, answers: { ...profile.answers, ...answers } });
      },
      async (m: Member) => {
        const mentee = await other.members.ensure({ communityId: community.id, externalUserId: `p${(serial += 1)}` });
        await other.matching.createPair({
          communityId: community.id,
          menteeId: mentee.id,
          mentorId: m.id,
          requestId: null,
          startedAt: clock.now(),
        });
      },
      async (m: Member) => {
        await database.prisma.pair.updateMany({
          where: { mentorId: m.id, status: 'active' },
          data: { status: 'ended' },
        });
      },
      async () =>
        mentors.push(
          await createPerson(
            other,
            community,
            `n${(serial += 1)}`,
            mentorAnswers({ region: pick(['Lyon', 'Paris']) }),
            clock.now(),
          ),
        ),
    ];
    for (let step = 0; step < 40; step += 1) {
      await pick(changes)(pick(mentors));
      if (step % 3 === 0) continue; // sometimes two changes between readings
      clock.advance(2_001);
      for (const mentee of mentees) {
        const kept = (await matching.menteeView(community, mentee)).suggestions;
        const fresh = (await createMatchingService({ store, clock }).menteeView(community, mentee)).suggestions;
        expect(kept.map((s) => [s.memberId, s.score])).toEqual(fresh.map((s) => [s.memberId, s.score]));
      }
    }
  });
});
