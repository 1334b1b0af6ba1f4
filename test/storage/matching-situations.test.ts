import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import type { UserError } from '../../src/core/errors.ts';
import { createMatchingService, type MatchingService } from '../../src/core/matching/matching-service.ts';
import { createProfileService, type ProfileService } from '../../src/core/onboarding/profile-service.ts';
import type { Message } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers, rejection } from '../support/matching-fixtures.ts';

const day = 24 * 60 * 60 * 1000;

describeEachDatabase('matching when someone pauses, leaves, or clicks too late', (kind) => {
  let database: Database;
  let store: Store;
  let matching: MatchingService;
  let profiles: ProfileService;
  let community: Community;
  const clock = createManualClock('2026-04-03T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    matching = createMatchingService({ store, clock });
    profiles = createProfileService({ store, clock });
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    const created = await store.communities.ensure({
      platform: 'discord',
      externalId: `c-${Math.random()}`,
      name: 'Duchess',
    });
    community = await store.communities.update(created.id, {
      settings: { ...created.settings, channels: { matching: 'C-match' } },
    });
  });

  const dm = async (key: string) => {
    const row = await store.outbox.get(community.id, key);
    return (
      row && { to: row.target.kind === 'dm' ? row.target.userId : row.target.kind, text: (row.message as Message).text }
    );
  };
  const status = async (id: string) => (await store.matching.getRequest(id))?.status;

  it('a mentor who pauses closes her pending and offered requests, and each mentee is told kindly', async () => {
    const [ada, bea] = [
      await createPerson(store, community, 'ada', menteeAnswers),
      await createPerson(store, community, 'bea', menteeAnswers),
    ];
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers({ capacity: 3 }));
    const fromAda = await matching.request(community, ada, nadia.id, null);
    const fromBea = await matching.request(community, bea, nadia.id, null);
    await matching.offer(community, nadia, fromBea.id);

    await profiles.pause(nadia);
    expect([await status(fromAda.id), await status(fromBea.id)]).toEqual(['cancelled', 'cancelled']);
    expect(await dm(`request.withdrawn:${fromAda.id}`)).toEqual({
      to: 'ada',
      text: expect.stringContaining('<@nadia> n’est plus disponible pour le moment'),
    });
    expect((await dm(`request.withdrawn:${fromBea.id}`))?.to).toBe('bea');
    // Her slot is hers again: no open request is left to count against her three.
    expect(await store.matching.openRequestsOf(ada.id, clock.now())).toEqual([]);
    expect((await store.auditLog.list(community.id, { action: 'request.cancelled' })).map((e) => e.details)).toEqual([
      { why: 'mentor-paused' },
      { why: 'mentor-paused' },
    ]);
  });

  it('a mentee who leaves has her requests closed, the mentors told, and her post closed', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const lina = await createPerson(store, community, 'lina', mentorAnswers());
    await matching.post(community, ada, 'Une marraine en data ?');
    const toNadia = await matching.request(community, ada, nadia.id, 'Bonjour');
    const { request: fromLina } = await matching.volunteer(community, lina, ada.id);

    await profiles.leave(ada);
    expect([await status(toNadia.id), await status(fromLina.id)]).toEqual(['cancelled', 'cancelled']);
    expect(await dm(`request.withdrawn:${toNadia.id}`)).toEqual({
      to: 'nadia',
      text: expect.stringContaining('<@ada> a mis sa recherche en pause'),
    });
    expect((await dm(`request.withdrawn:${fromLina.id}`))?.to).toBe('lina');
    const post = await database.prisma.postedRequest.findFirstOrThrow({ where: { menteeId: ada.id } });
    expect(post.status).toBe('closed');
    expect((await dm(`request.posted.edit:${post.id}:1`))?.text).toBe('La demande de <@ada> est close.');
  });

  it('a pause leaves requests other people already closed alone, and tells nobody about them', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    await matching.decline(community, nadia, request.id, null);
    await profiles.pause(nadia);
    expect(await status(request.id)).toBe('declined');
    expect(await dm(`request.withdrawn:${request.id}`)).toBeNull();
  });

  it('lets her ask a mentor again once her request to her expired, and a mentor volunteer after hers expired', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const lina = await createPerson(store, community, 'lina', mentorAnswers());
    const toNadia = await matching.request(community, ada, nadia.id, null);
    const toLina = await matching.request(community, ada, lina.id, null);
    clock.advance(15 * day);
    // Both still say pending in the table: without closing them first, the one-open-request index would refuse.
    const again = await matching.request(community, ada, nadia.id, 'Je retente');
    const { request: offer } = await matching.volunteer(community, lina, ada.id);
    expect([await status(toNadia.id), await status(toLina.id)]).toEqual(['expired', 'expired']);
    expect([again.status, offer.status]).toEqual(['pending', 'offered']);
    expect(offer.id).not.toBe(toLina.id);
  });

  it('tells a member who clicks “I volunteer” about her own situation', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const bea = await createPerson(store, community, 'bea', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers({ capacity: 1 }));
    const lina = await createPerson(store, community, 'lina', mentorAnswers());
    const eva = await createPerson(store, community, 'eva', mentorAnswers({ languages: ['en'] }));
    expect(await rejection(matching.volunteer(community, bea, ada.id))).toBe('match.error.volunteerNotMentor');
    expect(await rejection(matching.volunteer(community, eva, ada.id))).toBe('match.error.noCommonLanguage');

    // Nadia takes Bea: she is full, and Ada is not the one who is paired.
    const { request } = await matching.volunteer(community, nadia, bea.id);
    await matching.choose(community, bea, request.id);
    const full = await matching.volunteer(community, nadia, ada.id).catch((e: unknown) => e);
    expect((full as UserError).text).toEqual({ key: 'match.error.noRoomLeft', params: { capacity: 1 } });
    expect(await rejection(matching.volunteer(community, lina, bea.id))).toBe('match.error.menteePaired');

    const paused = await profiles.pause(lina);
    expect(await rejection(matching.volunteer(community, paused, ada.id))).toBe('match.error.youArePaused');
    expect((await matching.volunteer(community, await profiles.resume(lina), ada.id)).already).toBe(false);
    expect((await matching.volunteer(community, lina, ada.id)).already).toBe(true);
  });

  it('tells a mentor who answers too late what happened to the request', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const lina = await createPerson(store, community, 'lina', mentorAnswers());
    const toNadia = await matching.request(community, ada, nadia.id, null);
    const toLina = await matching.request(community, ada, lina.id, null);
    await matching.offer(community, nadia, toNadia.id);
    await matching.choose(community, ada, toNadia.id);
    expect(await rejection(matching.offer(community, lina, toLina.id))).toBe('match.error.menteePaired');
    expect(await rejection(matching.decline(community, lina, toLina.id, null))).toBe('match.error.menteePaired');
    expect(await rejection(matching.decline(community, nadia, toNadia.id, null))).toBe('match.error.alreadyYours');
  });

  it('tells her why an offer can no longer be chosen', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const lina = await createPerson(store, community, 'lina', mentorAnswers());
    const toNadia = await matching.request(community, ada, nadia.id, null);
    const toLina = await matching.request(community, ada, lina.id, null);
    await matching.offer(community, nadia, toNadia.id);
    await matching.offer(community, lina, toLina.id);
    await matching.decline(community, nadia, toNadia.id, null);
    expect(await rejection(matching.choose(community, ada, toNadia.id))).toBe('match.error.offerWithdrawn');
    clock.advance(15 * day);
    expect(await rejection(matching.choose(community, ada, toLina.id))).toBe('match.error.offerExpired');
  });
});
