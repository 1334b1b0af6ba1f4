import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import type { Modal, Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';

/**
 * The free texts of the matching forms are bounded on the server, with the forms' own
 * limits: a forged or broken submission gets a message naming the field, and what she
 * typed comes back in the form she reopens.
 */
describe('matching forms on the server', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  let ada: Member;
  let nadia: Member;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock: createManualClock('2026-04-04T09:00:00Z'),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'guild-forms',
      name: 'Duchess',
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, channels: { matching: 'C-match' } },
    });
    ada = await createPerson(services.store, community, 'user-ada', menteeAnswers);
    nadia = await createPerson(services.store, community, 'user-nadia', mentorAnswers());
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input']): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'guild-forms' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms: false,
      input,
    });
    return reply;
  }
  const modalOf = (reply: Reply): Modal => {
    if (reply.kind !== 'modal') throw new Error(`expected a modal, got ${reply.kind}`);
    return reply.modal;
  };
  const posts = () => database.prisma.postedRequest.count({ where: { menteeId: ada.id } });

  it('refuses a note longer than the form allows, naming the field, and reopens the form with what she typed', async () => {
    const note = `${'Je cherche une marraine. '.repeat(24)}fin`;
    expect(note.length).toBeGreaterThan(500);
    const refused = await dispatch('user-ada', { kind: 'form', id: 'mentors:post', values: { note } });
    expect(refused).toMatchObject({ kind: 'form-errors', errors: { note: '500 caractères au plus.' } });
    if (refused.kind !== 'form-errors') return;
    expect(refused.fallback.text).toContain('**Ton mot** : 500 caractères au plus.');
    // A one-field form: no "other answers" to speak of, what she typed is what was kept.
    expect(refused.fallback.text).toContain('Ce que tu as écrit est gardé');
    expect(refused.fallback.text).not.toContain('Tes autres réponses');
    expect(JSON.stringify(refused.fallback.blocks)).toContain('"action":"mentors:post-open"');
    expect(await posts()).toBe(0);

    const form = modalOf(await dispatch('user-ada', { kind: 'action', id: 'mentors:post-open', values: [] }));
    // Cut to the form's limit: a platform refuses to open a form prefilled beyond it.
    expect(form.fields[0]).toMatchObject({
      id: 'note',
      value: note.slice(0, 500),
      maxLength: 500,
      hint: expect.stringContaining('sera visible dans le salon'),
    });

    await dispatch('user-ada', { kind: 'form', id: 'mentors:post', values: { note: 'Plus court' } });
    expect(await posts()).toBe(1);
    // Once published, the form opens empty again.
    expect(
      modalOf(await dispatch('user-ada', { kind: 'action', id: 'mentors:post-open', values: [] })).fields[0],
    ).not.toHaveProperty('value');
  });

  it('refuses a list where a text was expected instead of joining it', async () => {
    const refused = await dispatch('user-ada', {
      kind: 'form',
      id: `mentors:send:${nadia.id}`,
      values: { message: ['a', 'b'] },
    });
    expect(refused).toMatchObject({ kind: 'form-errors', errors: { message: 'écris un texte.' } });
    expect(await services.matching.incoming(nadia)).toEqual([]);
  });

  it('bounds a decline reason at 300 characters and keeps the form’s private hint', async () => {
    const request = await services.matching.request(community, ada, nadia.id, null);
    const decline = `${community.id}/requests:decline:${request.id}`;
    const form = modalOf(await dispatch('user-nadia', { kind: 'action', id: decline, values: [] }));
    expect(form.fields[0]).toMatchObject({
      id: 'reason',
      maxLength: 300,
      hint: 'Ta raison reste privée : seule l’équipe de modération peut la voir.',
    });

    const refused = await dispatch('user-nadia', {
      kind: 'form',
      id: `${community.id}/requests:decline-send:${request.id}`,
      values: { reason: 'x'.repeat(301) },
    });
    expect(refused).toMatchObject({ kind: 'form-errors', errors: { reason: '300 caractères au plus.' } });
    expect((await services.store.matching.getRequest(request.id))?.status).toBe('pending');

    await dispatch('user-nadia', {
      kind: 'form',
      id: `${community.id}/requests:decline-send:${request.id}`,
      values: { reason: `  ${'x'.repeat(300)}  ` },
    });
    expect((await services.store.matching.getRequest(request.id))?.status).toBe('declined');
  });
});
