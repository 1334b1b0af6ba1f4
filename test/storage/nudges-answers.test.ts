import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createCheckinService } from '../../src/core/nudges/checkins.ts';
import checkin from '../../commands/checkin.ts';
import { createDispatcher } from '../../src/core/dispatcher.ts';
import { createServices } from '../../src/core/services.ts';
import { checkinSource } from '../../src/core/nudges/checkin-source.ts';
import type { Message } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/outbox-platform.ts';
import { rejection } from '../support/matching-fixtures.ts';

describeEachDatabase('check-in answers', (kind) => {
  let database: Database;
  let store: Store;
  let community: Community;
  let ada: Member, nadia: Member, eve: Member, mod: Member;
  let checkInId: string;
  const clock = createManualClock('2026-02-02T09:00:00Z');
  const service = () => createCheckinService({ store, clock });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    clock.set('2026-02-02T09:00:00Z');
    const created = await store.communities.ensure({
      platform: 'discord',
      externalId: `g-${Math.random()}`,
      name: 'Duchess',
      timeZone: 'Europe/Paris',
    });
    community = await store.communities.update(created.id, {
      settings: {
        ...created.settings,
        channels: { moderationQueue: 'C-mod' },
        moderatorRoles: ['R-mod'],
        moderatorUsers: ['mod'],
      },
    });
    const member = (name: string) =>
      store.members.ensure({ communityId: community.id, externalUserId: name, displayName: name });
    [ada, nadia, eve, mod] = await Promise.all([member('ada'), member('nadia'), member('eve'), member('mod')]);
    await store.matching.createPair({
      communityId: community.id,
      menteeId: ada.id,
      mentorId: nadia.id,
      requestId: null,
      startedAt: new Date('2026-01-12T10:00:00Z'),
    });
    // Three weeks later, the check-in is due: one tick creates it and queues both questions.
    await createScheduler({ store, clock, logger: silentLogger, sources: [checkinSource] }).tick();
    checkInId = (await database.prisma.checkIn.findFirstOrThrow({ where: { pair: { menteeId: ada.id } } })).id;
  });

  const row = (key: string) => store.outbox.get(community.id, key);

  it('asks both members, each with the three answers and the one-click stop', async () => {
    const question = (await row(`checkin:${checkInId}:${ada.id}`))!;
    expect(question.target).toEqual({ kind: 'dm', userId: 'ada' });
    expect(question.message.text).toBe('Petit point marrainage avec <@nadia> : avez-vous réussi à vous voir ?');
    const actions = (question.message as Message).blocks!.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => e.action) : [],
    );
    expect(actions).toEqual([
      `${community.id}/checkin:answer:${checkInId}:met`,
      `${community.id}/checkin:answer:${checkInId}:not_yet`,
      `${community.id}/checkin:answer:${checkInId}:need_help`,
      `${community.id}/profile:stop:checkin`,
    ]);
    expect((await row(`checkin:${checkInId}:${nadia.id}`))?.target).toEqual({ kind: 'dm', userId: 'nadia' });
  });

  it('only a member of the pair may answer', async () => {
    expect(await rejection(service().answer(community, eve, checkInId, 'met'))).toBe('checkin.error.notYours');
    expect((await store.nudges.get(checkInId))?.answer).toBeNull();
  });

  it('the first answer wins; a second click is told who answered', async () => {
    clock.advance(60_000);
    expect(await service().answer(community, ada, checkInId, 'met')).toEqual({ status: 'saved', answer: 'met' });
    const partner = await service().answer(community, nadia, checkInId, 'not_yet');
    expect(partner).toMatchObject({ status: 'already', answer: 'met', byYou: false, by: { id: ada.id } });
    expect(await service().answer(community, ada, checkInId, 'need_help')).toMatchObject({
      status: 'already',
      answer: 'met',
      byYou: true,
    });
    const pair = await database.prisma.pair.findFirstOrThrow({ where: { menteeId: ada.id } });
    // "met" restarts the pair's clock.
    expect(pair.lastMetAt).toEqual(clock.now());
    expect(await row(`checkin.help:${checkInId}`)).toBeNull();
  });

  it('two answers at once store one', async () => {
    const results = await Promise.all([
      service().answer(community, ada, checkInId, 'met'),
      service().answer(community, nadia, checkInId, 'not_yet'),
    ]);
    expect(results.filter((r) => r.status === 'saved')).toHaveLength(1);
  });

  it('need help alerts the moderation channel with a take button; taking it edits the alert, once', async () => {
    expect(await service().answer(community, nadia, checkInId, 'need_help')).toEqual({
      status: 'saved',
      answer: 'need_help',
    });
    const alert = (await row(`checkin.help:${checkInId}`))!;
    expect(alert.target).toEqual({ kind: 'channel', channelId: 'C-mod' });
    expect(alert.message.text).toContain('<@nadia> demande de l’aide pour son binôme avec <@ada>');
    expect(alert.message.text).toContain('Modération : <@&R-mod> <@mod>');
    const take = (alert.message as Message).blocks!.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(take.map((e) => e.action)).toEqual([`${community.id}/checkin:take:${checkInId}`]);

    expect(await service().take(community, mod, checkInId)).toMatchObject({ status: 'taken', asker: { id: nadia.id } });
    const edit = (await row(`checkin.help.taken:${checkInId}`))!;
    expect(edit.target).toEqual({ kind: 'edit', of: `checkin.help:${checkInId}` });
    expect(edit.message.text).toContain('✅ Pris en charge par <@mod>.');
    expect((edit.message as Message).blocks!.some((b) => b.type === 'actions')).toBe(false);
    expect((await row(`checkin.help.ack:${checkInId}`))?.target).toEqual({ kind: 'dm', userId: 'nadia' });
    expect((await store.nudges.get(checkInId))?.takenById).toBe(mod.id);
    expect(await service().take(community, eve, checkInId)).toMatchObject({ status: 'already', by: { id: mod.id } });
  });

  it('without a moderation channel, each moderator and admin gets the alert in a DM', async () => {
    community = await store.communities.update(community.id, {
      settings: { ...community.settings, channels: {}, adminUsers: ['boss'] },
    });
    await service().answer(community, ada, checkInId, 'need_help');
    expect((await row(`checkin.help:${checkInId}:mod`))?.target).toEqual({ kind: 'dm', userId: 'mod' });
    expect((await row(`checkin.help:${checkInId}:boss`))?.target).toEqual({ kind: 'dm', userId: 'boss' });
    await service().take(community, mod, checkInId);
    expect((await row(`checkin.help.taken:${checkInId}:boss`))?.target).toEqual({
      kind: 'edit',
      of: `checkin.help:${checkInId}:boss`,
    });
  });

  it('a meeting reported with the command restarts the clock and closes the open check-in', async () => {
    clock.advance(24 * 60 * 60_000);
    const { partner } = await service().reportMeeting(community, nadia);
    expect(partner.id).toBe(ada.id);
    expect((await store.nudges.get(checkInId))?.answer).toBe('met');
    expect((await store.auditLog.list(community.id, { action: 'pair.met' })).map((e) => e.actorId)).toEqual([nadia.id]);
    // The next check-in is three weeks after the meeting, not after the check-in.
    clock.set('2026-02-23T09:59:00Z');
    const scheduler = createScheduler({ store, clock, logger: silentLogger, sources: [checkinSource] });
    const pairId = (await store.nudges.activePairsOf(ada.id))[0]!.id;
    await scheduler.tick();
    expect((await store.nudges.latestOf(pairId))?.dueOn).toBe('2026-02-02');
    // 24 February has begun somewhere on Earth (UTC+14) at 10:00 UTC on the 23rd: the row exists, each member gets it at 10:00 her time.
    clock.set('2026-02-23T10:00:00Z');
    await scheduler.tick();
    expect((await store.nudges.latestOf(pairId))?.dueOn).toBe('2026-02-24');
    expect(await row(`checkin:${(await store.nudges.latestOf(pairId))!.id}:${ada.id}`)).toBeNull();
  });

  it('a member who does not moderate cannot take the alert; a moderator by role can, through the command', async () => {
    await service().answer(community, ada, checkInId, 'need_help');
    const dispatcher = createDispatcher({
      commands: [checkin],
      services: createServices({ store, clock, defaults: { locale: 'fr', timeZone: 'Europe/Paris' } }),
      logger: silentLogger,
    });
    const click = (user: string, roleIds: string[]) =>
      dispatcher.dispatch({
        platform: 'discord',
        deliveryKey: `d-${Math.random()}`,
        community: { externalId: community.externalId },
        user: { externalId: user },
        roleIds,
        isPlatformAdmin: async () => false,
        richForms: false,
        input: { kind: 'action', id: `${community.id}/checkin:take:${checkInId}`, values: [] },
      });
    expect((await click('eve', [])).reply).toMatchObject({ text: 'Seule l’équipe de modération peut faire cela.' });
    expect((await store.nudges.get(checkInId))?.takenById).toBeNull();
    expect((await click('zoe', ['R-mod'])).reply).toMatchObject({
      text: 'Merci ! Tu t’en occupes : pense à contacter <@ada>.',
    });
    expect(await row(`checkin.help.taken:${checkInId}`)).not.toBeNull();
  });
});
