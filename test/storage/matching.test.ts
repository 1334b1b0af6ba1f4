import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import type { UserError } from '../../src/core/errors.ts';
import { createMatchingService, type MatchingService } from '../../src/core/matching/matching-service.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers, rejection } from '../support/matching-fixtures.ts';

const day = 24 * 60 * 60 * 1000;

describeEachDatabase('mentor matching', (kind) => {
  let database: Database;
  let store: Store;
  let matching: MatchingService;
  let community: Community;
  const clock = createManualClock('2026-04-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    matching = createMatchingService({ store, clock });
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    community = await store.communities.ensure({
      platform: 'discord',
      externalId: `g-${Math.random()}`,
      name: 'Duchess',
    });
  });

  const person = (name: string, answers: Answers): Promise<Member> =>
    createPerson(store, community, name, answers, clock.now());
  const outbox = async (key: string) => store.outbox.get(community.id, key);

  it('suggests mentors with reasons, and never one who declined her, is blocked, or speaks no common language', async () => {
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const lina = await person('lina', mentorAnswers({ region: 'Nantes', domains: ['front'] }));
    await person('eva', mentorAnswers({ languages: ['en'] }));
    const zoe = await person('zoe', mentorAnswers());
    await store.matching.block(zoe.id, ada.id);

    const view = await matching.menteeView(community, ada);
    expect(view.suggestions.map((s) => s.member.id)).toEqual([nadia.id, lina.id]);
    expect(view.suggestions[0]!.reasons.map((r) => r.kind)).toContain('goals');

    const request = await matching.request(community, ada, lina.id, 'Bonjour !');
    await matching.decline(community, lina, request.id, 'trop occupée ce mois-ci');
    expect((await matching.menteeView(community, ada)).suggestions.map((s) => s.member.displayName)).toEqual(['nadia']);
    expect((await outbox(`request.declined:${request.id}`))?.message.text).not.toContain('trop occupée');
    const [audit] = await store.auditLog.list(community.id, { action: 'request.declined' });
    expect(audit?.details).toMatchObject({ reason: 'trop occupée ce mois-ci' });
  });

  it('runs the whole exchange: two requests, two offers, her choice, the other mentor told, the space opened', async () => {
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const lina = await person('lina', mentorAnswers());
    const toNadia = await matching.request(community, ada, nadia.id, null);
    const toLina = await matching.request(community, ada, lina.id, 'Je me reconvertis');
    expect((await outbox(`request.received:${toLina.id}`))?.target).toEqual({ kind: 'dm', userId: 'lina' });

    await matching.offer(community, nadia, toNadia.id);
    await matching.offer(community, lina, toLina.id);
    expect((await outbox(`request.offered:${toNadia.id}`))?.target).toEqual({ kind: 'dm', userId: 'ada' });

    const { pair, already } = await matching.choose(community, ada, toNadia.id);
    expect(already).toBe(false);
    expect(pair).toMatchObject({ menteeId: ada.id, mentorId: nadia.id, status: 'active' });
    expect((await store.matching.getRequest(toLina.id))?.status).toBe('cancelled');
    expect((await outbox(`request.cancelled:${toLina.id}`))?.target).toEqual({ kind: 'dm', userId: 'lina' });
    // No matching channel on this Discord server: the welcome goes to each of them by DM.
    expect((await outbox(`pair.space:${pair.id}:mentee`))?.target).toEqual({ kind: 'dm', userId: 'ada' });
    expect((await outbox(`pair.space:${pair.id}:mentor`))?.message.text).toContain('Pour lancer la conversation');
    expect((await matching.menteeView(community, ada)).pair?.id).toBe(pair.id);
    const actions = (await store.auditLog.list(community.id)).map((e) => e.action).sort();
    expect(actions).toEqual([
      'pair.created',
      'request.cancelled',
      'request.offered',
      'request.offered',
      'request.sent',
      'request.sent',
    ]);
  });

  // Two clicks at once, but this embedded database runs them one after the other; they
  // race for real on PostgreSQL in matching-races.test.ts.
  it('gives one outcome to a double click on “choose” (serialised by the database here)', async () => {
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    await matching.offer(community, nadia, request.id);
    const results = await Promise.all([
      matching.choose(community, ada, request.id),
      matching.choose(community, ada, request.id),
    ]);
    expect(new Set(results.map((r) => r.pair.id)).size).toBe(1);
    expect(results.map((r) => r.already).sort()).toEqual([false, true]);
    expect(await database.prisma.pair.count({ where: { menteeId: ada.id } })).toBe(1);
  });

  it('tells her the truth when the mentor filled her last place between offer and choice', async () => {
    const ada = await person('ada', menteeAnswers);
    const bea = await person('bea', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers({ capacity: 1 }));
    const fromAda = await matching.request(community, ada, nadia.id, null);
    const fromBea = await matching.request(community, bea, nadia.id, null);
    await matching.offer(community, nadia, fromAda.id);
    await matching.offer(community, nadia, fromBea.id);
    await matching.choose(community, ada, fromAda.id);
    const refused = await matching.choose(community, bea, fromBea.id).catch((e: unknown) => e);
    expect((refused as UserError).text).toEqual({ key: 'match.error.full', params: { mentor: '<@nadia>' } });
    expect((await store.matching.getRequest(fromBea.id))?.status).toBe('cancelled');
    expect(await store.matching.activePairCount(nadia.id)).toBe(1);
    // She is no longer suggested to anyone: her capacity is taken.
    const cara = await person('cara', menteeAnswers);
    expect((await matching.menteeView(community, cara)).suggestions).toHaveLength(0);
    expect(await rejection(matching.request(community, cara, nadia.id, null))).toBe('match.error.full');
  });

  it('lets her choose only a mentor who offered, and only while the request is open', async () => {
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    expect(await rejection(matching.choose(community, ada, request.id))).toBe('match.error.notOffered');
    clock.advance(15 * day);
    expect(await rejection(matching.offer(community, nadia, request.id))).toBe('match.error.requestExpired');
    expect(await store.matching.openRequestsOf(ada.id, clock.now())).toEqual([]);
    // An expired request no longer blocks a new one (the unique index on open requests would): it is closed as expired.
    const again = await matching.request(community, ada, nadia.id, null);
    expect(again).toMatchObject({ status: 'pending', mentorId: nadia.id });
    expect(again.id).not.toBe(request.id);
    expect((await store.matching.getRequest(request.id))?.status).toBe('expired');
  });

  it('limits her open requests and refuses a second request to the same mentor', async () => {
    const ada = await person('ada', menteeAnswers);
    const mentors = await Promise.all(['m1', 'm2', 'm3', 'm4'].map((n) => person(n, mentorAnswers())));
    await matching.request(community, ada, mentors[0]!.id, null);
    expect(await rejection(matching.request(community, ada, mentors[0]!.id, null))).toBe('match.error.alreadyAsked');
    await matching.request(community, ada, mentors[1]!.id, null);
    await matching.request(community, ada, mentors[2]!.id, null);
    expect(await rejection(matching.request(community, ada, mentors[3]!.id, null))).toBe('match.error.tooManyRequests');
  });

  it('refuses a request to a mentor of another community, or to an id that names no one, and writes nothing', async () => {
    const ada = await person('ada', menteeAnswers);
    const here = community;
    community = await store.communities.ensure({
      platform: 'discord',
      externalId: `g-${Math.random()}`,
      name: 'Other',
    });
    const elsewhere = await person('nadia', mentorAnswers());
    community = here;
    expect(await rejection(matching.request(community, ada, elsewhere.id, null))).toBe('match.error.notAvailable');
    const nobody = '00000000-0000-7000-8000-000000000000';
    await expect(matching.request(community, ada, nobody, null)).rejects.toSatisfy((e) => store.refersToNothing!(e));
    await expect(matching.request(community, ada, 'not-an-id', null)).rejects.toSatisfy((e) =>
      store.refersToNothing!(e),
    );
    expect(await store.matching.openRequestsOf(ada.id, clock.now())).toEqual([]);
  });

  it('does not let anyone else answer or choose for them', async () => {
    const ada = await person('ada', menteeAnswers);
    const bea = await person('bea', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    const lina = await person('lina', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    expect(await rejection(matching.offer(community, lina, request.id))).toBe('error.expired');
    await matching.offer(community, nadia, request.id);
    expect(await rejection(matching.choose(community, bea, request.id))).toBe('error.expired');
  });

  it('counts a volunteer on her posted request as an offer', async () => {
    community = await store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: 'C-match' } },
    });
    const ada = await person('ada', menteeAnswers);
    const nadia = await person('nadia', mentorAnswers());
    await matching.post(community, ada, 'Une marraine en data ?');
    const posted = (await database.prisma.outboxMessage.findFirst({
      where: { communityId: community.id, key: { startsWith: 'request.posted:' } },
    }))!;
    expect(posted.target).toEqual({ kind: 'channel', channelId: 'C-match' });
    expect(JSON.stringify(posted.message)).toContain(`requests:volunteer:${ada.id}`);
    const { request: offer } = await matching.volunteer(community, nadia, ada.id);
    expect(offer).toMatchObject({ status: 'offered', volunteered: true });
    const { pair } = await matching.choose(community, ada, offer.id);
    expect(pair.mentorId).toBe(nadia.id);
    // With a matching channel, their space is a private thread under it.
    expect((await outbox(`pair.space:${pair.id}`))?.target).toMatchObject({
      kind: 'group',
      userIds: ['ada', 'nadia'],
      parentChannelId: 'C-match',
    });
  });

  it('runs a cohort round: featured mentors within capacity, suggestions by DM, nobody paired', async () => {
    const mentees = await Promise.all(['a', 'b', 'c'].map((n) => person(n, menteeAnswers)));
    const nadia = await person('nadia', mentorAnswers({ capacity: 1 }));
    await person('lina', mentorAnswers({ capacity: 1, region: 'Nantes' }));
    const admin = await store.members.ensure({ communityId: community.id, externalUserId: 'admin' });
    const round = await matching.cohortRound(community, admin);
    expect(round).toMatchObject({ mentees: 3, mentors: 2, featured: 2 });
    const featured = await database.prisma.featuredSuggestion.findMany({ where: { roundId: round.roundId } });
    expect(new Set(featured.map((f) => f.mentorId)).size).toBe(2);
    for (const mentee of mentees)
      expect((await outbox(`cohort:${round.roundId}:${mentee.id}`))?.message.text).toContain('<@nadia>');
    expect(await store.matching.activePairCount(nadia.id)).toBe(0);
    expect((await store.auditLog.list(community.id, { action: 'cohort.round' }))[0]?.details).toMatchObject({
      mentees: 3,
      featured: 2,
    });
  });
});
