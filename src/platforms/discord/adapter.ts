import {
  Client,
  GatewayIntentBits,
  MessageFlags,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import type { Command } from '../../core/commands.ts';
import type { Dispatcher, LoggerPort } from '../../core/dispatcher.ts';
import type { Reply } from '../../core/reply.ts';
import { resolveLocale, translator, type Locale } from '../../i18n/index.ts';
import { registerCommands } from './command-definitions.ts';
import { toIncoming } from './interactions.ts';
import { renderMessage, renderModal } from './render.ts';
import { createDiscordTransport, rejectsOnRateLimit } from './transport.ts';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** Base URL of the REST API (…/api); the gateway URL comes from it. */
  apiUrl?: string;
  dispatcher: Dispatcher;
  logger: LoggerPort & { debug?(details: object, message: string): void };
  /** Past this, the reply is deferred so Discord's 3-second deadline holds. */
  deferAfterMs?: number;
}

type Payload = ReturnType<typeof renderMessage>;

async function respond(interaction: RepliableInteraction, reply: Reply, deferred: boolean, locale: Locale): Promise<void> {
  if (reply.kind === 'none') return;
  if (reply.kind === 'modal') {
    if (!deferred && !interaction.isModalSubmit()) return interaction.showModal(renderModal(reply.modal));
    // Discord opens forms only as the first answer to a click or a command.
    const t = translator(locale);
    await interaction.followUp({ content: t('error.expired'), flags: MessageFlags.Ephemeral });
    return;
  }
  const message = reply.kind === 'form-errors' ? { ...reply.fallback, ephemeral: true, update: false } : reply;
  const payload: Payload = renderMessage(message);
  const flags = message.ephemeral ? MessageFlags.Ephemeral : undefined;
  const canUpdate = interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
  if (message.update && canUpdate) {
    if (deferred) await interaction.editReply(payload);
    else await (interaction as Extract<RepliableInteraction, { update: unknown }>).update(payload);
    return;
  }
  if (deferred && interaction.isChatInputCommand()) await interaction.editReply(payload);
  else if (deferred) await interaction.followUp({ ...payload, ...(flags ? { flags } : {}) });
  else await interaction.reply({ ...payload, ...(flags ? { flags } : {}) });
}

/**
 * Discord through discord.js: the gateway brings interactions, the core answers, and
 * this renders the answer as components and modals. Work that takes longer than
 * `deferAfterMs` is deferred first, so Discord never shows "the application did not respond".
 */
export function createDiscordAdapter(options: DiscordAdapterOptions) {
  const { dispatcher, logger } = options;
  const deferAfter = options.deferAfterMs ?? 1_500;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), rejectOnRateLimit: rejectsOnRateLimit },
  });

  async function handle(interaction: Interaction) {
    if (!interaction.isRepliable()) return;
    const incoming = toIncoming(interaction);
    if (!incoming) {
      const t = translator(resolveLocale(interaction.locale));
      await interaction.reply({ content: t('discord.guildOnly'), flags: MessageFlags.Ephemeral });
      return;
    }
    const work = dispatcher.dispatch(incoming);
    let deferred = false;
    const slow = await Promise.race([work.then(() => false), new Promise<boolean>((resolve) => setTimeout(resolve, deferAfter, true))]);
    if (slow) {
      deferred = true;
      if (interaction.isMessageComponent()) await interaction.deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    }
    const { reply, locale } = await work;
    await respond(interaction, reply, deferred, locale);
  }

  client.on('interactionCreate', (interaction) => {
    handle(interaction).catch((error: unknown) => logger.error({ err: error, interaction: interaction.id }, 'discord: could not answer an interaction'));
  });
  client.on('error', (error) => logger.error({ err: error }, 'discord: client error'));

  return {
    client,
    transport: createDiscordTransport(client),
    async start(): Promise<void> {
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(options.token);
      await ready;
      logger.info({ guilds: client.guilds.cache.size, user: client.user?.tag }, 'discord: connected');
    },
    async stop(): Promise<void> {
      await client.destroy();
    },
    registerCommands: (commands: Command[], guildId?: string) => registerCommands(client.rest, options.applicationId, commands, guildId),
  };
}

export type DiscordAdapter = ReturnType<typeof createDiscordAdapter>;
