import { pino } from 'pino';
import { startApp, type RunningApp } from '../../../src/app.ts';
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
  type FakeDiscord,
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
  data: { content?: string; flags?: number; components?: { components: { custom_id?: string; type: number; options?: { value: string; default?: boolean }[]; value?: string }[] }[]; embeds?: { fields?: { name: string; value: string }[] }[]; custom_id?: string; title?: string };
  request: RecordedRequest;
}

/** The bot, started as in production, against a local Discord and a fresh database; `clock` drives its time (the scheduler's, the outbox's). */
export async function startDiscordWorld(options: { clock?: Clock } = {}) {
  const database: Database = await createTestDatabase();
  const fake: FakeDiscord = await startFakeDiscord({ guilds: [{ name: 'Duchess France', channels: [{ name: 'general' }, { name: 'moderation' }], roles: [{ name: 'Modération' }] }] });
  const guild = fake.guilds[0]!;
  const app: RunningApp = await startApp({
    config: { defaults: { locale: 'fr', timeZone: 'Europe/Paris' }, discord: { token: 'fake-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl } },
    database,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.discord!.registerCommands(commands, guild.id);
  const general = guild.channelId('general');

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
    command: (user: DiscordUser, subcommand: string, options: Parameters<typeof chatInputInteraction>[0]['options'] = []) =>
      answer(chatInputInteraction({ ...context(user), subcommand, options })),
    click: (user: DiscordUser, customId: string) => answer(buttonInteraction({ ...context(user), customId })),
    select: (user: DiscordUser, customId: string, values: string[]) => answer(stringSelectInteraction({ ...context(user), customId, values })),
    selectChannel: (user: DiscordUser, customId: string, channelId: string) =>
      answer(channelSelectInteraction({ ...context(user), customId, selected: [{ id: channelId, name: 'moderation' }] })),
    submit: (user: DiscordUser, customId: string, fields: Record<string, string>) => answer(modalSubmitInteraction({ ...context(user), customId, fields })),
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
