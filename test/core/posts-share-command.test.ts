import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import type { Block, Message, Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderMessage } from '../../src/platforms/discord/render.ts';
import { renderBlocks } from '../../src/platforms/slack/render.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { fakeFiles, person, png, postsCommunity } from '../support/posts-fixtures.ts';

const fr = translator('fr');
const textOf = (reply: Reply) => (reply.kind === 'message' ? reply.text : `(${reply.kind})`);
const actionsOf = (reply: Reply | Message) =>
  ('blocks' in reply && reply.blocks ? reply.blocks : []).flatMap((b: Block) =>
    b.type === 'actions' ? b.elements.map((e) => e.action) : [],
  );

/** `share` and its buttons through the dispatcher, as the adapters hand them over. */
describe('share through the dispatcher', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  const files = fakeFiles({ desk: png('desk'), crop: png('crop') });

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock: createManualClock('2026-04-01T09:00:00Z'),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } });
  });
  afterAll(() => database?.close());

  async function place(platform: 'discord' | 'slack') {
    const guild = `g-${randomUUID()}`;
    const community: Community = await postsCommunity(services.store, guild, { moderatorUsers: ['2002'] }, platform);
    const act = async (user: string, input: IncomingInteraction['input']) =>
      (
        await dispatcher.dispatch({
          platform,
          deliveryKey: randomUUID(),
          community: { externalId: guild },
          user: { externalId: user },
          isPlatformAdmin: async () => false,
          richForms: platform === 'slack',
          fetchFile: files.fetchFile,
          input,
        })
      ).reply;
    const share = (user: string, options: Record<string, unknown> = {}) =>
      act(user, { kind: 'command', name: 'partager', options });
    return { community, act, share };
  }

  const complete = { category: 'coding', caption: 'Mon bureau', credit: 'name', consent: 'community' };

  it('on Discord: shares with the options, lists her posts with Withdraw, and withdraws', async () => {
    const { community, share, act } = await place('discord');
    expect(textOf(await share('1001', { ...complete, image: files.file('desk') }))).toBe(fr('posts.submitted'));
    const [submission] = await services.store.submissions.listOf((await person(services.store, community, '1001')).id);

    const list = await share('1001');
    expect(textOf(list)).toContain('1. « Moi en train de coder » — en attente de décision');
    expect(textOf(list)).toContain(fr('posts.list.how'));
    expect(actionsOf(list)).toEqual([`share:withdraw:${submission!.id}`]);
    expect(textOf(await act('1001', { kind: 'action', id: `share:withdraw:${submission!.id}`, values: [] }))).toBe(
      fr('posts.withdrawn'),
    );
  });

  it('refuses every moderation click to a member who does not moderate, and lets a moderator decide', async () => {
    const { community, share, act } = await place('discord');
    await share('1001', { ...complete, image: files.file('desk') });
    const [submission] = await services.store.submissions.listOf((await person(services.store, community, '1001')).id);
    const id = submission!.id;
    for (const action of [
      `share:approve:${id}:0`,
      `share:reject:${id}:0`,
      `share:changes:${id}:0`,
      `share:reopen:${id}:0`,
      `share:reopen-confirm:${id}:0`,
    ]) {
      expect(textOf(await act('3003', { kind: 'action', id: action, values: [] })), action).toBe(
        fr('error.moderatorOnly'),
      );
    }
    expect(textOf(await act('3003', { kind: 'form', id: `share:reject-send:${id}:0`, values: { note: 'non' } }))).toBe(
      fr('error.moderatorOnly'),
    );
    expect((await services.store.submissions.get(id))?.status).toBe('pending');

    // A moderator: the reason form, then the decision; reopening asks first.
    const form = await act('2002', { kind: 'action', id: `share:reject:${id}:0`, values: [] });
    expect(form).toMatchObject({
      kind: 'modal',
      modal: { action: `share:reject-send:${id}:0`, fields: [{ id: 'note', required: true }] },
    });
    expect(
      textOf(await act('2002', { kind: 'form', id: `share:reject-send:${id}:0`, values: { note: 'Hors sujet' } })),
    ).toBe(fr('posts.decision.rejected', { author: '<@1001>' }));
    const ask = await act('2002', { kind: 'action', id: `share:reopen:${id}:1`, values: [] });
    expect(textOf(ask)).toBe(fr('posts.reopen.confirm'));
    expect(actionsOf(ask)).toEqual([`share:reopen-confirm:${id}:1`]);
    expect((await services.store.submissions.get(id))?.status).toBe('rejected');
    expect(textOf(await act('2002', { kind: 'action', id: `share:reopen-confirm:${id}:1`, values: [] }))).toBe(
      fr('posts.reopen.done', { author: '<@1001>' }),
    );
    expect((await services.store.submissions.get(id))?.status).toBe('pending');
  });

  it('on Discord: a new image alone replaces the photo of the post waiting for changes', async () => {
    const { community, share, act } = await place('discord');
    await share('1001', { ...complete, image: files.file('desk') });
    const ada = await person(services.store, community, '1001');
    const [submission] = await services.store.submissions.listOf(ada.id);
    await act('2002', {
      kind: 'form',
      id: `share:changes-send:${submission!.id}:0`,
      values: { note: 'Une photo plus nette ?' },
    });

    expect(textOf(await share('1001', { image: files.file('crop') }))).toBe(fr('posts.replaced'));
    const [after, ...others] = await services.store.submissions.listOf(ada.id);
    expect(others).toEqual([]);
    expect(after).toMatchObject({ id: submission!.id, status: 'pending', caption: 'Mon bureau' });
    expect(after!.image!.sha256).not.toBe(submission!.image!.sha256);
    expect(
      (await services.store.outbox.get(community.id, `posts.card:${submission!.id}:1`))?.message.files?.[0]?.sha256,
    ).toBe(after!.image!.sha256);
  });

  it('on Slack: opens the form prefilled from her draft, shows what is missing under the fields, and takes the file', async () => {
    const { share, act } = await place('slack');
    const missing = await act('U1', {
      kind: 'form',
      id: 'share:submit',
      values: { category: 'coding', caption: 'Mon bureau' },
    });
    expect(missing).toMatchObject({
      kind: 'form-errors',
      errors: {
        image: fr('posts.problem.missing'),
        credit: fr('posts.problem.missing'),
        consent: fr('posts.problem.missing'),
      },
    });

    const form = await share('U1');
    if (form.kind !== 'modal') throw new Error(`expected a modal, got ${form.kind}`);
    expect(form.modal.action).toBe('share:submit');
    expect(form.modal.fields.map((f) => f.type)).toEqual(['select', 'file', 'text', 'select', 'text', 'select']);
    expect(form.modal.fields[0]).toMatchObject({ id: 'category', selected: ['coding'] });
    expect(form.modal.fields[2]).toMatchObject({ id: 'caption', value: 'Mon bureau' });

    const done = await act('U1', {
      kind: 'form',
      id: 'share:submit',
      values: { ...complete, credit: ['anonymous'] },
      files: { image: [files.file('desk')] },
    });
    expect(textOf(done)).toBe(fr('posts.submitted'));
  });

  it('renders member texts inert on both platforms: no ping but whom the bot means', async () => {
    const { community, share, act } = await place('discord');
    const hostile = '@everyone <@&1> <!channel> **x** <@4004>';
    await share('1001', { ...complete, caption: hostile, image: files.file('desk') });
    const [submission] = await services.store.submissions.listOf((await person(services.store, community, '1001')).id);
    await act('2002', {
      kind: 'form',
      id: `share:reject-send:${submission!.id}:0`,
      values: { note: `Non ${hostile}` },
    });
    const rows = await Promise.all(
      [
        `posts.card:${submission!.id}:0`,
        `posts.card.edit:${submission!.id}:1`,
        `posts.dm:${submission!.id}:1:rejected`,
      ].map((key) => services.store.outbox.get(community.id, key)),
    );
    for (const row of rows) {
      const discord = renderMessage(row!.message);
      expect(discord.allowed_mentions.parse).toEqual([]);
      expect(discord.allowed_mentions.roles).toEqual([]);
      // The card credits her by name (the bot's own mention); the DM pings nobody.
      expect(discord.allowed_mentions.users).toEqual(row!.target.kind === 'dm' ? [] : ['1001']);
      expect(discord.content).not.toMatch(/<@&1>|<@4004>|@everyone|\*\*x\*\*/);
      expect(discord.content).toContain('@\u200Beveryone <\u200B@&1>');
      const slack = JSON.stringify(renderBlocks(row!.message));
      expect(slack).not.toMatch(/<!channel>|<@&1>|<!subteam|<@4004>|@everyone/);
      expect(slack).toContain('&lt;!channel&gt;');
    }
  });
});
