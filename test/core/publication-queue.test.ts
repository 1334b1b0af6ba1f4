import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { person, post, postsCommunity } from '../support/publication-seed.ts';

/**
 * The moderators' publication queue, through the dispatcher and the real `share`
 * command: reorder, publish now, skip a day and undo; only moderators get in.
 */
describe('publication queue panel', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  let mod: Member;
  const ids: Record<string, string> = {};
  // Tuesday 10 March 2026, 10:00 in Paris.
  const clock = createManualClock('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    community = await postsCommunity(services.store, 'G-queue', { timeZone: 'Europe/Paris', moderatorUsers: ['mod'] });
    const [ada, bea, cleo] = [
      await person(services.store, community, 'ada'),
      await person(services.store, community, 'bea'),
      await person(services.store, community, 'cleo'),
    ];
    mod = await person(services.store, community, 'mod');
    ids.ada = await post(database.prisma, community, ada, { caption: 'Ada code', rank: 1 });
    ids.bea = await post(database.prisma, community, bea, { caption: 'Bea parle', rank: 2 });
    ids.cleo = await post(database.prisma, community, cleo, { caption: 'Cleo en meetup', rank: 3 });
    ids.mod = await post(database.prisma, community, mod, { caption: 'La modératrice', rank: 4 });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input']): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'G-queue' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms: false,
      input,
    });
    return reply;
  }
  const click = (userId: string, id: string, values: string[] = []) => dispatch(userId, { kind: 'action', id, values });
  const textOf = (reply: Reply) =>
    withoutMarkers(reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '');
  const order = async () => (await services.store.publication.queue(community.id, 10)).map((s) => s.caption);

  it('refuses every queue action to a member who does not moderate, and changes nothing', async () => {
    const attempts: IncomingInteraction['input'][] = [
      { kind: 'action', id: 'share:queue-open', values: [] },
      { kind: 'action', id: `share:queue-up:${ids.cleo}`, values: [] },
      { kind: 'action', id: `share:queue-top:${ids.cleo}`, values: [] },
      { kind: 'action', id: `share:queue-publish-yes:${ids.ada}`, values: [] },
      { kind: 'action', id: 'share:queue-skip:2026-03-11', values: [] },
      { kind: 'action', id: 'share:queue-unskip', values: ['2026-03-11'] },
      { kind: 'form', id: 'share:queue-skip-date', values: { skipDay: '24/12/2026' } },
    ];
    for (const input of attempts)
      expect(textOf(await dispatch('eve', input)), JSON.stringify(input)).toContain('modération');
    expect(await order()).toEqual(['Ada code', 'Bea parle', 'Cleo en meetup', 'La modératrice']);
    expect(await services.store.publication.skipsFrom(community.id, '2026-01-01')).toEqual([]);
  });

  it('shows the queue in order with the next publication time, and reorders it in place, audited', async () => {
    const opened = await click('mod', 'share:queue-open');
    expect(opened).toMatchObject({ kind: 'message', ephemeral: true });
    expect(opened.kind === 'message' && opened.update).toBeFalsy();
    const text = textOf(opened);
    expect(text).toContain('4 publications approuvées attendent');
    expect(text).toContain('Prochaine publication : mardi 10 mars 2026 à 12:00 (1 par jour)');
    expect(text.indexOf('Ada code')).toBeLessThan(text.indexOf('Bea parle'));
    expect(text).toContain('<@bea>');

    const picked = await click('mod', 'share:queue-pick', [ids.cleo as string]);
    expect(picked).toMatchObject({ update: true });
    expect(textOf(picked)).toContain('Sélectionnée : n° 3');

    expect(await click('mod', `share:queue-up:${ids.cleo}`)).toMatchObject({ update: true });
    expect(await order()).toEqual(['Ada code', 'Cleo en meetup', 'Bea parle', 'La modératrice']);
    const moved = await click('mod', `share:queue-top:${ids.bea}`);
    expect(await order()).toEqual(['Bea parle', 'Ada code', 'Cleo en meetup', 'La modératrice']);
    expect(textOf(moved)).toContain('File mise à jour');
    await click('mod', `share:queue-up:${ids.cleo}`);
    expect(await order()).toEqual(['Bea parle', 'Cleo en meetup', 'Ada code', 'La modératrice']);

    // Her own post: another moderator moves it.
    expect(textOf(await click('mod', `share:queue-top:${ids.mod}`))).toContain('ta propre publication');
    const audit = await services.store.auditLog.list(community.id, { action: 'posts.queue_moved' });
    expect(audit.map((a) => [a.actorId, a.targetId, a.details])).toEqual([
      [mod.id, ids.cleo, { where: 'up', from: 3, to: 2 }],
      [mod.id, ids.bea, { where: 'top', from: 3, to: 1 }],
      [mod.id, ids.cleo, { where: 'up', from: 3, to: 2 }],
    ]);
  });

  it('publishes one post now, after a confirmation, outside the daily slots', async () => {
    const confirm = await click('mod', `share:queue-publish:${ids.ada}`);
    expect(textOf(confirm)).toContain('<#C-show>');
    expect(await order()).toHaveLength(4);
    const done = await click('mod', `share:queue-publish-yes:${ids.ada}`);
    expect(textOf(done)).toContain('Publication envoyée dans la vitrine');
    expect(done).toMatchObject({ update: true });
    expect(await order()).toEqual(['Bea parle', 'Cleo en meetup', 'La modératrice']);
    const row = await database.prisma.submission.findUniqueOrThrow({ where: { id: ids.ada as string } });
    expect([row.status, row.publishSlot, row.publishedOn?.toISOString().slice(0, 10)]).toEqual([
      'published',
      null,
      '2026-03-10',
    ]);
    const outbox = await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id },
      orderBy: { key: 'asc' },
    });
    expect(outbox.map((r) => [r.key, r.target])).toEqual([
      [`posts.publish-now:${ids.ada}`, { kind: 'channel', channelId: 'C-show' }],
      [`publish.dm:${ids.ada}`, { kind: 'dm', userId: 'ada' }],
    ]);
    // Twice is refused kindly; her own post is not hers to publish.
    expect(textOf(await click('mod', `share:queue-publish-yes:${ids.ada}`))).toContain('déjà publiée');
    expect(textOf(await click('mod', `share:queue-publish-yes:${ids.mod}`))).toContain('ta propre publication');
    const audit = await services.store.auditLog.list(community.id, { action: 'posts.published_now' });
    expect(audit.map((a) => [a.actorId, a.targetId])).toEqual([[mod.id, ids.ada]]);
  });

  it('skips tomorrow or a typed day, and undoes it', async () => {
    const skipped = await click('mod', 'share:queue-skip:2026-03-11');
    expect(textOf(skipped)).toContain('Rien ne sera publié le mercredi 11 mars 2026');
    expect(textOf(skipped)).toContain('Jours sans publication : mercredi 11 mars 2026');
    const typed = await dispatch('mod', {
      kind: 'form',
      id: 'share:queue-skip-date',
      values: { skipDay: '24/12/2026' },
    });
    expect(textOf(typed)).toContain('jeudi 24 décembre 2026');
    expect(await services.store.publication.skipsFrom(community.id, '2026-03-10')).toEqual([
      '2026-03-11',
      '2026-12-24',
    ]);
    // The next publication is after the day skipped.
    clock.set('2026-03-10T12:00:00Z');
    expect(textOf(await click('mod', 'share:queue-show'))).toContain(
      'Prochaine publication : jeudi 12 mars 2026 à 12:00',
    );

    const wrong = await dispatch('mod', {
      kind: 'form',
      id: 'share:queue-skip-date',
      values: { skipDay: '31/02/2026' },
    });
    expect(wrong.kind).toBe('form-errors');
    expect(textOf(wrong)).toContain('une date comme');
    expect(
      textOf(await dispatch('mod', { kind: 'form', id: 'share:queue-skip-date', values: { skipDay: '2026-03-01' } })),
    ).toContain('déjà passé');

    const undone = await click('mod', 'share:queue-unskip', ['2026-03-11']);
    expect(textOf(undone)).toContain('La publication du mercredi 11 mars 2026 est rétablie');
    expect(await services.store.publication.skipsFrom(community.id, '2026-03-10')).toEqual(['2026-12-24']);
    const audit = await services.store.auditLog.list(community.id);
    expect(audit.filter((a) => a.action.startsWith('posts.day_')).map((a) => [a.action, a.details])).toEqual([
      ['posts.day_unskipped', { day: '2026-03-11' }],
      ['posts.day_skipped', { day: '2026-12-24' }],
      ['posts.day_skipped', { day: '2026-03-11' }],
    ]);
  });
});
