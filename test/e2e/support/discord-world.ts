import { pino } from 'pino';
import { startApp, type AppOptions, type RunningApp } from '../../../src/app.ts';
import type { Clock } from '../../../src/core/clock.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createTestDatabase } from '../../support/databases.ts';
import {
  PERMISSIONS,
  buttonInteraction,
  channelSelectInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  startFakeDiscord,
  stringSelectInteraction,
  type ChatInputOptionInit,
  type FakeDiscord,
  type FakeMessage,
  type RecordedRequest,
} from '../../fakes/discord/index.ts';
import { commands } from '../../../commands/index.ts';

export interface DiscordUser {
  id: string;
  username: string;
  locale?: 'fr' | 'en-US';
  admin?: boolean;
  roles?: string[];
}

/** What Discord received in answer to one interaction: the callback's type and data. */
export interface Answer {
  type: number;
  data: {
    content?: string;
    flags?: number;
    components?: {
      components: {
        custom_id?: string;
        type: number;
        options?: { value: string; default?: boolean }[];
        value?: string;
      }[];
    }[];
    embeds?: { fields?: { name: string; value: string }[] }[];
    custom_id?: string;
    title?: string;
  };
  request: RecordedRequest;
}

/** A file she attaches to a command (an attachment option), served by the local Discord's CDN. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  contentType?: string;
  /** The size Discord reports, to make it lie; the real one by default. */
  size?: number;
}

/** A command's options by name: text, number, yes/no, or a file (user and channel options: use the array form). */
export type CommandOptions = ChatInputOptionInit[] | Record<string, string | number | boolean | UploadedFile>;

function optionList(options: CommandOptions): ChatInputOptionInit[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]): ChatInputOptionInit => {
    if (typeof value === 'string') return { name, type: 'string', value };
    if (typeof value === 'number') return { name, type: 'integer', value };
    if (typeof value === 'boolean') return { name, type: 'boolean', value };
    return { name, type: 'attachment', attachment: value };
  });
}

/** Polls `find` until it gives something, or fails after `timeoutMs` with `what`. */
async function eventually<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`No ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The bot, started as in production, against a local Discord and a fresh database; `clock`
 * drives its time (the scheduler's, the outbox's). The guild has #general and #moderation,
 * plus `channels` (e.g. `['showcase']`).
 */
export async function startDiscordWorld(
  options: { clock?: Clock; channels?: string[] } & Partial<Pick<AppOptions, 'logger' | 'admission' | 'drainMs'>> = {},
) {
  const database: Database = await createTestDatabase();
  const channels = ['general', 'moderation', ...(options.channels ?? [])].map((name) => ({ name }));
  const fake: FakeDiscord = await startFakeDiscord({
    guilds: [{ name: 'Duchess France', channels, roles: [{ name: 'Modération' }] }],
  });
  const guild = fake.guilds[0]!;
  const app: RunningApp = await startApp({
    config: {
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      discord: { token: 'fake-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    },
    database,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
    // These tests read each answer where it comes when it is ready at once (in the acknowledgement),
    // on a machine that runs many of them side by side; answers that come after an acknowledgement
    // are tested on their own (slow-answers.test.ts, acknowledgement.test.ts).
    acknowledgeWithinMs: 2_000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.admission ? { admission: options.admission } : {}),
    ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
  });
  await app.discord!.registerCommands(commands, guild.id);
  const general = guild.channelId('general');
  const channelIdOf = (channel: string) =>
    guild.channels.some((c) => c.name === channel) ? guild.channelId(channel) : channel;

  const context = (user: DiscordUser) => ({
    guildId: guild.id,
    channelId: general,
    user: { id: user.id, username: user.username },
    locale: user.locale ?? 'fr',
    permissions: user.admin ? PERMISSIONS.admin : PERMISSIONS.member,
    roles: user.roles ?? [],
  });

  async function answer(payload: Parameters<FakeDiscord['interact']>[0]): Promise<Answer> {
    const handle = await fake.interact(payload);
    const request = await handle.callback(5_000);
    const body = request.body as { type: number; data: Answer['data'] };
    return { type: body.type, data: body.data ?? {}, request };
  }

  return {
    fake,
    app,
    database,
    guild,
    general,
    /**
     * `/marraine <subcommand>` with options by name, a file as `{ filename, bytes }`:
     * `world.command(ada, 'share', { category: 'coding', image: { filename: 'a.png', bytes } })`.
     */
    command: (user: DiscordUser, subcommand: string, options: CommandOptions = []) =>
      answer(chatInputInteraction({ ...context(user), subcommand, options: optionList(options) })),
    click: (user: DiscordUser, customId: string) => answer(buttonInteraction({ ...context(user), customId })),
    select: (user: DiscordUser, customId: string, values: string[]) =>
      answer(stringSelectInteraction({ ...context(user), customId, values })),
    selectChannel: (user: DiscordUser, customId: string, channelId: string) =>
      answer(
        channelSelectInteraction({ ...context(user), customId, selected: [{ id: channelId, name: 'moderation' }] }),
      ),
    submit: (user: DiscordUser, customId: string, fields: Record<string, string>) =>
      answer(modalSubmitInteraction({ ...context(user), customId, fields })),
    /** The id of the guild's channel with this name. */
    channel: (name: string) => guild.channelId(name),
    /**
     * What the bot posted in a channel (by name or id) that everyone there sees (no ephemeral
     * answers), oldest first; each with its `files` (filename, contentType, bytes, description).
     */
    messagesIn: (channel: string): FakeMessage[] => fake.messages(channelIdOf(channel)).filter((m) => !m.ephemeral),
    /** What the bot sent her in DMs, oldest first, with their files. */
    directMessages: (user: DiscordUser): FakeMessage[] => fake.directMessages(user.id),
    /** The first message in a channel (by name or id) that `match` takes, once the bot posted it (the outbox sends soon after). */
    waitForMessage(
      channel: string,
      match: (m: FakeMessage) => boolean = () => true,
      timeoutMs = 5_000,
    ): Promise<FakeMessage> {
      const id = channelIdOf(channel);
      return eventually(
        () => fake.messages(id).find((m) => !m.ephemeral && match(m)),
        `message in ${channel}`,
        timeoutMs,
      );
    },
    /** The first DM to her that `match` takes, once sent. */
    waitForDirectMessage(
      user: DiscordUser,
      match: (m: FakeMessage) => boolean = () => true,
      timeoutMs = 5_000,
    ): Promise<FakeMessage> {
      return eventually(() => fake.directMessages(user.id).find(match), `DM to ${user.username}`, timeoutMs);
    },
    async stop() {
      await app.stop();
      await fake.close();
      await database.close();
    },
  };
}

export type DiscordWorld = Awaited<ReturnType<typeof startDiscordWorld>>;

/** Every component id in an answer, to find the next thing to click. */
export function componentIds(answer: Answer): string[] {
  return (answer.data.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}
