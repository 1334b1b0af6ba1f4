import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboxRow } from '../../src/core/outbox.ts';
import { createDiscordTransport, rejectsOnRateLimit } from '../../src/platforms/discord/transport.ts';
import { createSlackTransport } from '../../src/platforms/slack/transport.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';

let sequence = 0;
function row(target: OutboxRow['target'], text = 'Bonjour 💜'): OutboxRow {
  sequence += 1;
  return {
    id: `0190c3a2-7b1e-7000-8000-${String(sequence).padStart(12, '0')}`,
    communityId: 'c',
    platform: 'discord',
    key: `test:${sequence}`,
    target,
    message: { text, blocks: [{ type: 'text', text }, { type: 'actions', elements: [{ type: 'button', action: 'profile:show', label: 'Mon profil' }] }] },
    status: 'sending',
    attempts: 1,
    availableAt: new Date(),
    lastError: null,
    platformRef: null,
  };
}

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Discord transport, through discord.js REST against the local Discord', () => {
  let fake: FakeDiscord;
  let client: Client;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, rejectOnRateLimit: rejectsOnRateLimit } });
    const ready = once(client, Events.ClientReady);
    await client.login('token');
    await ready;
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('sends a DM with its buttons and returns where it went', async () => {
    const ref = await createDiscordTransport(client).send(row({ kind: 'dm', userId: '600000000000000001' }));
    const [dm] = fake.directMessages('600000000000000001');
    expect(dm).toMatchObject({ id: ref.messageId, channelId: ref.channelId, content: 'Bonjour 💜' });
    expect(JSON.stringify(dm?.components)).toContain('profile:show');
  });

  it('returns the first message when the same row is sent again (enforced nonce)', async () => {
    const transport = createDiscordTransport(client);
    const again = row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') });
    const first = await transport.send(again);
    const second = await transport.send(again);
    expect(second.messageId).toBe(first.messageId);
    expect(fake.messages(first.channelId).filter((m) => m.id === first.messageId)).toHaveLength(1);
  });

  it('opens a private thread for a group, with its members, under the given channel', async () => {
    const parent = fake.guilds[0]!.channelId('general');
    const ref = await createDiscordTransport(client).send(row({ kind: 'group', userIds: ['600000000000000001', '600000000000000002'], parentChannelId: parent, name: 'Ada & Grace' }));
    expect(fake.channel(ref.channelId)).toMatchObject({ type: 12, name: 'Ada & Grace', parent_id: parent });
    expect(fake.threadMembers(ref.channelId)).toEqual(expect.arrayContaining(['600000000000000001', '600000000000000002']));
  });

  it('reports a rate limit with Discord’s retry-after instead of waiting', async () => {
    fake.rateLimitNext((method, path) => method === 'POST' && path.endsWith('/messages'), 2);
    const error = await rejection(createDiscordTransport(client).send(row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') })));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up at once on a member who closed her DMs', async () => {
    fake.failNext((method, path) => method === 'POST' && path.endsWith('/messages'), 403, { code: 50007, message: 'Cannot send messages to this user' });
    const error = await rejection(createDiscordTransport(client).send(row({ kind: 'dm', userId: '600000000000000003' })));
    expect(error.kind).toBe('permanent');
  });

  it('retries later after a server error', async () => {
    fake.failNext((method, path) => method === 'POST' && path.endsWith('/messages'), 500, { message: 'oops', code: 0 }, 4);
    const noRetryClient = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0 } });
    noRetryClient.rest.setToken('token');
    const error = await rejection(createDiscordTransport(noRetryClient).send(row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') })));
    expect(error.kind).toBe('transient');
  });
});

describe('Slack transport, through the Web API client against the local Slack', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(() => fake.close());
  const transport = () => createSlackTransport({ token: 'xoxb-test', apiUrl: fake.apiUrl });

  it('opens a DM, posts in it with blocks, and tags the message with its outbox id', async () => {
    const sent = row({ kind: 'dm', userId: 'U0ADA' }, '**Bonjour** Ada');
    const ref = await transport().send(sent);
    const [message] = fake.messages(ref.channelId);
    expect(ref.channelId).toMatch(/^D/);
    expect(message).toMatchObject({ ts: ref.messageId, text: '*Bonjour* Ada' });
    expect((message as { metadata?: unknown }).metadata).toEqual({ event_type: 'marraine_outbox', event_payload: { id: sent.id, key: sent.key } });
  });

  it('finds a message already delivered after a crash, and only that one', async () => {
    const delivered = row({ kind: 'dm', userId: 'U0BEA' });
    const ref = await transport().send(delivered);
    expect(await transport().findDelivered!(delivered)).toEqual(ref);
    expect(await transport().findDelivered!(row({ kind: 'dm', userId: 'U0BEA' }))).toBeNull();
  });

  it('opens a group DM for several members', async () => {
    const ref = await transport().send(row({ kind: 'group', userIds: ['U0ADA', 'U0BEA'] }));
    const open = await fake.waitForCall('conversations.open', (args) => args.users === 'U0ADA,U0BEA');
    expect((open.response as { channel: { id: string } }).channel.id).toBe(ref.channelId);
  });

  it('answers in a thread when the target names one', async () => {
    await transport().send(row({ kind: 'channel', channelId: 'C0GENERAL', threadId: '1700000000.000100' }));
    expect((await fake.waitForCall('chat.postMessage', (args) => args.thread_ts === '1700000000.000100')).args.channel).toBe('C0GENERAL');
  });

  it('reports a rate limit with Slack’s Retry-After', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    const error = await rejection(transport().send(row({ kind: 'channel', channelId: 'C0GENERAL' })));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000 });
  });

  it('gives up at once on a channel that no longer exists, and retries other errors', async () => {
    fake.failNext('chat.postMessage', 'channel_not_found');
    expect((await rejection(transport().send(row({ kind: 'channel', channelId: 'C0GONE' })))).kind).toBe('permanent');
    fake.failNext('chat.postMessage', 'internal_error');
    expect((await rejection(transport().send(row({ kind: 'channel', channelId: 'C0GENERAL' })))).kind).toBe('transient');
  });
});
