import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboxProgress, type OutboxRow, type SendContext } from '../../src/core/outbox.ts';
import { createDiscordTransport, rejectsOnRateLimit } from '../../src/platforms/discord/transport.ts';
import { createSlackTransport } from '../../src/platforms/slack/transport.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';

let sequence = 0;
function row(target: OutboxRow['target'], text = 'Bonjour 💜'): OutboxRow {
  sequence += 1;
  return {
    // Distinct in their first 25 hex digits, as Discord's nonce takes them.
    id: randomUUID(),
    communityId: 'c',
    platform: 'discord',
    key: `test:${sequence}`,
    target,
    message: {
      text,
      blocks: [
        { type: 'text', text },
        { type: 'actions', elements: [{ type: 'button', action: 'profile:show', label: 'Mon profil' }] },
      ],
    },
    status: 'sending',
    attempts: 1,
    availableAt: new Date(),
    lastError: null,
    platformRef: null,
    leaseToken: '0190c3a2-7b1e-7000-8000-00000000aaaa',
    progress: { startedAt: new Date().toISOString() },
  };
}

/** What a sender gives the transport: here, the steps saved are kept on the row, as the database would. */
function steps(sent: OutboxRow): SendContext & { saved: OutboxProgress[] } {
  const saved: OutboxProgress[] = [];
  return {
    saved,
    async saveProgress(progress) {
      saved.push(progress);
      Object.assign(sent.progress, progress);
    },
    async loadFile(sha256) {
      throw new Error(`no file ${sha256} in this test`);
    },
  };
}

const withSteps = (sent: OutboxRow): [OutboxRow, SendContext] => [sent, steps(sent)];

/** A small PNG-looking file (its signature, then noise) and its reference for a message. */
function pngFile(name: string, description?: string) {
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000)]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, file: { sha256, name, mime: 'image/png', ...(description ? { description } : {}) } };
}

