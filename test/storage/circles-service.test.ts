import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { circleCheckinSource } from '../../src/core/circles/checkin-source.ts';
import { circleFigures } from '../../src/core/circles/figures.ts';
import { circleKeys } from '../../src/core/circles/keys.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { OutboxTarget } from '../../src/core/outbox.ts';
import { membersOfRegion } from '../../src/core/regions/regions.ts';
import { withoutMarkers } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, rejection } from '../support/matching-fixtures.ts';

const peer = (overrides: Partial<Answers> = {}): Answers => ({
  role: 'peer',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change'],
  region: 'Lyon',
  hoursPerMonth: 4,
  consent: true,
  ...overrides,
});

/**
 * Peer circles on the database: the waiting list, formation at join time and on an
 * admin's request, each circle's private space and the DMs around it, leaving, a
 * newcomer or a merge for a circle short of members, and the circles' check-ins.
 */
describe('peer circles', () => {
  let database: Database;
  let services: Services;
  let community: Community;
  const clock = createManualClock('2026-06-01T09:00:00Z');
  let count = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const made = await services.store.communities.ensure({
      platform: 'slack',
      externalId: 'T-circles',
      name: 'Duchess',
    });
    community = await services.store.communities.update(made.id, {
      settings: { ...made.settings, channels: { matching: 'C-match' }, moderatorUsers: ['U-mod'] },
    });
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.prisma.circle.deleteMany({});
    await database.prisma.circleRequest.deleteMany({});
    await database.prisma.outboxMessage.deleteMany({});
    await database.prisma.region.deleteMany({});
    clock.set('2026-06-01T09:00:00Z');
  });

  /** A new person with a complete profile; her external id is her name. */
  const person = (name: string, answers: Answers = peer()) =>
    createPerson(services.store, community, `${name}-${(count += 1)}`, answers);
  const outbox = (prefix: string) =>
    database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: prefix } },
      orderBy: { createdAt: 'asc' },
    });
  const join = (member: Member) => services.circles.join(community, member);
  const textOf = (message: unknown) => withoutMarkers((message as { text: string }).text);

  it('forms a circle at once when four people of the same language and situation wait, with its space and a DM to each', async () => {
    const people = [await person('ada'), await person('bea'), await person('cam')];
    for (const member of people) expect((await join(member)).status).toBe('waiting');
    expect(await database.prisma.circle.count()).toBe(0);
    const dan = await person('dan');
    const outcome = await join(dan);
    expect(outcome.status).toBe('placed');
    const circle = outcome.circle!;
    expect(new Set(circle.memberIds)).toEqual(new Set([...people, dan].map((m) => m.id)));
    expect(circle.shared).toMatchObject({ situation: 'career-change', domains: ['back'], placeLabel: 'Lyon' });
    expect(await services.store.circles.waiting(community.id)).toEqual([]);

    const [space] = await outbox('circle.space:');
    expect(space?.key).toBe(circleKeys.space(circle.id, 0));
    expect(space?.target).toEqual({
      kind: 'group',
      userIds: [...people, dan].map((m) => m.externalUserId),
      parentChannelId: 'C-match',
      name: 'Cercle 1',
    });
    const welcome = textOf(space?.message);
    expect(welcome).toContain('Bienvenue dans le cercle 1');
    expect(welcome).toContain('Vous partagez : En reconversion, Back-end, Lyon.');
    expect(welcome).toContain('Pour lancer la conversation');
    const ready = await outbox('circle.ready:');
    expect(ready.map((r) => (r.target as { userId: string }).userId).sort()).toEqual(
      [...people, dan].map((m) => m.externalUserId).sort(),
    );
    expect(ready.every((r) => r.after === space?.key && textOf(r.message).includes('{{space}}'))).toBe(true);
    expect(await services.store.auditLog.list(community.id, { action: 'circle.formed' })).toHaveLength(1);
  });

  it('keeps people of different situations waiting until an admin forms circles, then explains what they share', async () => {
    const [ada, bea, cam] = [
      await person('ada'),
      await person('bea', peer({ situation: 'student', region: 'Paris' })),
      await person('cam', peer({ situation: 'junior', region: 'Nantes' })),
    ];
    for (const member of [ada, bea, cam]) await join(member);
    expect(await database.prisma.circle.count()).toBe(0);
    const admin = await person('boss');
    expect(await services.circles.formNow(community, admin)).toEqual({ circles: 1, placed: 3, waiting: 0 });
    const [space] = await outbox('circle.space:');
    // No situation or place in common: both remote-friendly, and the same domain.
    expect(textOf(space?.message)).toContain('Vous partagez : Back-end, à distance.');
  });

  it('never puts someone in a circle whose language she does not speak', async () => {
    const french = [await person('ada'), await person('bea'), await person('cam')];
    const english = await person('eve', peer({ languages: ['en'] }));
    for (const member of [...french, english]) await join(member);
    await services.circles.formNow(community, french[0]!);
    const circle = await services.store.circles.activeOf(french[0]!.id);
    expect(circle?.memberIds.sort()).toEqual(french.map((m) => m.id).sort());
    expect(circle?.language).toBe('fr');
    expect((await services.store.circles.waitingOf(english.id))?.status).toBe('waiting');
  });

  it('refuses who has no profile, a mentor only, and a member already in a circle; a second join keeps one place', async () => {
    const nobody = await services.store.members.ensure({ communityId: community.id, externalUserId: 'no-profile' });
    expect(await rejection(join(nobody))).toBe('circle.error.noProfile');
    expect(
      await rejection(join(await person('nadia', { ...peer(), role: 'mentor', offers: ['confidence'], capacity: 2 }))),
    ).toBe('circle.error.mentorOnly');
    const ada = await person('ada');
    expect((await join(ada)).status).toBe('waiting');
    expect((await join(ada)).status).toBe('already-waiting');
    expect(await database.prisma.circleRequest.count({ where: { memberId: ada.id } })).toBe(1);
    for (const name of ['bea', 'cam', 'dan']) await join(await person(name));
    expect(await rejection(join(ada))).toBe('circle.error.already');
  });

  it('lets a member leave: three left continue in a new space with exactly them; two left are offered a newcomer, and welcome her', async () => {
    const people = [await person('ada'), await person('bea'), await person('cam'), await person('dan')];
    for (const member of people) await join(member);
    const [ada, bea, cam, dan] = people as [Member, Member, Member, Member];
    const circle = (await services.store.circles.activeOf(ada.id))!;

    clock.set('2026-06-08T09:00:00Z');
    await services.circles.leave(community, dan);
    const second = (await outbox('circle.space:')).find((r) => r.key === circleKeys.space(circle.id, 1));
    expect((second?.target as { userIds: string[] }).userIds).toEqual([ada, bea, cam].map((m) => m.externalUserId));
    expect(textOf(second?.message)).toContain('Le cercle 1 continue ici');

    await services.circles.leave(community, cam);
    const told = await outbox('circle.left:');
    expect(told.map((r) => (r.target as { userId: string }).userId).sort()).toEqual(
      [ada, bea].map((m) => m.externalUserId).sort(),
    );
    expect(textOf(told[0]?.message)).toContain('Vous êtes maintenant 2');
    expect(textOf(told[0]?.message)).toContain('Personne n’attend pour l’instant');

    // Someone like them asks for a circle: the short circle is told, and welcomes her.
    const eve = await person('eve');
    expect((await join(eve)).status).toBe('waiting');
    const offers = await outbox('circle.offer:');
    expect(offers).toHaveLength(2);
    expect(JSON.stringify(offers[0]?.message)).toContain(`${community.id}/circle:welcome:${eve.id}`);
    const view = await services.circles.view(community, ada);
    expect(view.offer?.newcomer?.member.id).toBe(eve.id);
    expect(view.offer?.newcomer?.shared).toContain('En reconversion');
    const grown = await services.circles.welcome(community, bea, eve.id);
    expect(grown.memberIds).toEqual([ada.id, bea.id, eve.id]);
    expect(grown.spaceRevision).toBe(2);
    expect(await services.store.circles.waitingOf(eve.id)).toBeNull();
    expect(await rejection(services.circles.welcome(community, ada, eve.id))).toBe('circle.error.notShort');
  });

  it('goes on without a member who erased her data: the others are told with no name, no id of hers anywhere', async () => {
    const people = [await person('ada'), await person('bea'), await person('cam'), await person('dan')];
    for (const member of people) await join(member);
    const [ada, bea, cam, dan] = people as [Member, Member, Member, Member];
    const circle = (await services.store.circles.activeOf(ada.id))!;

    // Four, one erased: the three go on in a new space with exactly them.
    clock.set('2026-06-08T09:00:00Z');
    expect((await services.data.erase(community, dan, { removePublished: false })).erased).toBe(true);
    const second = (await outbox('circle.space:')).find((r) => r.key === circleKeys.space(circle.id, 1));
    expect((second?.target as { userIds: string[] }).userIds).toEqual([ada, bea, cam].map((m) => m.externalUserId));

    // Three, one erased: the two left are told kindly, without her name or mention.
    clock.set('2026-06-09T09:00:00Z');
    expect((await services.data.erase(community, cam, { removePublished: false })).erased).toBe(true);
    const told = await outbox('circle.left:');
    expect(told.map((r) => (r.target as { userId: string }).userId).sort()).toEqual(
      [ada, bea].map((m) => m.externalUserId).sort(),
    );
    expect(textOf(told[0]?.message)).toContain('Une membre de votre cercle a quitté Marraine. Vous êtes maintenant 2');
    const traces = JSON.stringify(await outbox('circle.'));
    for (const id of [cam.id, cam.externalUserId, dan.id, dan.externalUserId]) expect(traces).not.toContain(id);
    expect((await services.store.circles.get(circle.id))?.memberIds).toEqual([ada.id, bea.id]);
  });

  it('merges two circles short of members into one, in a new space', async () => {
    const first = [await person('a1'), await person('a2'), await person('a3'), await person('a4')];
    for (const member of first) await join(member);
    const second = [
      await person('b1', peer({ situation: 'student' })),
      await person('b2', peer({ situation: 'student' })),
      await person('b3', peer({ situation: 'student' })),
      await person('b4', peer({ situation: 'student' })),
    ];
    for (const member of second) await join(member);
    for (const member of [first[2]!, first[3]!, second[2]!, second[3]!])
      await services.circles.leave(community, member);
    const mine = (await services.store.circles.activeOf(first[0]!.id))!;
    const theirs = (await services.store.circles.activeOf(second[0]!.id))!;
    const view = await services.circles.view(community, first[0]!);
    expect(view.offer?.merge).toMatchObject({ circleId: theirs.id, number: theirs.number, size: 2 });
    const merged = await services.circles.merge(community, first[1]!, theirs.id);
    expect(merged.id).toBe(mine.id);
    expect(merged.memberIds.sort()).toEqual([first[0]!, first[1]!, second[0]!, second[1]!].map((m) => m.id).sort());
    expect((await services.store.circles.get(theirs.id))?.status).toBe('closed');
    expect(await services.store.circles.activeOf(second[0]!.id)).toMatchObject({ id: mine.id });
    expect(await rejection(services.circles.merge(community, first[0]!, theirs.id))).toBe('circle.error.notShort');
  });

  it('posts its check-in in the circle’s space every N weeks, once per day found, and restarts the clock when they met', async () => {
    const people = [await person('ada'), await person('bea'), await person('cam'), await person('dan')];
    for (const member of people) await join(member);
    const circle = (await services.store.circles.activeOf(people[0]!.id))!;
    const collect = (at: string) =>
      circleCheckinSource.collect({ repos: services.store, community, now: new Date(at) });
    // Three weeks after its start (1 June), the space not sent yet: nothing to post in.
    expect(await collect('2026-06-22T09:00:00Z')).toEqual([]);
    await database.prisma.outboxMessage.updateMany({
      where: { key: circleKeys.space(circle.id, 0) },
      data: { status: 'sent', platformRef: { channelId: 'G-circle', messageId: '1' } },
    });
    expect(await collect('2026-06-21T09:00:00Z')).toEqual([]);
    const [due, ...rest] = await collect('2026-06-22T09:00:00Z');
    expect(rest).toEqual([]);
    expect(due).toMatchObject({
      kind: 'checkin',
      key: circleKeys.checkIn(circle.id, '2026-06-22'),
      to: { channelId: 'G-circle' },
      due: { day: '2026-06-22' },
    });
    expect(textOf(due?.message)).toContain('Petit point du cercle 1');
    expect(JSON.stringify(due?.message)).toContain(`${community.id}/circle:met:${circle.id}`);
    // The scheduler queues it once, in the space, at the nudge hour (10:00 in Paris), however many ticks find it.
    const scheduler = createScheduler({
      store: services.store,
      clock: createManualClock('2026-06-22T08:00:00Z'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      sources: [circleCheckinSource],
    });
    expect(await scheduler.tick()).toEqual({ enqueued: 1 });
    expect(await scheduler.tick()).toEqual({ enqueued: 0 });
    expect((await outbox('circle.checkin:')).map((r) => r.target)).toEqual([
      { kind: 'channel', channelId: 'G-circle' },
    ]);
    // Later the same period: the same key; a bot down for weeks gets the latest day only.
    expect((await collect('2026-06-30T09:00:00Z'))[0]?.key).toBe(due?.key);
    expect((await collect('2026-08-20T09:00:00Z'))[0]?.key).toBe(circleKeys.checkIn(circle.id, '2026-08-03'));

    clock.set('2026-07-01T09:00:00Z');
    await services.circles.met(community, people[1]!, circle.id);
    expect(await collect('2026-07-21T09:00:00Z')).toEqual([]);
    expect((await collect('2026-07-22T09:00:00Z'))[0]?.key).toBe(circleKeys.checkIn(circle.id, '2026-07-22'));

    // Every member turned check-ins off: the circle gets none.
    for (const member of people) await services.store.members.update(member.id, { nudgeOptOut: ['checkin'] });
    expect(await collect('2026-07-22T09:00:00Z')).toEqual([]);
  });

  it('asks the moderators for a hand once a day, and refuses someone outside the circle', async () => {
    const people = [await person('ada'), await person('bea'), await person('cam'), await person('dan')];
    for (const member of people) await join(member);
    const circle = (await services.store.circles.activeOf(people[0]!.id))!;
    await services.circles.help(community, people[0]!, circle.id);
    await services.circles.help(community, people[1]!, circle.id);
    const alerts = await outbox('circle.help:');
    expect(alerts.map((a) => a.target as OutboxTarget)).toEqual([{ kind: 'dm', userId: 'U-mod' }]);
    expect(textOf(alerts[0]?.message)).toContain('demande un coup de main pour le cercle 1');
    expect(await rejection(services.circles.help(community, await person('zoe'), circle.id))).toBe('circle.error.none');
  });

  it('counts circles, members, waiting and events, for a region too', async () => {
    await services.store.regions.create({
      communityId: community.id,
      name: 'Auvergne-Rhône-Alpes',
      aliases: ['Lyon', 'Grenoble'],
      delegateId: null,
    });
    const lyon = [await person('ada'), await person('bea'), await person('cam'), await person('dan')];
    for (const member of lyon) await join(member);
    const paris = await person('eve', peer({ region: 'Paris' }));
    await join(paris);
    const grenoble = await person('gil', peer({ region: 'grenoble', situation: 'student' }));
    await join(grenoble);
    expect(await circleFigures(services.store, community.id)).toMatchObject({
      circles: { active: 1, members: 4, waiting: 2 },
    });
    expect(await circleFigures(services.store, community.id, 'auvergne rhone alpes')).toMatchObject({
      circles: { active: 1, members: 4, waiting: 1 },
    });
    expect(await circleFigures(services.store, community.id, 'Bretagne')).toEqual({
      circles: { active: 0, members: 0, waiting: 0 },
      events: { count: 0, participants: 0, groups: 0 },
    });
    const region = await membersOfRegion(services.store, community.id, 'Auvergne-Rhône-Alpes');
    expect(region).toEqual(expect.arrayContaining([...lyon, grenoble].map((m) => m.id)));
    expect(region).not.toContain(paris.id);
  });
});
