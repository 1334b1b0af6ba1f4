import { Client } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Platform } from '../../src/core/community.ts';
import type { OutboxEntry, Transport } from '../../src/core/outbox.ts';
import type { Store } from '../../src/core/store.ts';
import { createOutboxSender, type OutboxSender } from '../../src/jobs/outbox-sender.ts';
import { createDiscordTransport } from '../../src/platforms/discord/transport.ts';
import { createSlackTransport } from '../../src/platforms/slack/transport.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/outbox-platform.ts';

/**
 * The outbox's promise of one message per row, through the real discord.js REST client
 * and Slack WebClient against the local fakes, when a send is cut short: a sender that
 * dies mid-send, an answer that never comes back.
 */
describe('outbox delivery when a send is cut short, against the local platforms', () => {
  let database: Database;
  let store: Store;
  const clock = createManualClock('2026-03-08T09:00:00Z');
  const communities: Partial<Record<Platform, string>> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStore(database.prisma);
    for (const platform of ['discord', 'slack'] as const) {
      communities[platform] = (
        await store.communities.ensure({ platform, externalId: `${platform}-outbox`, name: 'Test' })
      ).id;
    }
  });
  afterAll(() => database?.close());
  beforeEach(() => database.prisma.outboxMessage.deleteMany());

  const enqueue = (platform: Platform, key: string, target: OutboxEntry['target']) =>
    store.outbox.enqueue({
      communityId: communities[platform]!,
      platform,
      key,
      target,
      message: { text: `Bienvenue (${key})` },
      availableAt: clock.now(),
    });
  const row = async (platform: Platform, key: string) => (await store.outbox.get(communities[platform]!, key))!;
  const sender = (platform: Platform, transport: Transport, renewMs?: number) =>
    createOutboxSender({
      outbox: store.outbox,
      transports: { [platform]: transport },
      clock,
      logger: silentLogger,
      options: {
        leaseMs: 1_000,
        backoffMs: { base: 1_000, max: 1_000 },
        spacingMs: { discord: 0, slack: 0 },
        ...(renewMs ? { renewMs } : {}),
      },
    });
  /** The queue is empty and one more pass makes no platform call: nothing else will be sent. */
  async function expectQuiet(s: OutboxSender, platform: Platform, calls: () => number) {
    expect(await store.outbox.counts(communities[platform]!)).toMatchObject({ pending: 0, sending: 0 });
    const before = calls();
    clock.advance(60_000);
    expect(await s.tick()).toBe(0);
    expect(calls()).toBe(before);
  }

  describe('on Discord', () => {
    let fake: FakeDiscord;
    const clients: Client[] = [];
    const restClient = (rest: { timeout?: number } = {}) => {
      const client = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0, ...rest } });
      client.rest.setToken('token');
      clients.push(client);
      return client;
    };
    beforeEach(async () => {
      fake = await startFakeDiscord();
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.destroy()));
    });
    const postsTo = (channelId?: string) => (method: string, path: string) =>
      method === 'POST' &&
      (channelId ? path === `/channels/${channelId}/messages` : /^\/channels\/\d+\/messages$/.test(path));

    it('a group send whose sender died after making the thread resumes in that thread', async () => {
      const parent = fake.guilds[0]!.channelId('general');
      await enqueue('discord', 'pair:space', {
        kind: 'group',
        userIds: ['600000000000000001', '600000000000000002'],
        parentChannelId: parent,
        name: 'Ada & Grace',
      });
      fake.holdNext(postsTo(), { accept: false, ms: null });
      // This sender makes the thread, adds both members, posts, and is never heard from again.
      const dead = sender('discord', createDiscordTransport(restClient()), 3_600_000);
      const dying = dead.tick();
      await fake.waitForRequest((r) => r.status === 0 && postsTo()(r.method, r.path));
      const { progress } = await row('discord', 'pair:space');
      expect(progress).toMatchObject({
        channelId: expect.any(String),
        members: ['600000000000000001', '600000000000000002'],
      });

      clock.advance(1_001);
      const live = sender('discord', createDiscordTransport(restClient()));
      expect(await live.tick()).toBe(1);
      expect(await row('discord', 'pair:space')).toMatchObject({
        status: 'sent',
        platformRef: { channelId: progress.channelId },
      });
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${parent}/threads`)).toHaveLength(
        1,
      );
      expect(fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/thread-members/'))).toHaveLength(2);
      expect(fake.messages(progress.channelId)).toHaveLength(1);
      await expectQuiet(live, 'discord', () => fake.requests.length);

      // The dead sender's call ends when the connection does; it changes nothing.
      const sent = await row('discord', 'pair:space');
      await fake.close();
      await dying;
      expect(await row('discord', 'pair:space')).toEqual(sent);
    });

    it('a post that timed out after Discord took it is found, not posted again', async () => {
      const channelId = fake.guilds[0]!.channelId('general');
      await enqueue('discord', 'card', { kind: 'channel', channelId });
      fake.holdNext(postsTo(channelId), { accept: true, ms: null });
      const s = sender('discord', createDiscordTransport(restClient({ timeout: 300 })));
      await s.tick();
      expect(await row('discord', 'card')).toMatchObject({ status: 'pending', progress: { unsure: true } });
      clock.advance(2_000);
      await s.tick();
      const [message] = fake.messages(channelId);
      expect(await row('discord', 'card')).toMatchObject({
        status: 'sent',
        platformRef: { channelId, messageId: message!.id },
      });
      expect(fake.requests.filter((r) => postsTo(channelId)(r.method, r.path))).toHaveLength(1);
      await expectQuiet(s, 'discord', () => fake.requests.length);
      await fake.close();
    });
  });

  describe('on Slack', () => {
    let fake: FakeSlack;
    beforeEach(async () => {
      fake = await startFakeSlack();
    });
    const transport = () => createSlackTransport({ token: 'xoxb-test', apiUrl: fake.apiUrl, timeoutMs: 300 });
    const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage');

    it('a send that timed out after Slack took it is not repeated', async () => {
      await enqueue('slack', 'welcome', { kind: 'dm', userId: 'U0ADA' });
      fake.holdNext('chat.postMessage', { accept: true, ms: null });
      const s = sender('slack', transport());
      await s.tick();
      expect(await row('slack', 'welcome')).toMatchObject({ status: 'pending', progress: { unsure: true } });
      clock.advance(2_000);
      await s.tick();
      const [message] = fake.messages();
      expect(await row('slack', 'welcome')).toMatchObject({
        status: 'sent',
        platformRef: { channelId: message!.channel, messageId: message!.ts },
      });
      expect(posts()).toHaveLength(1);
      await expectQuiet(s, 'slack', () => fake.calls.length);
      await fake.close();
    });

    it('a send cut before Slack took it is sent once, after looking', async () => {
      await enqueue('slack', 'nudge', { kind: 'dm', userId: 'U0BEA' });
      fake.holdNext('chat.postMessage', { accept: false, ms: null });
      const s = sender('slack', transport());
      await s.tick();
      clock.advance(2_000);
      await s.tick();
      expect(fake.calls.filter((c) => c.method === 'conversations.history')).toHaveLength(1);
      expect(fake.messages()).toHaveLength(1);
      expect(await row('slack', 'nudge')).toMatchObject({
        status: 'sent',
        platformRef: { messageId: fake.messages()[0]!.ts },
      });
      await expectQuiet(s, 'slack', () => fake.calls.length);
      await fake.close();
    });
  });
});
