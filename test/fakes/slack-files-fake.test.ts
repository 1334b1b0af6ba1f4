import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from './slack/index.ts';

/** The fake's files behave like Slack's where a bot could get them wrong. */
describe('fake Slack files, driven by a WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error,
    );

  it('completes an upload only once its bytes arrived, and an image block shows only a completed file', async () => {
    const bytes = Buffer.from('not really a png');
    const { upload_url, file_id } = await client.files.getUploadURLExternal({
      filename: 'a.png',
      length: bytes.length,
    });
    expect(await failure(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).toBe('file_not_found');
    expect((await fetch(upload_url!, { method: 'POST', body: new Uint8Array(bytes) })).status).toBe(200);
    const image = { type: 'image' as const, slack_file: { id: file_id! }, alt_text: 'a' };
    expect(await failure(client.chat.postMessage({ channel: 'C0GENERAL', text: 't', blocks: [image] }))).toBe(
      'invalid_blocks',
    );
    await client.files.completeUploadExternal({ files: [{ id: file_id!, title: 'a.png' }] });
    expect(await failure(client.chat.postMessage({ channel: 'C0GENERAL', text: 't', blocks: [image] }))).toBe('ok');
    expect(fake.fileBytes(file_id!)?.equals(bytes)).toBe(true);
    expect((await client.files.info({ file: file_id! })).file?.shares).toBeUndefined();
  });

  it('shares a completed upload in a DM opened from a user id, and files.info tells where', async () => {
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'export.zip', length: 3 });
    await fetch(upload_url!, { method: 'POST', body: new Uint8Array([1, 2, 3]) });
    await client.files.completeUploadExternal({
      files: [{ id: file_id! }],
      channel_id: 'U0ADA',
      initial_comment: 'Ton export',
    });
    const [shared] = fake.messages().filter((m) => m.upload);
    expect(shared).toMatchObject({
      channel: expect.stringMatching(/^D/),
      text: 'Ton export',
      files: [{ id: file_id, name: 'export.zip', mimetype: 'application/zip' }],
    });
    expect((await client.files.info({ file: file_id! })).file?.shares).toEqual({
      public: {},
      private: { [shared!.channel]: [{ ts: shared!.ts }] },
    });
  });

  it('serves a member’s upload to the bot token only', async () => {
    const file = fake.uploadAsMember({ name: 'photo.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0x00]) });
    expect(file).toMatchObject({
      mimetype: 'image/jpeg',
      size: 4,
      url_private_download: expect.stringContaining(String(file.id)),
    });
    const download = (token?: string) =>
      fetch(String(file.url_private_download), token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await download()).status).toBe(401);
    expect((await download('xoxb-other')).status).toBe(401);
    const ok = await download('xoxb-test');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0x00]));
    expect(fake.downloads.map((d) => d.status)).toEqual([401, 401, 200]);
  });
});
