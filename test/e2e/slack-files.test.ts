import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { FileTooLargeError, type IncomingFile } from '../../src/core/incoming-files.ts';
import type { Dispatcher, IncomingInteraction } from '../../src/core/dispatcher.ts';
import type { OutboxEntry } from '../../src/core/outbox.ts';
import { memberText, type OutgoingFile } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/platforms/slack/adapter.ts';
import { createSlackFileFetcher } from '../../src/platforms/slack/files.ts';
import { toMrkdwn } from '../../src/platforms/slack/render.ts';
import { createSlackTransport } from '../../src/platforms/slack/transport.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import {
  findFreePort,
  postToBolt,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
} from '../fakes/slack/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/outbox-platform.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const signingSecret = 'test-signing-secret';
const png = (size = 4096) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]);

describe('Slack files in: a file_input submitted through Bolt', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  const received: IncomingInteraction[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    const port = await findFreePort();
    const dispatcher: Dispatcher = {
      async dispatch(incoming) {
        received.push(incoming);
        return { reply: { kind: 'none' }, locale: 'fr' };
      },
    };
    adapter = createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret,
      apiUrl: fake.apiUrl,
      port,
      commands: [],
      dispatcher,
      logger: silent,
    });
    await adapter.start();
    url = `http://127.0.0.1:${port}/slack/events`;
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  /** She submits the share form with `file` in its image field; what the core is handed. */
  async function submitWith(file: Record<string, unknown>): Promise<IncomingInteraction & { input: { kind: 'form' } }> {
    const values = {
      image: { image: stateValue.fileInput([file]) },
      caption: { caption: stateValue.plainText('Mon bureau') },
    };
    const before = received.length;
    const response = await postToBolt(
      url,
      signingSecret,
      viewSubmissionBody({ userId: 'U0ADA', callbackId: 'share:submit', values }),
    );
    expect(response.status).toBe(200);
    // Slack may have its acknowledgement before the core is handed the form (see acknowledgeWithinMs).
    await vi.waitFor(() => expect(received).toHaveLength(before + 1));
    const incoming = received.at(-1);
    expect(incoming?.input.kind).toBe('form');
    return incoming as IncomingInteraction & { input: { kind: 'form' } };
  }

  it('hands the core her file with its download link, and fetchFile brings back the same bytes with the bot token', async () => {
    const bytes = png();
    const file = fake.uploadAsMember({ userId: 'U0ADA', name: 'atelier.png', bytes });
    const incoming = await submitWith(file);
    expect(incoming.input.values).toEqual({ caption: 'Mon bureau' });
    expect(incoming.input.files).toEqual({
      image: [
        { id: file.id, name: 'atelier.png', url: file.url_private_download, size: bytes.length, mime: 'image/png' },
      ],
    });
    const fetched = await incoming.fetchFile!(incoming.input.files!.image![0]!, 1024 * 1024);
    expect(fetched.equals(bytes)).toBe(true);
    expect(fake.downloads.at(-1)).toEqual({ fileId: file.id, token: 'xoxb-test', status: 200 });
  });

  it('refuses a file over the limit: at once when Slack declares it, and cut off mid-download when it does not', async () => {
    const declared = await submitWith(fake.uploadAsMember({ name: 'big.png', bytes: png(200_000) }));
    const downloads = fake.downloads.length;
    const tooBig = await declared.fetchFile!(declared.input.files!.image![0]!, 100_000).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(FileTooLargeError);
    expect(fake.downloads).toHaveLength(downloads);

    // Slack says it is small and serves it without a length: only the bytes read tell.
    const lying = await submitWith(
      fake.uploadAsMember({ name: 'lie.png', bytes: png(200_000), declaredSize: 1_000, withoutContentLength: true }),
    );
    const cut = await lying.fetchFile!(lying.input.files!.image![0]!, 100_000).catch((e: unknown) => e);
    expect(cut).toMatchObject({ name: 'FileTooLargeError', maxBytes: 100_000 });
  });

  it('refuses a link outside Slack without sending the token there, and gets nothing from Slack without the token', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const foreign = createServer((req, res) => {
      seen.push(req.headers);
      res.end('bytes');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = foreign.address() as AddressInfo;
      const incoming = await submitWith({
        ...fake.uploadAsMember({ name: 'x.png', bytes: png() }),
        url_private_download: `http://127.0.0.1:${port}/steal.png`,
      });
      const refused = await incoming.fetchFile!(incoming.input.files!.image![0]!, 1024 * 1024).catch(
        (e: unknown) => e as Error,
      );
      expect(refused).toMatchObject({ name: 'SlackFileError' });
      expect(String((refused as Error).message)).not.toContain(String(port));
      expect(seen).toEqual([]);
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
    const file = fake.uploadAsMember({ name: 'y.png', bytes: png() });
    const stranger = createSlackFileFetcher({ token: 'xoxb-someone-else', apiUrl: fake.apiUrl });
    const denied = await stranger(
      { id: String(file.id), name: 'y.png', url: String(file.url_private_download) } satisfies IncomingFile,
      1024 * 1024,
    ).catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: 'SlackFileError', message: expect.stringContaining('401') });
  });
});

