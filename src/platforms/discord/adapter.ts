import { randomUUID } from 'node:crypto';
import {
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  makeURLSearchParams,
  MessageFlags,
  MessagePayload,
  Partials,
  REST,
  RESTJSONErrorCodes,
  Routes,
  type InteractionReplyOptions,
  type RepliableInteraction,
} from 'discord.js';
import { acknowledgeWithinMs } from '../../core/admission.ts';
import type { Command } from '../../core/commands.ts';
import type { Dispatcher, LoggerPort } from '../../core/dispatcher.ts';
import type { Reply } from '../../core/reply-model.ts';
import { resolveLocale, translator, type Locale } from '../../i18n/index.ts';
import { registerCommands } from './command-definitions.ts';
import { toIncoming } from './interactions.ts';
import { renderMessage, renderModal } from './render.ts';
import { createDiscordTransport, discordRestTimeoutMs, rejectsOnRateLimit } from './transport.ts';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** Base URL of the REST API (…/api); the gateway URL comes from it. */
  apiUrl?: string;
  dispatcher: Dispatcher;
  logger: LoggerPort & { debug?(details: object, message: string): void };
  /**
   * An interaction that may answer with a form (see Dispatcher.opensForm) is answered when its
   * work is done, and deferred past this, so Discord's 3-second deadline holds (a form can
   * then no longer open: she is told to try again).
   */
  deferAfterMs?: number;
  /** Any other is answered within this: deferred, and its answer then fills it in. */
  acknowledgeWithinMs?: number;
  /** How long one REST call may take before discord.js aborts and retries it (tests shorten it). */
  restTimeoutMs?: number;
}

type Payload = ReturnType<typeof renderMessage>;

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : undefined);

/**
 * Sends an interaction's first answer (a reply, an update, a form or a deferral). A call
 * that timed out after Discord took it is retried by discord.js and refused with "already
 * acknowledged" (40060): the first attempt arrived, so the interaction is answered, and
 * what follows goes as an edit or a follow-up, never as an apology for a failure she never saw.
 */
async function acknowledge(
  interaction: RepliableInteraction,
  as: 'deferred' | 'replied',
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (codeOf(error) !== RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) throw error;
    interaction[as] = true;
  }
}

/** A click, or a form sent from a message, can update that message (and is deferred silently). */
const deferredAsUpdate = (interaction: RepliableInteraction) =>
  interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());

/** How an interaction was deferred: a placeholder reply ("thinking…") to fill in, or a silent update. */
type Deferral = 'reply' | 'update' | undefined;

/**
 * What follows an acknowledgement, through the interaction's own token: filling in or removing
 * its first answer, or a follow-up. Discord does not count these in the bot's global rate limit
 * (50 requests a second), but discord.js's client counts every request of its own against it:
 * through the client, at 100 interactions a second the answers waited seconds behind that limit,
 * with the outbox's messages. So they go through a REST client of their own, with no global
 * limit; the routes' own limits (per token) still hold.
 */
