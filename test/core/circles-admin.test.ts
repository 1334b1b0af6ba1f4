import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Platform } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { renderMessage } from '../../src/platforms/discord/render.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson } from '../support/matching-fixtures.ts';

const peer = (overrides: Partial<Answers> = {}): Answers => ({
  role: 'peer',
  situation: 'student',
  domains: ['front'],
  languages: ['fr'],
  remote: false,
  seeks: ['first-job'],
  region: 'Paris',
  hoursPerMonth: 4,
  consent: true,
  ...overrides,
});

/**
 * The circles' and regions' sides of `admin`, and `circle` itself, through the dispatcher:
 * only admins get in (checked on the server), a region's creation offers its monthly
 * meeting reminder, and members join, see and leave their circle.
 */
describe('circles, regions and `circle` through the dispatcher', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock('2026-09-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await services.store.communities.ensure({
      platform: 'slack',
      externalId: 'T-circles-admin',
      name: 'FDN',
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, adminUsers: ['U0BOSS'], channels: { matching: 'C0MATCH' } },
    });
    await services.store.communities.ensure({ platform: 'discord', externalId: 'G-circles-admin', name: 'FDN' });
  });
  afterAll(() => database?.close());

  async function dispatch(
    userId: string,
    input: IncomingInteraction['input'],
    platform: Platform = 'slack',
  ): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform,
      deliveryKey: randomUUID(),
      community: { externalId: platform === 'slack' ? 'T-circles-admin' : 'G-circles-admin' },
      user: { externalId: userId },
      isPlatformAdmin: async () => userId === 'U0BOSS',
      richForms: platform === 'slack',
      input,
    });
    return reply;
  }
  const action = (userId: string, id: string, values: string[] = [], platform: Platform = 'slack') =>
    dispatch(userId, { kind: 'action', id, values }, platform);
  const textOf = (reply: Reply) =>
    withoutMarkers(reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '');
  const ids = (reply: Reply) =>
    reply.kind === 'message'
      ? (reply.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action) : []))
      : [];

  it('keeps members who do not administer the space out of circles, events and regions', async () => {
    const attempts: IncomingInteraction['input'][] = [
      { kind: 'action', id: 'admin:circles', values: [] },
      { kind: 'action', id: 'admin:circles-form', values: [] },
      { kind: 'action', id: 'admin:events', values: [] },
      { kind: 'action', id: 'admin:regions', values: [] },
      { kind: 'form', id: 'admin:region-new', values: { regionName: 'Pirate', regionAliases: '' } },
      { kind: 'form', id: 'admin:event-new', values: { eventName: 'Pirate', eventDate: '2027-01-01' } },
    ];
    for (const input of attempts)
      expect(textOf(await dispatch('U0EVE', input)), JSON.stringify(input)).toBe(
        'Seules les personnes qui administrent cet espace peuvent faire cela.',
      );
    expect(await services.store.regions.list(community.id)).toEqual([]);
    expect(await services.events.list(community)).toEqual([]);
  });

  it('shows circles, events and regions on the admin panel, within Discord’s five rows', async () => {
    const more = await action('U0BOSS', 'admin:page:more', [], 'discord');
    expect(ids(more)).toEqual(expect.arrayContaining(['admin:circles', 'admin:events', 'admin:regions']));
    expect(
      more.kind === 'message' &&
        renderMessage(more).components.flatMap((row) =>
          row.components.map((c) => ('custom_id' in c ? c.custom_id : '')),
        ),
    ).toEqual(expect.arrayContaining(['admin:circles', 'admin:events', 'admin:regions']));
    const slack = await dispatch('U0BOSS', { kind: 'command', name: 'admin', options: {} });
    expect(ids(slack)).toEqual(expect.arrayContaining(['admin:circles', 'admin:events', 'admin:regions']));
  });

  it('creates a region with its delegate and other names, then adds its monthly meeting on the first Tuesday at 18:00', async () => {
    const form = await action('U0BOSS', 'admin:region-add');
    expect(form.kind === 'modal' && form.modal.fields.map((f) => f.id)).toEqual([
      'regionName',
      'regionAliases',
      'regionDelegate',
    ]);
    const created = await dispatch('U0BOSS', {
      kind: 'form',
      id: 'admin:region-new',
      values: { regionName: 'Île-de-France', regionAliases: 'Paris, Versailles; paris', regionDelegate: ['U0DEL'] },
    });
    expect(textOf(created)).toContain('La région Île-de-France est créée.');
    const [region] = await services.store.regions.list(community.id);
    expect(region).toMatchObject({ name: 'Île-de-France', aliases: ['Paris', 'Versailles'] });
    expect((await services.store.members.many([region!.delegateId!]))[0]?.externalUserId).toBe('U0DEL');
    expect(ids(created)).toContain(`admin:region-reminder:${region!.id}`);

    const added = await action('U0BOSS', `admin:region-reminder:${region!.id}`, ['C0IDF']);
    expect(textOf(added)).toContain(
      'Rappel mensuel ajouté dans <#C0IDF> : le premier mardi du mois à 18 h (prochain : mardi 1 septembre 2026 à 18:00)',
    );
    const [reminder] = await services.store.reminders.list(community.id);
    expect(reminder).toMatchObject({
      channelId: 'C0IDF',
      cron: '0 18 * * 2#1',
      schedule: 'le premier mardi du mois à 18h',
    });
    expect(reminder?.text).toContain('la rencontre mensuelle de la région Île-de-France');

    // Another region of the same name, whatever its case or accents: refused, named.
    const again = await dispatch('U0BOSS', {
      kind: 'form',
      id: 'admin:region-new',
      values: { regionName: 'ile de france', regionAliases: '' },
    });
    expect(again.kind === 'form-errors' && again.errors).toEqual({
      regionName: 'une région porte déjà ce nom (ou l’a parmi ses autres noms).',
    });

    // Members who typed one of its names are counted in it.
    await createPerson(services.store, community, 'U0PARIS', peer({ region: 'paris' }));
    await createPerson(services.store, community, 'U0IDF', peer({ region: 'ILE-DE-FRANCE' }));
    await createPerson(services.store, community, 'U0LYON', peer({ region: 'Lyon' }));
    expect(textOf(await action('U0BOSS', 'admin:regions'))).toContain(
      'Île-de-France — déléguée : <@U0DEL> — 2 membre(s) — aussi : Paris, Versailles',
    );
  });

  it('on Discord, picks the delegate first, then opens the form', async () => {
    const pick = await action('U0BOSS', 'admin:region-add', [], 'discord');
    expect(ids(pick)).toEqual(['admin:region-delegate', 'admin:region-open:-']);
    const form = await action('U0BOSS', 'admin:region-delegate', ['123456789012345678'], 'discord');
    expect(form.kind === 'modal' && form.modal).toMatchObject({ action: 'admin:region-new:123456789012345678' });
    expect(form.kind === 'modal' && form.modal.fields.map((f) => f.id)).toEqual(['regionName', 'regionAliases']);
    // A forged select's text is no user: refused before it goes into the form's id (fuzz seed 1325815323).
    expect(textOf(await action('U0BOSS', 'admin:region-delegate', ['é'.repeat(200)], 'discord'))).toContain(
      'Ce bouton n’est plus valable.',
    );
  });

  it('lets a member join, see and leave her circle, and an admin form the circles the waiting list allows', async () => {
    const intro = await dispatch('U0ADA', { kind: 'command', name: 'cercle', options: {} });
    expect(textOf(intro)).toContain('Pour rejoindre un cercle, réponds d’abord au questionnaire');
    expect(ids(intro)).toEqual([]);

    const [ada, bea] = [
      await createPerson(services.store, community, 'U0ADA', peer()),
      await createPerson(services.store, community, 'U0BEA', peer({ situation: 'junior' })),
    ];
    await createPerson(services.store, community, 'U0CAM', peer({ situation: 'returning' }));
    expect(ids(await dispatch('U0ADA', { kind: 'command', name: 'cercle', options: {} }))).toEqual(['circle:join']);
    for (const user of ['U0ADA', 'U0BEA', 'U0CAM'])
      expect(textOf(await action(user, 'circle:join'))).toContain('tu es sur la liste d’attente');
    const waiting = await dispatch('U0BEA', { kind: 'command', name: 'cercle', options: {} });
    expect(textOf(waiting)).toContain(
      'Tu attends un cercle depuis le 1 septembre 2026 (3 personnes en attente en tout)',
    );
    expect(ids(waiting)).toEqual(['circle:withdraw']);

    expect(textOf(await action('U0BOSS', 'admin:circles'))).toContain('3 personnes attendent un cercle');
    expect(textOf(await action('U0BOSS', 'admin:circles-form'))).toContain(
      '1 cercle formé (3 personnes placées ; 0 en attente).',
    );

    const mine = await dispatch('U0ADA', { kind: 'command', name: 'cercle', options: {} });
    expect(textOf(mine)).toContain('Ton cercle : le cercle 1');
    expect(textOf(mine)).toContain('Avec : <@U0BEA>, <@U0CAM>');
    // They all typed Paris, one of the region's names: their circle shares the region.
    expect(textOf(mine)).toContain('Vous partagez : Front-end, Île-de-France');
    expect(ids(await action('U0ADA', 'circle:leave-ask'))).toEqual(['circle:leave', 'circle:show']);
    expect(textOf(await action('U0ADA', 'circle:leave'))).toContain('Tu as quitté le cercle 1.');
    expect(await services.store.circles.activeOf(ada.id)).toBeNull();

    // The two left are told, each with what can be done; Bea sees it in `circle` too.
    const told = await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: 'circle.left:' } },
    });
    expect(told).toHaveLength(2);
    const short = await dispatch('U0BEA', { kind: 'command', name: 'cercle', options: {} });
    expect(textOf(short)).toContain('Un cercle, c’est au moins 3 personnes.');
    // A day later Ada asks again: she may be welcomed back.
    clock.advance(24 * 60 * 60_000);
    await action('U0ADA', 'circle:join');
    const offer = await dispatch('U0BEA', { kind: 'command', name: 'cercle', options: {} });
    expect(ids(offer)).toEqual([`${community.id}/circle:welcome:${ada.id}`, 'circle:leave-ask']);
    expect(textOf(await action('U0BEA', `${community.id}/circle:welcome:${ada.id}`))).toContain(
      'le cercle 1 s’agrandit',
    );
    const back = (await services.store.circles.activeOf(ada.id))?.memberIds;
    expect(back).toHaveLength(3);
    expect(back?.at(-1)).toBe(ada.id);
    expect(back).toContain(bea.id);
  });
});
