import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileTooLargeError, type IncomingFile } from '../../src/core/incoming-files.ts';
import type { IncomingInteraction } from '../../src/core/dispatcher.ts';
import { downloadAttachment } from '../../src/platforms/discord/files.ts';
import { toIncoming } from '../../src/platforms/discord/interactions.ts';
import {
  chatInputInteraction,
  startFakeDiscord,
  type AttachmentInit,
  type FakeDiscord,
} from '../fakes/discord/index.ts';

const png = (size: number) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('files a member attaches to a command on Discord, downloaded through the local Discord’s CDN', () => {
  let fake: FakeDiscord;
  let client: Client;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login('token');
    await ready;
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  /** `/marraine share image:<file>` as discord.js hands it to the bot, and the file as the core sees it. */
  async function attach(attachment: AttachmentInit): Promise<{ incoming: IncomingInteraction; file: IncomingFile }> {
    const guild = fake.guilds[0]!;
    const received = once(client, Events.InteractionCreate) as Promise<[Interaction]>;
    await fake.interact(
      chatInputInteraction({
        guildId: guild.id,
        channelId: guild.channelId('general'),
        user: { id: '600000000000000001', username: 'ada' },
        subcommand: 'share',
        options: [{ name: 'image', type: 'attachment', attachment }],
      }),
    );
    const [interaction] = await received;
    const incoming = toIncoming(interaction)!;
    if (incoming.input.kind !== 'command') throw new Error('not a command');
    return { incoming, file: incoming.input.options.image as IncomingFile };
  }

  it('downloads the file Discord gave, byte for byte, when it is under the limit', async () => {
    const bytes = png(50_000);
    const { incoming, file } = await attach({ filename: 'bureau.png', bytes, contentType: 'image/png' });
    expect(file).toMatchObject({
      name: 'bureau.png',
      size: 50_000,
      mime: 'image/png',
      url: expect.stringContaining('hm='),
    });
    const fetched = await incoming.fetchFile!(file, 50_000);
    expect(fetched.equals(bytes)).toBe(true);
    expect(fake.attachments.downloads(file.id)).toMatchObject([{ signed: true, status: 200 }]);
  });

  it('downloads only this interaction’s files, from the link Discord gave, whatever link it is handed', async () => {
    const bytes = png(2_000);
    const { incoming, file } = await attach({ filename: 'a.png', bytes });
    const elsewhere = fake.attachments.add({ filename: 'other.png', bytes: png(2_000) });
    expect((await incoming.fetchFile!({ ...file, url: elsewhere.url }, 10_000)).equals(bytes)).toBe(true);
    await failure(incoming.fetchFile!({ ...file, id: elsewhere.id, url: elsewhere.url }, 10_000));
    expect(fake.attachments.downloads(elsewhere.id)).toHaveLength(0);
  });

  it('refuses a file Discord says is too large without downloading it', async () => {
    const { incoming, file } = await attach({ filename: 'grand.png', bytes: png(20_001) });
    const error = await failure(incoming.fetchFile!(file, 20_000));
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).maxBytes).toBe(20_000);
    expect(fake.attachments.downloads(file.id)).toHaveLength(0);
  });

  it('stops reading a file past the limit when its announced size lied', async () => {
    const { incoming, file } = await attach({ filename: 'menteur.png', bytes: png(20 * 1024 * 1024), size: 1_000 });
    expect(file.size).toBe(1_000);
    expect(await failure(incoming.fetchFile!(file, 256 * 1024))).toBeInstanceOf(FileTooLargeError);
    // It hung up: the CDN never got to send the whole file.
    await vi.waitFor(() => expect(fake.attachments.downloads(file.id)[0]?.completed).toBe(false));
  });

  it('fails plainly on a link that no longer serves the file, without its signature in the message', async () => {
    const { incoming, file } = await attach({ filename: 'expire.png', bytes: png(1_000) });
    fake.attachments.remove(file.id);
    const error = await failure(incoming.fetchFile!(file, 10_000));
    expect(error).not.toBeInstanceOf(FileTooLargeError);
    expect(error.message).toContain('404');
    expect(error.message).toContain(`/${file.id}/expire.png`);
    expect(error.message).not.toMatch(/hm=|ex=|\?/);
  });

  it('gives up on a download that stalls, at its timeout', async () => {
    const stalled = fake.attachments.add({ filename: 'lent.png', bytes: png(100_000), stallAfter: 20_000 });
    const error = await failure(downloadAttachment({ url: stalled.url, size: stalled.size }, 1_000_000, 200));
    expect(error).not.toBeInstanceOf(FileTooLargeError);
    expect(error.message).toMatch(/timed out$/);
    expect(error.message).not.toContain('hm=');
  });
});
