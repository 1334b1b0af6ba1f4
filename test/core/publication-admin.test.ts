import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Block, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { postsCommunity } from '../support/publication-seed.ts';

/** The admin's "Daily posts" section: step by step on Discord, one form on Slack; admins only. */
describe('posts settings in admin', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await postsCommunity(services.store, 'G-admin-posts', {
      timeZone: 'Europe/Paris',
      moderatorUsers: ['mod'],
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, adminUsers: ['boss'] },
    });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input'], richForms = false): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'G-admin-posts' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms,
      input,
    });
    return reply;
  }
  const textOf = (reply: Reply) => withoutMarkers(reply.kind === 'message' ? reply.text : '');
  const actionsOf = (reply: Reply) =>
    reply.kind === 'message'
      ? (reply.blocks ?? []).flatMap((b: Block) => (b.type === 'actions' ? b.elements.map((e) => e.action) : []))
      : [];
  const posts = async () => (await services.store.communities.get(community.id)).settings.posts;

  it('refuses the section to a moderator who is not an admin', async () => {
    for (const input of [
      { kind: 'action', id: 'admin:posts', values: [] },
      { kind: 'action', id: 'admin:posts-hour', values: ['9'] },
      {
        kind: 'form',
        id: 'admin:posts-save',
        values: { postsHour: '9', postsPerDay: '2', postsMaxImageMb: '8', postsShowName: 'no' },
      },
    ] as IncomingInteraction['input'][]) {
      expect(textOf(await dispatch('mod', input))).toContain('administrent');
    }
    expect(await posts()).toEqual({ hour: 12, perDay: 1, maxImageMb: 8, showModeratorName: false });
  });

  it('on Discord: a menu per setting, each saved when picked and audited; the queue and the export a click away', async () => {
    expect(actionsOf(await dispatch('boss', { kind: 'command', name: 'admin', options: {} }))).toContain('admin:posts');
    const panel = await dispatch('boss', { kind: 'action', id: 'admin:posts', values: [] });
    expect(actionsOf(panel)).toEqual([
      'admin:posts-hour',
      'admin:posts-per-day',
      'admin:posts-max-mb',
      'admin:posts-show-name',
      'share:queue-open',
      'admin:posts-export',
      'admin:page:channels',
    ]);
    expect(textOf(panel)).toContain('Heure de publication : 12 h');

    await dispatch('boss', { kind: 'action', id: 'admin:posts-hour', values: ['9'] });
    await dispatch('boss', { kind: 'action', id: 'admin:posts-per-day', values: ['2'] });
    await dispatch('boss', { kind: 'action', id: 'admin:posts-max-mb', values: ['16'] });
    const saved = await dispatch('boss', { kind: 'action', id: 'admin:posts-show-name', values: ['yes'] });
    expect(await posts()).toEqual({ hour: 9, perDay: 2, maxImageMb: 16, showModeratorName: true });
    expect(textOf(saved)).toContain('2 publications par jour');
    const audit = await services.store.auditLog.list(community.id, { action: 'settings.changed' });
    expect(audit[0]?.details).toEqual({
      changed: { posts: { hour: 9, perDay: 2, maxImageMb: 16, showModeratorName: true } },
    });

    // Out of bounds (a forged or stale menu): refused, nothing changed.
    expect(textOf(await dispatch('boss', { kind: 'action', id: 'admin:posts-per-day', values: ['6'] }))).toContain(
      'plus valable',
    );
    expect((await posts()).perDay).toBe(2);
  });

  it('on Slack: every setting in one form', async () => {
    const panel = await dispatch('boss', { kind: 'action', id: 'admin:posts', values: [] }, true);
    expect(actionsOf(panel)).toEqual([
      'admin:posts-form',
      'share:queue-open',
      'admin:posts-export',
      'admin:page:channels',
    ]);
    const form = await dispatch('boss', { kind: 'action', id: 'admin:posts-form', values: [] }, true);
    expect(
      form.kind === 'modal' && form.modal.fields.map((f) => [f.id, f.type === 'select' ? f.selected : null]),
    ).toEqual([
      ['postsHour', ['9']],
      ['postsPerDay', ['2']],
      ['postsMaxImageMb', ['16']],
      ['postsShowName', ['yes']],
    ]);
    await dispatch(
      'boss',
      {
        kind: 'form',
        id: 'admin:posts-save',
        values: { postsHour: '18', postsPerDay: '1', postsMaxImageMb: '8', postsShowName: 'no' },
      },
      true,
    );
    expect(await posts()).toEqual({ hour: 18, perDay: 1, maxImageMb: 8, showModeratorName: false });
  });
});
