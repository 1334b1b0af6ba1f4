import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { scopedActionId } from '../../src/core/action-ids.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Modal, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers } from '../support/matching-fixtures.ts';

/**
 * A member's reminders in `profile`: time zone, quiet hours, snooze, kinds turned off, and
 * the one-click stop every nudge DM carries. All of it is on her member row, which the
 * scheduler reads at each tick.
 */
describe('nudge preferences', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  let ada: Member;
  const clock = createManualClock('2026-04-04T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    community = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'guild-prefs',
      name: 'Duchess',
    });
    ada = await createPerson(services.store, community, 'user-ada', menteeAnswers);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await services.store.members.update(ada.id, {
      timeZone: null,
      quietFrom: null,
      quietTo: null,
      snoozedUntil: null,
      nudgeOptOut: [],
    });
  });

  async function dispatch(
    input: IncomingInteraction['input'],
    options: { userId?: string; inDm?: boolean; timeZone?: string } = {},
  ): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      ...(options.inDm ? {} : { community: { externalId: 'guild-prefs' } }),
      user: {
        externalId: options.userId ?? 'user-ada',
        locale: 'fr',
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      },
      isPlatformAdmin: async () => false,
      richForms: false,
      input,
    });
    return reply;
  }
  const stored = () => services.store.members.get(ada.id);
  const textOf = (reply: Reply) =>
    reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '';
  const modalOf = (reply: Reply): Modal => {
    if (reply.kind !== 'modal') throw new Error(`expected a modal, got ${reply.kind}`);
    return reply.modal;
  };

  it('shows her reminders with the community defaults until she sets her own', async () => {
    const panel = await dispatch({ kind: 'action', id: 'profile:nudges', values: [] });
    expect(textOf(panel)).toContain('Europe/Paris');
    expect(textOf(panel)).toContain('(celui de la communauté)');
    expect(textOf(panel)).toContain('Heures calmes : 21:00 – 08:00');
    expect(textOf(panel)).toContain('Tous tes rappels sont actifs');
  });

  it('stores the time zone she picks, and refuses one that does not exist, keeping what she typed', async () => {
    await dispatch({ kind: 'action', id: 'profile:timezone', values: ['Pacific/Noumea'] });
    expect((await stored()).timeZone).toBe('Pacific/Noumea');

    const refused = await dispatch({ kind: 'form', id: 'profile:timezone', values: { timeZone: 'Mars/Olympus' } });
    expect(refused.kind).toBe('form-errors');
    expect(textOf(refused)).toContain('**Fuseau horaire**');
    expect(textOf(refused)).toContain('Mars/Olympus');
    expect((await stored()).timeZone).toBe('Pacific/Noumea');
    const reopened = modalOf(await dispatch({ kind: 'action', id: 'profile:timezone-open', values: [] }));
    expect(reopened.fields[0]).toMatchObject({ id: 'timeZone', value: 'Mars/Olympus' });
  });

  it('saves quiet hours typed as HH:MM, and names each wrong field without saving either', async () => {
    await dispatch({ kind: 'form', id: 'profile:quiet', values: { quietFrom: '22:30', quietTo: '7h' } });
    expect(await stored()).toMatchObject({ quietFrom: 22 * 60 + 30, quietTo: 7 * 60 });

    const refused = await dispatch({
      kind: 'form',
      id: 'profile:quiet',
      values: { quietFrom: '25:00', quietTo: '08:00' },
    });
    if (refused.kind !== 'form-errors') throw new Error(`expected form errors, got ${refused.kind}`);
    // What she typed is quoted as member text (rendered inert by the adapters).
    expect(Object.keys(refused.errors)).toEqual(['quietFrom']);
    expect(withoutMarkers(refused.errors.quietFrom!)).toBe(
      '« 25:00 » n’est pas une heure ; écris-la au format HH:MM, par exemple 21:00.',
    );
    expect(refused.fallback.text).toContain('**Début des heures calmes**');
    expect(JSON.stringify(refused.fallback.blocks)).toContain('"action":"profile:quiet-open"');
    // Nothing saved: the valid "to" waits with the wrong "from" for her correction.
    expect(await stored()).toMatchObject({ quietFrom: 22 * 60 + 30, quietTo: 7 * 60 });
    const reopened = modalOf(await dispatch({ kind: 'action', id: 'profile:quiet-open', values: [] }));
    expect(reopened.fields.map((f) => (f.type === 'text' ? f.value : null))).toEqual(['25:00', '08:00']);
  });

  it('snoozes for a period or until a day in her time zone, and resumes now', async () => {
    await services.store.members.update(ada.id, { timeZone: 'America/Montreal' });
    await dispatch({ kind: 'action', id: 'profile:snooze:2w', values: [] });
    expect((await stored()).snoozedUntil?.toISOString()).toBe('2026-04-18T09:00:00.000Z');

    await dispatch({ kind: 'form', id: 'profile:snooze-until', values: { snoozeUntil: '2026-05-01' } });
    // Midnight in Montréal (UTC−4 in May).
    expect((await stored()).snoozedUntil?.toISOString()).toBe('2026-05-01T04:00:00.000Z');

    for (const typed of ['01/05/2026', '2026-02-30', '2026-04-01']) {
      const refused = await dispatch({ kind: 'form', id: 'profile:snooze-until', values: { snoozeUntil: typed } });
      expect(refused.kind, typed).toBe('form-errors');
      expect(textOf(refused)).toContain(typed);
    }
    expect((await stored()).snoozedUntil?.toISOString()).toBe('2026-05-01T04:00:00.000Z');

    await dispatch({ kind: 'action', id: 'profile:unsnooze', values: [] });
    expect((await stored()).snoozedUntil).toBeNull();
  });

  it('turns off the kinds she picks and keeps only real member kinds', async () => {
    await dispatch({ kind: 'action', id: 'profile:opt-out', values: ['ghost', 'checkinReminder'] });
    expect((await stored()).nudgeOptOut.sort()).toEqual(['checkinReminder', 'ghost']);
    const refused = await dispatch({ kind: 'action', id: 'profile:opt-out', values: ['ghost', 'spam'] });
    expect(textOf(refused)).toContain('plus valable');
    expect((await stored()).nudgeOptOut.sort()).toEqual(['checkinReminder', 'ghost']);
    await dispatch({ kind: 'action', id: 'profile:opt-out', values: [] });
    expect((await stored()).nudgeOptOut).toEqual([]);
  });

  it('stops a kind in one click from a DM, once however often she clicks, and undoes it', async () => {
    const stop = scopedActionId(community.id, 'profile', 'stop', 'checkin');
    const first = await dispatch({ kind: 'action', id: stop, values: [] }, { inDm: true });
    expect(first).toMatchObject({
      kind: 'message',
      ephemeral: true,
      update: true,
      text: 'Tu ne recevras plus ce type de message. Pour le réactiver : /marraine profil',
    });
    expect(JSON.stringify(first)).toContain(
      `"action":"${scopedActionId(community.id, 'profile', 'resume-kind', 'checkin')}"`,
    );
    await dispatch({ kind: 'action', id: stop, values: [] }, { inDm: true });
    expect((await stored()).nudgeOptOut).toEqual(['checkin']);
    const audits = await services.store.auditLog.list(community.id, { action: 'nudges.stopped' });
    expect(audits.filter((a) => a.targetId === ada.id)).toHaveLength(1);

    await dispatch(
      { kind: 'action', id: scopedActionId(community.id, 'profile', 'resume-kind', 'checkin'), values: [] },
      { inDm: true },
    );
    expect((await stored()).nudgeOptOut).toEqual([]);
  });

  it('keeps both kinds when she stops two together (the embedded database runs them one after the other)', async () => {
    await Promise.all(
      (['checkin', 'ghost', 'programEnd'] as const).map((kind) =>
        dispatch(
          { kind: 'action', id: scopedActionId(community.id, 'profile', 'stop', kind), values: [] },
          { inDm: true },
        ),
      ),
    );
    expect((await stored()).nudgeOptOut.sort()).toEqual(['checkin', 'ghost', 'programEnd']);
  });

  it('refuses a stop for a kind that does not exist', async () => {
    const reply = await dispatch(
      { kind: 'action', id: scopedActionId(community.id, 'profile', 'stop', 'everything'), values: [] },
      { inDm: true },
    );
    expect(textOf(reply)).toContain('plus valable');
    expect((await stored()).nudgeOptOut).toEqual([]);
  });

  it('takes the time zone her platform tells only while she has none', async () => {
    await dispatch({ kind: 'action', id: 'profile:nudges', values: [] }, { timeZone: 'America/Montreal' });
    expect((await stored()).timeZone).toBe('America/Montreal');
    await services.store.members.update(ada.id, { timeZone: 'Pacific/Noumea' });
    await dispatch({ kind: 'action', id: 'profile:nudges', values: [] }, { timeZone: 'America/Montreal' });
    expect((await stored()).timeZone).toBe('Pacific/Noumea');
    await services.store.members.update(ada.id, { timeZone: null });
    await dispatch({ kind: 'action', id: 'profile:nudges', values: [] }, { timeZone: 'Not/AZone' });
    expect((await stored()).timeZone).toBeNull();
  });
});