/** A row whose message carries these files, and a context that serves their bytes as the store would. */
function withFiles(
  sent: OutboxRow,
  files: { bytes: Buffer; file: { sha256: string; name: string; mime: string; description?: string } }[],
): [OutboxRow, SendContext] {
  sent.message = { ...sent.message, files: files.map((f) => f.file) };
  const bytes = new Map(files.map((f) => [f.file.sha256, f.bytes]));
  return [
    sent,
    { ...steps(sent), loadFile: async (sha256) => bytes.get(sha256) ?? Promise.reject(new Error(`no file ${sha256}`)) },
  ];
}

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Discord transport, through discord.js REST against the local Discord', () => {
  let fake: FakeDiscord;
  let client: Client;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiUrl, rejectOnRateLimit: rejectsOnRateLimit },
    });
    const ready = once(client, Events.ClientReady);
    await client.login('token');
    await ready;
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('sends a DM with its buttons and returns where it went', async () => {
    const ref = await createDiscordTransport(client).send(
      ...withSteps(row({ kind: 'dm', userId: '600000000000000001' })),
    );
    const [dm] = fake.directMessages('600000000000000001');
    expect(dm).toMatchObject({ id: ref.messageId, channelId: ref.channelId, content: 'Bonjour 💜' });
    expect(JSON.stringify(dm?.components)).toContain('profile:show');
  });

  it('opens a member’s DM channel once: her next DM is one request, in the same channel', async () => {
    const transport = createDiscordTransport(client);
    const userId = '600000000000000003';
    const before = fake.requests.length;
    const first = await transport.send(...withSteps(row({ kind: 'dm', userId }, 'Premier')));
    const second = await transport.send(...withSteps(row({ kind: 'dm', userId }, 'Second')));
    const made = fake.requests.slice(before);
    expect(made.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels')).toHaveLength(1);
    expect(made.filter((r) => r.method === 'POST' && r.path === `/channels/${first.channelId}/messages`)).toHaveLength(
      2,
    );
    expect(second.channelId).toBe(first.channelId);
    expect(fake.directMessages(userId).map((m) => m.content)).toEqual(['Premier', 'Second']);
  });

  it('returns the first message when the same row is sent again (enforced nonce)', async () => {
    const transport = createDiscordTransport(client);
    const again = row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') });
    const first = await transport.send(again, steps(again));
    const second = await transport.send(again, steps(again));
    expect(second.messageId).toBe(first.messageId);
    expect(fake.messages(first.channelId).filter((m) => m.id === first.messageId)).toHaveLength(1);
  });

  it('opens a private thread for a group, with its members, under the given channel', async () => {
    const parent = fake.guilds[0]!.channelId('general');
    const ref = await createDiscordTransport(client).send(
      ...withSteps(
        row({
          kind: 'group',
          userIds: ['600000000000000001', '600000000000000002'],
          parentChannelId: parent,
          name: 'Ada & Grace',
        }),
      ),
    );
    expect(fake.channel(ref.channelId)).toMatchObject({ type: 12, name: 'Ada & Grace', parent_id: parent });
    expect(fake.threadMembers(ref.channelId)).toEqual(
      expect.arrayContaining(['600000000000000001', '600000000000000002']),
    );
  });

  it('saves the thread, then each member added, before the next step of a group send', async () => {
    const group = row({
      kind: 'group',
      userIds: ['600000000000000001', '600000000000000002'],
      parentChannelId: fake.guilds[0]!.channelId('general'),
    });
    const context = steps(group);
    const ref = await createDiscordTransport(client).send(group, context);
    expect(context.saved).toEqual([
      { channelId: ref.channelId },
      { members: ['600000000000000001'] },
      { members: ['600000000000000001', '600000000000000002'] },
    ]);
  });

  it('resumes a group send in the thread an earlier attempt made, adding only who is missing', async () => {
    const parent = fake.guilds[0]!.channelId('annonces');
    const group = row({
      kind: 'group',
      userIds: ['600000000000000001', '600000000000000002'],
      parentChannelId: parent,
      name: 'Reprise',
    });
    const noRetryClient = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0 } });
    noRetryClient.rest.setToken('token');
    // The first attempt makes the thread, adds the first member, then Discord fails.
    fake.failNext((method, path) => method === 'PUT' && path.endsWith('/600000000000000002'), 500, {
      message: 'oops',
      code: 0,
    });
    expect((await rejection(createDiscordTransport(noRetryClient).send(group, steps(group)))).kind).toBe('transient');
    const threadId = group.progress.channelId;
    expect(group.progress.members).toEqual(['600000000000000001']);

    const ref = await createDiscordTransport(client).send(group, steps(group));
    expect(ref.channelId).toBe(threadId);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${parent}/threads`)).toHaveLength(
      1,
    );
    expect(
      fake.requests.filter(
        (r) => r.method === 'PUT' && r.path === `/channels/${threadId}/thread-members/600000000000000001`,
      ),
    ).toHaveLength(1);
    expect(fake.threadMembers(threadId!)).toEqual(expect.arrayContaining(['600000000000000001', '600000000000000002']));
    expect(fake.messages(threadId)).toHaveLength(1);
  });

  it('finds the message an earlier attempt posted, by the bot and with the same content, and only since that attempt', async () => {
    const transport = createDiscordTransport(client);
    const channelId = fake.guilds[0]!.channelId('general');
    const posted = row({ kind: 'channel', channelId }, 'Retrouvé ?');
    const ref = await transport.send(posted, steps(posted));
    expect(await transport.findDelivered!(posted)).toEqual(ref);
    expect(await transport.findDelivered!(row({ kind: 'channel', channelId }, 'Un autre message'))).toBeNull();
    const later = row({ kind: 'channel', channelId }, 'Retrouvé ?');
    later.progress = { startedAt: new Date(Date.now() + 60_000).toISOString() };
    expect(await transport.findDelivered!(later)).toBeNull();
  });

  it('falls back on the nonce when it may not read the channel’s history', async () => {
    const channelId = fake.guilds[0]!.channelId('general');
    fake.failNext((method, path) => method === 'GET' && path === `/channels/${channelId}/messages`, 403, {
      code: 50001,
      message: 'Missing Access',
    });
    expect(await createDiscordTransport(client).findDelivered!(row({ kind: 'channel', channelId }))).toBeNull();
  });

  it('looks in no thread when the group send never made one', async () => {
    const group = row({
      kind: 'group',
      userIds: ['600000000000000001'],
      parentChannelId: fake.guilds[0]!.channelId('general'),
    });
    const before = fake.requests.length;
    expect(await createDiscordTransport(client).findDelivered!(group)).toBeNull();
    expect(fake.requests.slice(before).filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('edits a sent message in place', async () => {
    const transport = createDiscordTransport(client);
    const card = row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') }, 'Ouvert');
    const ref = await transport.send(card, steps(card));
    await transport.edit(ref, { text: 'Fermé' });
    const [edited] = fake.messages(ref.channelId).filter((m) => m.id === ref.messageId);
    expect(edited).toMatchObject({ content: 'Fermé', edited: true, components: [] });
  });

  it('uploads a message’s image with its name and alt text, keeps it through an edit, and finds the message by it', async () => {
    const transport = createDiscordTransport(client);
    const channelId = fake.guilds[0]!.channelId('general');
    const image = pngFile('publication.png', 'Ada au clavier');
    const text = 'Publication de <@600000000000000001> 💜';
    const [post, context] = withFiles(row({ kind: 'channel', channelId }, text), [image]);
    const ref = await transport.send(post, context);

    const [sent] = fake.messages(channelId).filter((m) => m.id === ref.messageId);
    expect(sent?.content).toBe(text);
    expect(sent?.files).toHaveLength(1);
    expect(sent?.files[0]).toMatchObject({
      filename: 'publication.png',
      description: 'Ada au clavier',
      contentType: 'image/png',
    });
    expect(sent?.files[0]?.bytes.equals(image.bytes)).toBe(true);
    const request = fake.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${channelId}/messages` &&
        (r.response as { id?: string }).id === ref.messageId,
    );
    expect((request?.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: ['600000000000000001'],
      roles: [],
    });
    expect(request?.files.map((f) => f.field)).toEqual(['files[0]']);

    // Found again by its content and its one file; the same text without a file is another message.
    expect(await transport.findDelivered!(post)).toEqual(ref);
    expect(await transport.findDelivered!(row({ kind: 'channel', channelId }, text))).toBeNull();

    await transport.edit(ref, { text: 'Publiée ✔' });
    const [edited] = fake.messages(channelId).filter((m) => m.id === ref.messageId);
    expect(edited).toMatchObject({ content: 'Publiée ✔', edited: true });
    expect(edited?.files.map((f) => f.id)).toEqual(sent?.files.map((f) => f.id));
    const patch = fake.requests.findLast(
      (r) => r.method === 'PATCH' && r.path === `/channels/${channelId}/messages/${ref.messageId}`,
    );
    expect(patch?.body).not.toHaveProperty('attachments');
  });

  it('uploads files with a DM and with a group’s first message too', async () => {
    const transport = createDiscordTransport(client);
    const [first, second] = [pngFile('a.png'), pngFile('b.png', 'Deuxième')];
    const dm = await transport.send(
      ...withFiles(row({ kind: 'dm', userId: '600000000000000004' }, 'Ta publication'), [first, second]),
    );
    const [inDm] = fake.directMessages('600000000000000004');
    expect(inDm?.id).toBe(dm.messageId);
    expect(inDm?.files.map((f) => [f.filename, f.description])).toEqual([
      ['a.png', undefined],
      ['b.png', 'Deuxième'],
    ]);
    expect(inDm?.files.map((f) => f.bytes.equals(f.filename === 'a.png' ? first.bytes : second.bytes))).toEqual([
      true,
      true,
    ]);

    const group = await transport.send(
      ...withFiles(
        row({ kind: 'group', userIds: ['600000000000000004'], parentChannelId: fake.guilds[0]!.channelId('general') }),
        [first],
      ),
    );
    expect(fake.messages(group.channelId)[0]?.files[0]?.bytes.equals(first.bytes)).toBe(true);
  });

  it('reports a rate limit with Discord’s retry-after instead of waiting', async () => {
    fake.rateLimitNext((method, path) => method === 'POST' && path.endsWith('/messages'), 2);
    const error = await rejection(
      createDiscordTransport(client).send(
        ...withSteps(row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') })),
      ),
    );
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up at once on a member who closed her DMs', async () => {
    fake.failNext((method, path) => method === 'POST' && path.endsWith('/messages'), 403, {
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    const error = await rejection(
      createDiscordTransport(client).send(...withSteps(row({ kind: 'dm', userId: '600000000000000003' }))),
    );
    expect(error.kind).toBe('permanent');
  });

  it('retries later after a server error', async () => {
    fake.failNext(
      (method, path) => method === 'POST' && path.endsWith('/messages'),
      500,
      { message: 'oops', code: 0 },
      4,
    );
    const noRetryClient = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0 } });
    noRetryClient.rest.setToken('token');
    const error = await rejection(
      createDiscordTransport(noRetryClient).send(
        ...withSteps(row({ kind: 'channel', channelId: fake.guilds[0]!.channelId('general') })),
      ),
    );
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
    const ref = await transport().send(sent, steps(sent));
    const [message] = fake.messages(ref.channelId);
    expect(ref.channelId).toMatch(/^D/);
    expect(message).toMatchObject({ ts: ref.messageId, text: '*Bonjour* Ada' });
    expect((message as { metadata?: unknown }).metadata).toEqual({
      event_type: 'marraine_outbox',
      event_payload: { id: sent.id, key: sent.key },
    });
  });

  it('finds a message already delivered after a crash, and only that one', async () => {
    const delivered = row({ kind: 'dm', userId: 'U0BEA' });
    const ref = await transport().send(delivered, steps(delivered));
    expect(await transport().findDelivered!(delivered)).toEqual(ref);
    expect(await transport().findDelivered!(row({ kind: 'dm', userId: 'U0BEA' }))).toBeNull();
  });

  it('edits a sent message in place', async () => {
    const card = row({ kind: 'channel', channelId: 'C0GENERAL' }, 'Ouvert');
    const ref = await transport().send(card, steps(card));
    await transport().edit(ref, { text: 'Fermé' });
    expect(fake.messages('C0GENERAL').find((m) => m.ts === ref.messageId)).toMatchObject({
      text: 'Fermé',
      edited: expect.anything(),
    });
  });

  it('ends a hung call at its timeout as a failure that may have been delivered, and then finds it', async () => {
    const hung = row({ kind: 'channel', channelId: 'C0HUNG' });
    fake.holdNext('chat.postMessage', { accept: true, ms: null });
    const started = Date.now();
    const error = await rejection(
      createSlackTransport({ token: 'xoxb-test', apiUrl: fake.apiUrl, timeoutMs: 300 }).send(hung, steps(hung)),
    );
    expect(error.kind).toBe('transient');
    expect(Date.now() - started).toBeLessThan(3_000);
    const [accepted] = fake.messages('C0HUNG');
    expect(await transport().findDelivered!(hung)).toEqual({ channelId: 'C0HUNG', messageId: accepted!.ts });
  });

  it('opens a group DM for several members', async () => {
    const ref = await transport().send(...withSteps(row({ kind: 'group', userIds: ['U0ADA', 'U0BEA'] })));
    const open = await fake.waitForCall('conversations.open', (args) => args.users === 'U0ADA,U0BEA');
    expect((open.response as { channel: { id: string } }).channel.id).toBe(ref.channelId);
  });

  it('answers in a thread when the target names one', async () => {
    await transport().send(
      ...withSteps(row({ kind: 'channel', channelId: 'C0GENERAL', threadId: '1700000000.000100' })),
    );
    expect(
      (await fake.waitForCall('chat.postMessage', (args) => args.thread_ts === '1700000000.000100')).args.channel,
    ).toBe('C0GENERAL');
  });

  it('reports a rate limit with Slack’s Retry-After', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    const error = await rejection(transport().send(...withSteps(row({ kind: 'channel', channelId: 'C0GENERAL' }))));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000 });
  });

  it('gives up at once on a channel that no longer exists, and retries other errors', async () => {
    fake.failNext('chat.postMessage', 'channel_not_found');
    expect((await rejection(transport().send(...withSteps(row({ kind: 'channel', channelId: 'C0GONE' }))))).kind).toBe(
      'permanent',
    );
    fake.failNext('chat.postMessage', 'internal_error');
    expect(
      (await rejection(transport().send(...withSteps(row({ kind: 'channel', channelId: 'C0GENERAL' }))))).kind,
    ).toBe('transient');
  });
});