function createAnswers(options: { api?: string; timeout: number }) {
  const rest = new REST({
    ...(options.api ? { api: options.api } : {}),
    timeout: options.timeout,
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
  });
  const original = (interaction: RepliableInteraction) =>
    Routes.webhookMessage(interaction.applicationId, interaction.token, '@original');
  const resolve = (interaction: RepliableInteraction, options: InteractionReplyOptions) =>
    MessagePayload.create(interaction.webhook, options).resolveBody().resolveFiles();
  return {
    async edit(interaction: RepliableInteraction, options: InteractionReplyOptions) {
      const { body, files } = await resolve(interaction, options);
      await rest.patch(original(interaction), { body, files: files ?? [], auth: false });
      interaction.replied = true;
    },
    async followUp(interaction: RepliableInteraction, options: InteractionReplyOptions) {
      const { body, files } = await resolve(interaction, options);
      await rest.post(Routes.webhook(interaction.applicationId, interaction.token), {
        body,
        files: files ?? [],
        query: makeURLSearchParams({ wait: true }),
        auth: false,
      });
      interaction.replied = true;
    },
    async remove(interaction: RepliableInteraction) {
      await rest.delete(original(interaction), { auth: false });
    },
    stop() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}

type Answers = ReturnType<typeof createAnswers>;

async function respond(
  answers: Answers,
  interaction: RepliableInteraction,
  reply: Reply,
  deferral: Deferral,
  locale: Locale,
): Promise<void> {
  if (reply.kind === 'none') {
    // A placeholder would otherwise say "thinking…" until Discord gives up on it.
    if (deferral === 'reply') await answers.remove(interaction);
    return;
  }
  const deferred = deferral !== undefined;
  if (reply.kind === 'modal') {
    const modal = renderModal(reply.modal);
    // A form of fields Discord cannot show (a Slack-only form, reached by a forged id): nothing to open.
    if (modal.components.length === 0) {
      await acknowledge(interaction, 'replied', () =>
        interaction.reply({ content: translator(locale)('error.expired'), flags: MessageFlags.Ephemeral }),
      );
      return;
    }
    if (!deferred && !interaction.isModalSubmit())
      return acknowledge(interaction, 'replied', () => interaction.showModal(modal));
    // Discord opens forms only as the first answer to a click or a command.
    const content = translator(locale)('error.expired');
    if (deferral === 'reply') await answers.edit(interaction, { content });
    else await answers.followUp(interaction, { content, flags: MessageFlags.Ephemeral });
    return;
  }
  const message = reply.kind === 'form-errors' ? { ...reply.fallback, ephemeral: true, update: false } : reply;
  const payload: Payload = renderMessage(message);
  const flags = message.ephemeral ? MessageFlags.Ephemeral : undefined;
  if (message.update && deferredAsUpdate(interaction) && deferral !== 'reply') {
    if (deferred) await answers.edit(interaction, payload);
    else
      await acknowledge(interaction, 'replied', () =>
        (interaction as Extract<RepliableInteraction, { update: unknown }>).update(payload),
      );
    return;
  }
  // Every reply is ephemeral (public posts go through the outbox), as the placeholder is.
  if (deferral === 'reply') await answers.edit(interaction, payload);
  else if (deferred) await answers.followUp(interaction, { ...payload, ...(flags ? { flags } : {}) });
  else await acknowledge(interaction, 'replied', () => interaction.reply({ ...payload, ...(flags ? { flags } : {}) }));
}

/**
 * Discord through discord.js: the gateway brings interactions, the core answers, and
 * this renders the answer as components and modals. An answer not ready within
 * `acknowledgeWithinMs` (`deferAfterMs` for one that may be a form) is deferred first, so
 * Discord has its acknowledgement at once and never shows "the application did not respond".
 */
export function createDiscordAdapter(options: DiscordAdapterOptions) {
  const { dispatcher, logger } = options;
  const deferAfter = options.deferAfterMs ?? 1_500;
  const acknowledgeWithin = options.acknowledgeWithinMs ?? acknowledgeWithinMs;
  const client = new Client({
    // GuildMembers: Discord tells when a member leaves the server (her data then follows the
    // retention period). A privileged intent: the bot's settings must enable "Server Members Intent".
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    // She may have left without the bot having her in its cache: the event still comes.
    partials: [Partials.GuildMember, Partials.User],
    // Inert unless a message says otherwise: renderMessage lists whom the bot means to ping.
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      rejectOnRateLimit: rejectsOnRateLimit,
      timeout: options.restTimeoutMs ?? discordRestTimeoutMs,
    },
  });

  const answers = createAnswers({
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
    timeout: options.restTimeoutMs ?? discordRestTimeoutMs,
  });

  /** `said.locale` follows what the core chose, for an apology if answering fails. */
  async function handle(interaction: RepliableInteraction, said: { locale: Locale }) {
    const incoming = toIncoming(interaction);
    if (!incoming) {
      await interaction.reply({ content: translator(said.locale)('discord.guildOnly'), flags: MessageFlags.Ephemeral });
      return;
    }
    // Known before any work: whether the answer may be a form, which only a first answer can open.
    const mayOpenForm = !interaction.isModalSubmit() && (dispatcher.opensForm?.(incoming) ?? true);
    // Waiting its turn (see withAdmission) is deferred at once, like work past `deferAfter`;
    // but not one that may open a form: a deferral would close that door, and it waits
    // ahead of the others, within `deferAfter`.
    let queued = () => {};
    const waiting = new Promise<boolean>((resolve) => (queued = () => resolve(true)));
    const work = dispatcher.dispatch(incoming, mayOpenForm ? {} : { onQueued: () => queued() });
    let deferral: Deferral;
    let timer: NodeJS.Timeout | undefined;
    const slow = await Promise.race([
      work.then(() => false),
      waiting,
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(resolve, mayOpenForm ? deferAfter : acknowledgeWithin, true)),
      ),
    ]).finally(() => clearTimeout(timer));
    if (slow) {
      const update = deferredAsUpdate(interaction);
      deferral = update ? 'update' : 'reply';
      await acknowledge(interaction, 'deferred', () =>
        update
          ? (interaction as Extract<RepliableInteraction, { deferUpdate: unknown }>).deferUpdate()
          : interaction.deferReply({ flags: MessageFlags.Ephemeral }),
      );
    }
    const { reply, locale } = await work;
    said.locale = locale;
    await respond(answers, interaction, reply, deferral, locale);
  }

  /** The last word when answering failed: an ephemeral apology, in whatever form Discord still allows. */
  async function apologize(interaction: RepliableInteraction, error: unknown, locale: Locale) {
    if (codeOf(error) === RESTJSONErrorCodes.UnknownInteraction) {
      // Her 3 seconds were over before the answer left (an overloaded process): Discord has
      // already told her it did not respond, and no apology can reach her through this token.
      logger.warn({ interaction: interaction.id }, 'discord: answered too late, the interaction had expired');
      return;
    }
    const reference = randomUUID().slice(0, 8);
    logger.error({ err: error, interaction: interaction.id, reference }, 'discord: could not answer an interaction');
    const content = translator(locale)('error.unexpected', { reference });
    // A deferred reply is her "thinking…" placeholder: fill it. A deferred click or a sent
    // answer leaves only a follow-up.
    if (interaction.deferred && !interaction.replied && !deferredAsUpdate(interaction))
      await answers.edit(interaction, { content });
    else if (interaction.deferred || interaction.replied)
      await answers.followUp(interaction, { content, flags: MessageFlags.Ephemeral });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }

  client.on('interactionCreate', (interaction) => {
    if (!interaction.isRepliable()) return;
    const said = { locale: resolveLocale(interaction.locale) };
    handle(interaction, said)
      .catch((error: unknown) => apologize(interaction, error, said.locale))
      .catch((error: unknown) =>
        logger.error({ err: error, interaction: interaction.id }, 'discord: could not even apologise'),
      );
  });
  client.on('guildMemberRemove', (member) => {
    void dispatcher.memberLeft?.('discord', member.guild.id, member.id);
  });
  client.on('guildMemberAdd', (member) => {
    void dispatcher.memberLeft?.('discord', member.guild.id, member.id, true);
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
      answers.stop();
      await client.destroy();
    },
    registerCommands: (commands: Command[], guildId?: string) =>
      registerCommands(client.rest, options.applicationId, commands, guildId),
  };
}

export type DiscordAdapter = ReturnType<typeof createDiscordAdapter>;