describe('Slack files out: outbox messages with files, through the sender and the WebClient', () => {
  let database: Database;
  let store: Store;
  let fake: FakeSlack;
  let communityId: string;
  const clock = createManualClock('2026-03-08T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStore(database.prisma);
    communityId = (await store.communities.ensure({ platform: 'slack', externalId: 'T0FILES', name: 'Test' })).id;
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.prisma.outboxMessage.deleteMany();
    await fake?.close();
    fake = await startFakeSlack();
  });
  afterAll(() => fake?.close());

  const sender = () =>
    createOutboxSender({
      outbox: store.outbox,
      files: store.files,
      transports: { slack: createSlackTransport({ token: 'xoxb-test', apiUrl: fake.apiUrl, timeoutMs: 300 }) },
      clock,
      logger: silentLogger,
      options: { leaseMs: 1_000, backoffMs: { base: 1_000, max: 1_000 }, spacingMs: { discord: 0, slack: 0 } },
    });
  async function enqueue(
    key: string,
    target: OutboxEntry['target'],
    text: string,
    files: { bytes: Buffer; name: string; mime: string; description?: string }[],
  ) {
    const message: { text: string; files: OutgoingFile[] } = { text, files: [] };
    for (const { bytes, ...file } of files)
      message.files.push({ ...file, sha256: (await store.files.put(bytes, file.mime)).sha256 });
    await store.outbox.enqueue({ communityId, platform: 'slack', key, target, message, availableAt: clock.now() });
  }
  const row = async (key: string) => (await store.outbox.get(communityId, key))!;
  const calls = (method: string) => fake.calls.filter((c) => c.method === method && c.status === 200);
  const caption = `Publication d’Ada : ${memberText('<!channel> *mon* bureau')}`;

  it('posts a channel message with its PNG uploaded once, shown in an image block, text escaped; a retry after the upload does not upload again', async () => {
    const bytes = png();
    await enqueue('post:1', { kind: 'channel', channelId: 'C0SHOWCASE' }, caption, [
      { bytes, name: 'post.png', mime: 'image/png', description: 'Ada à son bureau' },
    ]);
    fake.httpErrorNext('chat.postMessage', 500);
    const s = sender();
    await s.tick();
    const failed = await row('post:1');
    expect(failed).toMatchObject({
      status: 'pending',
      progress: { unsure: true, uploaded: { [failed.message.files![0]!.sha256]: expect.any(String) } },
    });
    expect(fake.messages('C0SHOWCASE')).toEqual([]);

    clock.advance(2_000);
    await s.tick();
    const [message] = fake.messages('C0SHOWCASE');
    expect(await row('post:1')).toMatchObject({
      status: 'sent',
      platformRef: { channelId: 'C0SHOWCASE', messageId: message!.ts },
    });
    expect(fake.uploads).toHaveLength(1);
    expect(calls('files.getUploadURLExternal')).toHaveLength(1);
    // Completed without a channel: the bot's own file, shown by the message only.
    expect(calls('files.completeUploadExternal').map((c) => c.args.channel_id)).toEqual([undefined]);
    const [fileId] = fake.imageFileIds(message!);
    expect(fake.fileBytes(fileId!)?.equals(bytes)).toBe(true);
    expect(message!.text).toBe(toMrkdwn(caption));
    expect(message!.text).toContain('&lt;!channel&gt;');
    expect(message!.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: toMrkdwn(caption), verbatim: true } },
      { type: 'image', slack_file: { id: fileId }, alt_text: 'Ada à son bureau' },
    ]);

    // An edit (the card once decided) keeps the image without uploading it again.
    const sent = await row('post:1');
    await createSlackTransport({ token: 'xoxb-test', apiUrl: fake.apiUrl }).edit(sent.platformRef!, {
      ...sent.message,
      text: 'Approuvée',
    });
    expect(fake.messages('C0SHOWCASE')[0]!.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Approuvée' } },
      { type: 'image', slack_file: { id: fileId }, alt_text: 'Ada à son bureau' },
    ]);
    expect(fake.uploads).toHaveLength(1);
  });

  it('shares a zip in her DM, with the message’s text escaped as the comment, and returns the share', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(2048)]);
    await enqueue('export:1', { kind: 'dm', userId: 'U0ADMIN' }, caption, [
      { bytes: zip, name: 'export.zip', mime: 'application/zip' },
    ]);
    await sender().tick();
    const [shared] = fake.messages().filter((m) => m.upload);
    expect(shared).toMatchObject({
      channel: expect.stringMatching(/^D/),
      text: toMrkdwn(caption),
      files: [{ name: 'export.zip' }],
    });
    expect(shared!.text).toContain('&lt;!channel&gt;');
    expect(fake.fileBytes(String(shared!.files![0]!.id))?.equals(zip)).toBe(true);
    expect(await row('export:1')).toMatchObject({
      status: 'sent',
      platformRef: { channelId: shared!.channel, messageId: shared!.ts },
    });
    expect(calls('chat.postMessage')).toEqual([]);
  });

  it('keeps a card’s buttons when its image cannot be in an image block (webp): the image is shared just before it', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBP'), randomBytes(512)]);
    const message = {
      text: caption,
      blocks: [
        { type: 'text' as const, text: caption },
        {
          type: 'actions' as const,
          elements: [{ type: 'button' as const, action: 'share:approve:1', label: 'Approuver' }],
        },
      ],
      files: [{ sha256: (await store.files.put(webp, 'image/webp')).sha256, name: 'post.webp', mime: 'image/webp' }],
    };
    await store.outbox.enqueue({
      communityId,
      platform: 'slack',
      key: 'card:1',
      target: { kind: 'channel', channelId: 'C0MODS' },
      message,
      availableAt: clock.now(),
    });
    await sender().tick();
    const [shared, card] = fake.messages('C0MODS');
    expect(shared).toMatchObject({ upload: true, text: '', files: [{ name: 'post.webp' }] });
    expect(card!.blocks).toMatchObject([
      { type: 'section' },
      { type: 'actions', elements: [{ action_id: 'share:approve:1' }] },
    ]);
    expect(await row('card:1')).toMatchObject({
      status: 'sent',
      platformRef: { channelId: 'C0MODS', messageId: card!.ts },
    });
  });

  it('a share Slack refused once is completed on the retry from the same upload', async () => {
    await enqueue('export:3', { kind: 'dm', userId: 'U0ADMIN' }, 'Ton export', [
      { bytes: Buffer.from('a,b\n'), name: 'posts.csv', mime: 'text/csv' },
    ]);
    fake.failNext('files.completeUploadExternal', 'internal_error');
    const s = sender();
    await s.tick();
    expect(await row('export:3')).toMatchObject({
      status: 'pending',
      progress: { unsure: true, uploaded: expect.any(Object) },
    });
    clock.advance(2_000);
    await s.tick();
    expect(await row('export:3')).toMatchObject({ status: 'sent' });
    expect(fake.messages().filter((m) => m.upload)).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
  });

  it('a share that timed out after Slack took it is found with files.info, not shared again', async () => {
    await enqueue('export:2', { kind: 'channel', channelId: 'C0ADMINS' }, 'Ton export', [
      { bytes: Buffer.from('{"posts":[]}'), name: 'posts.json', mime: 'application/json' },
    ]);
    fake.holdNext('files.completeUploadExternal', { accept: true, ms: null });
    const s = sender();
    await s.tick();
    expect(await row('export:2')).toMatchObject({ status: 'pending', progress: { unsure: true } });
    clock.advance(2_000);
    await s.tick();
    const shares = fake.messages('C0ADMINS');
    expect(shares).toHaveLength(1);
    expect(await row('export:2')).toMatchObject({
      status: 'sent',
      platformRef: { channelId: 'C0ADMINS', messageId: shares[0]!.ts },
    });
    expect(fake.uploads).toHaveLength(1);
  });
});
