import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Modal, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';

/**
 * The admin's side of nudges: each kind and its timing for the community, the pairs that
 * need a moderator, and community reminders. Only admins get in, checked on the server.
 */
describe('nudges in admin', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock('2026-03-25T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'guild-admin-nudges',
      name: 'Duchess',
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, adminUsers: ['user-boss'] },
    });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input'], richForms = false): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'guild-admin-nudges' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms,
      input,
    });
    return reply;
  }
  const textOf = (reply: Reply) =>
    withoutMarkers(reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '');
  const settings = async () => (await services.store.communities.get(community.id)).settings.nudges;

  it('refuses every nudge setting and reminder action to a member who is not an admin', async () => {
    const before = await settings();
    const attempts: IncomingInteraction['input'][] = [
      { kind: 'action', id: 'admin:nudges', values: [] },
      { kind: 'action', id: 'admin:nudge-hour', values: ['6'] },
      { kind: 'action', id: 'admin:nudge-kinds', values: [] },
      { kind: 'action', id: 'admin:reminders', values: [] },
      {
        kind: 'form',
        id: 'admin:reminder-new:500000000000000042',
        values: { reminderText: 'Pirate', schedule: 'tous les jours à 9h' },
      },
    ];
    for (const input of attempts) {
      expect(textOf(await dispatch('user-eve', input)), JSON.stringify(input)).toBe(
        'Seules les personnes qui administrent cet espace peuvent faire cela.',
      );
    }
    expect(await settings()).toEqual(before);
    expect(await services.store.reminders.list(community.id)).toEqual([]);
  });

  it('saves the nudge hour, the check-in rhythm and the kinds on, audited', async () => {
    await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-hour', values: ['18'] });
    await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-weeks', values: ['4'] });
    await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-months', values: ['9'] });
    const allButGhost = [
      'checkin',
      'checkinReminder',
      'notYetReminder',
      'requestReminder',
      'requestExpired',
      'programEnd',
      'communityReminder',
      'challenge',
    ];
    const panel = await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-kinds', values: allButGhost });
    expect(await settings()).toMatchObject({ hour: 18, checkinWeeks: 4, programMonths: 9, disabled: ['ghost'] });
    expect(textOf(panel)).toContain('Point toutes les 4 semaines');
    const audits = await services.store.auditLog.list(community.id, { action: 'settings.changed' });
    expect(audits[0]?.details).toEqual({ changed: { nudges: expect.objectContaining({ disabled: ['ghost'] }) } });

    // Out of bounds (a forged or stale select): refused, nothing changed.
    expect(textOf(await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-hour', values: ['25'] }))).toContain(
      'plus valable',
    );
    expect((await settings()).hour).toBe(18);
  });

  it('sets the reminder delays in a form; a wrong one is named with its bounds, nothing saved, what she typed offered back', async () => {
    const form = await dispatch('user-boss', { kind: 'action', id: 'admin:nudge-delays-open', values: [] });
    if (form.kind !== 'modal') throw new Error(`expected a form, got ${form.kind}`);
    expect(form.modal.fields.map((f) => [f.id, f.type === 'text' ? f.value : undefined])).toEqual([
      ['checkinReminderDays', '3'],
      ['notYetReminderDays', '7'],
      ['requestReminderDays', '3'],
      ['ghostAfter', '3'],
      ['extendMonths', '3'],
    ]);
    const typed = {
      checkinReminderDays: '5',
      notYetReminderDays: '10',
      requestReminderDays: '99',
      ghostAfter: '3',
      extendMonths: '6',
    };
    const refused = await dispatch('user-boss', { kind: 'form', id: 'admin:nudge-delays', values: typed });
    expect(refused).toMatchObject({ kind: 'form-errors', errors: { requestReminderDays: 'Un nombre entre 1 et 30.' } });
    expect(Object.keys(refused.kind === 'form-errors' ? refused.errors : {})).toEqual(['requestReminderDays']);
    expect(await settings()).toMatchObject({
      checkinReminderDays: 3,
      notYetReminderDays: 7,
      requestReminderDays: 3,
      ghostAfter: 3,
      extendMonths: 3,
    });
    // Discord closed the form: its "fix" button reopens it with what she typed.
    const retry = JSON.stringify(refused.kind === 'form-errors' ? refused.fallback.blocks : []).match(
      /"action":"(admin:nudge-delays-open[^"]*)"/,
    )?.[1];
    const reopened = await dispatch('user-boss', { kind: 'action', id: retry ?? 'missing', values: [] });
    expect(
      reopened.kind === 'modal' ? reopened.modal.fields.map((f) => (f.type === 'text' ? f.value : undefined)) : [],
    ).toEqual(['5', '10', '99', '3', '6']);

    const saved = await dispatch('user-boss', {
      kind: 'form',
      id: 'admin:nudge-delays',
      values: { ...typed, requestReminderDays: '2' },
    });
    expect(await settings()).toMatchObject({
      checkinReminderDays: 5,
      notYetReminderDays: 10,
      requestReminderDays: 2,
      ghostAfter: 3,
      extendMonths: 6,
    });
    expect(textOf(saved)).toContain('rappel d’une demande après 2 j');
    // And nobody else may.
    expect(
      textOf(
        await dispatch('user-eve', {
          kind: 'form',
          id: 'admin:nudge-delays',
          values: { ...typed, requestReminderDays: '1' },
        }),
      ),
    ).toContain('Seules les personnes');
    expect((await settings()).requestReminderDays).toBe(2);
  });

  it('lists the pairs silent too long or asking for help nobody took, mentioning both members', async () => {
    const people: Member[] = [];
    for (const name of ['m1', 'm2', 'm3', 'u1', 'u2', 'u3']) {
      people.push(
        await createPerson(services.store, community, name, name.startsWith('m') ? mentorAnswers() : menteeAnswers),
      );
    }
    const pair = (i: number, silentCheckIns: number) =>
      database.prisma.pair.create({
        data: {
          communityId: community.id,
          mentorId: people[i]!.id,
          menteeId: people[i + 3]!.id,
          startedAt: clock.now(),
          silentCheckIns,
        },
      });
    await pair(0, 3);
    const helped = await pair(1, 0);
    await pair(2, 2);
    await database.prisma.checkIn.create({
      data: { pairId: helped.id, dueOn: new Date('2026-03-20'), answer: 'need_help', answeredAt: clock.now() },
    });

    const panel = textOf(await dispatch('user-boss', { kind: 'action', id: 'admin:nudges', values: [] }));
    expect(panel).toContain('<@u1> et <@m1> : 3 points sans réponse');
    expect(panel).toContain('<@u2> et <@m2> : 1 demande d’aide à prendre');
    expect(panel).not.toContain('<@u3>');

    await database.prisma.checkIn.updateMany({ where: { pairId: helped.id }, data: { takenById: people[0]!.id } });
    expect(textOf(await dispatch('user-boss', { kind: 'action', id: 'admin:nudges', values: [] }))).not.toContain(
      '<@u2>',
    );
  });

  it('refuses a schedule it cannot read, naming the field with examples, and reopens the form with what she typed', async () => {
    const refused = await dispatch('user-boss', {
      kind: 'form',
      id: 'admin:reminder-new:500000000000000042',
      values: { reminderText: 'Réunion des déléguées', schedule: 'un mardi sur deux' },
    });
    if (refused.kind !== 'form-errors') throw new Error(`expected form errors, got ${refused.kind}`);
    expect(Object.keys(refused.errors)).toEqual(['schedule']);
    expect(withoutMarkers(refused.errors.schedule!)).toContain(
      '« un mardi sur deux » n’est pas un horaire que je comprends. Exemples : « tous les jours à 9h »',
    );
    expect(refused.fallback.text).toContain('**Quand**');
    expect(JSON.stringify(refused.fallback.blocks)).toContain('"action":"admin:reminder-open:500000000000000042"');
    expect(await services.store.reminders.list(community.id)).toEqual([]);
  });

  it('refuses a reminder channel that is no channel id (a forged select’s text), before it goes into a form id', async () => {
    const long = 'é'.repeat(200);
    for (const input of [
      { kind: 'action', id: 'admin:reminder-channel', values: [long] },
      { kind: 'action', id: 'admin:reminder-open:<#1>', values: [] },
      { kind: 'form', id: 'admin:reminder-new:x y', values: { reminderText: 'Café', schedule: 'tous les jours à 9h' } },
    ] satisfies IncomingInteraction['input'][])
      expect(textOf(await dispatch('user-boss', input)), JSON.stringify(input).slice(0, 80)).toContain(
        'Ce bouton n’est plus valable.',
      );
    expect(await services.store.reminders.list(community.id)).toEqual([]);
  });

  it('creates a reminder and shows its next three dates in the community time zone, across the change to summer time', async () => {
    // With a profile, what she types in a refused form waits there for her (next test).
    await createPerson(services.store, community, 'user-boss', menteeAnswers);
    const reply = await dispatch('user-boss', {
      kind: 'form',
      id: 'admin:reminder-new:500000000000000042',
      values: { reminderText: 'Café des déléguées <@everyone>', schedule: 'tous les jours à 9h' },
    });
    const text = textOf(reply);
    expect(text).toContain('Rappel créé.');
    expect(text).toContain('<#500000000000000042> — tous les jours à 9h');
    // 25 March 09:00 UTC is past 9:00 in Paris: the next are 26, 27 and 28 March (UTC+1), all at 09:00 local.
    expect(text).toContain(
      'Prochains : jeudi 26 mars 2026 à 09:00 ; vendredi 27 mars 2026 à 09:00 ; samedi 28 mars 2026 à 09:00',
    );
    clock.set('2026-03-28T12:00:00Z');
    expect(textOf(await dispatch('user-boss', { kind: 'action', id: 'admin:reminders', values: [] }))).toContain(
      'Prochains : dimanche 29 mars 2026 à 09:00 ; lundi 30 mars 2026 à 09:00 ; mardi 31 mars 2026 à 09:00',
    );
    const [reminder] = await services.store.reminders.list(community.id);
    expect(reminder).toMatchObject({ cron: '0 9 * * *', enabled: true, text: 'Café des déléguées <@everyone>' });
    expect(
      (await services.store.auditLog.list(community.id, { action: 'reminder.created' })).map((a) => a.targetId),
    ).toEqual([reminder!.id]);
  });

  it('keeps what she typed in a refused form for the next opening, then forgets it once saved', async () => {
    await dispatch('user-boss', {
      kind: 'form',
      id: 'admin:reminder-new:500000000000000042',
      values: { reminderText: 'Atelier CV', schedule: 'de temps en temps' },
    });
    const form = await dispatch('user-boss', {
      kind: 'action',
      id: 'admin:reminder-open:500000000000000042',
      values: [],
    });
    const modal = (form as { modal: Modal }).modal;
    expect(modal.fields.map((f) => (f.type === 'text' ? f.value : f.id))).toEqual(['Atelier CV', 'de temps en temps']);
    await dispatch('user-boss', {
      kind: 'form',
      id: 'admin:reminder-new:500000000000000042',
      values: { reminderText: 'Atelier CV', schedule: 'le 15 de chaque mois à 12h' },
    });
    const again = (await dispatch('user-boss', {
      kind: 'action',
      id: 'admin:reminder-open:500000000000000042',
      values: [],
    })) as { modal: Modal };
    expect(again.modal.fields.map((f) => (f.type === 'text' ? (f.value ?? null) : f.id))).toEqual([null, null]);
  });

  it('disables, enables and deletes a reminder of its own community only', async () => {
    const [first] = await services.store.reminders.list(community.id);
    await dispatch('user-boss', { kind: 'action', id: `admin:reminder-toggle:${first!.id}:off`, values: [] });
    expect((await services.store.reminders.list(community.id, { enabled: true })).map((r) => r.id)).not.toContain(
      first!.id,
    );
    expect(textOf(await dispatch('user-boss', { kind: 'action', id: 'admin:reminders', values: [] }))).toContain(
      'désactivé',
    );
    await dispatch('user-boss', { kind: 'action', id: `admin:reminder-toggle:${first!.id}:on`, values: [] });
    expect((await services.store.reminders.list(community.id, { enabled: true })).map((r) => r.id)).toContain(
      first!.id,
    );

    const other = await services.store.communities.ensure({ platform: 'discord', externalId: 'guild-other' });
    const foreign = await services.store.reminders.create({
      communityId: other.id,
      channelId: 'C-x',
      text: 'x',
      schedule: 'tous les jours à 9h',
      cron: '0 9 * * *',
      createdById: null,
    });
    expect(
      textOf(await dispatch('user-boss', { kind: 'action', id: `admin:reminder-delete:${foreign.id}`, values: [] })),
    ).toContain('plus valable');
    expect(await services.store.reminders.list(other.id)).toHaveLength(1);

    await dispatch('user-boss', { kind: 'action', id: `admin:reminder-delete:${first!.id}`, values: [] });
    expect((await services.store.reminders.list(community.id)).map((r) => r.id)).not.toContain(first!.id);
  });
});
