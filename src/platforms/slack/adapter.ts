import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  App,
  LogLevel,
  SocketModeReceiver,
  type CustomRoute,
  type Logger as BoltLogger,
  type RespondFn,
} from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import { acknowledgeWithinMs } from '../../core/admission.ts';
import type { Command } from '../../core/commands.ts';
import type { Dispatched, Dispatcher, IncomingInteraction, LoggerPort } from '../../core/dispatcher.ts';
import { withoutMarkers, type Message, type Reply } from '../../core/reply-model.ts';
import { resolveLocale, translator, type Locale } from '../../i18n/index.ts';
import { parseCommandText } from './parse.ts';
import { createSlackFileFetcher } from './files.ts';
import { formFiles, formValues, renderBlocks, renderMessageView, renderModal, toMrkdwn } from './render.ts';
import { createSlackHttpReceiver } from './receiver.ts';
import { createSlackTransport, slackTimeoutMs } from './transport.ts';
import { createDirectoryClient, createUserDirectory, directoryDefaults, type UserDirectoryOptions } from './users.ts';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret?: string;
  /** Socket Mode when set: no public URL needed. */
  appToken?: string;
  /**
   * Socket Mode: how long a pong may be late before the connection counts as dead, which is
   * also how long the client waits before reconnecting after a drop (@slack/socket-mode's
   * clientPingTimeout, 5 s by default). Tests shorten it; hosts keep the default.
   */
  clientPingTimeoutMs?: number;
  apiUrl?: string;
  port: number;
  commands: Command[];
  dispatcher: Dispatcher;
  logger: LoggerPort & { debug(details: object, message: string): void };
  /** Past this (acknowledgeWithinMs by default), Slack gets its acknowledgement and the answer follows (its deadline is 3 s). */
  ackWithinMs?: number;
  /** How long users.info may take on an interaction's way (see createUserDirectory). */
  directory?: UserDirectoryOptions;
}

/** 'queued': the core will answer once its turn comes (see withAdmission), in `locale`. */
type Outcome = { reply: Reply; locale: Locale } | 'late' | { queued: Locale };

function boltLogger(logger: SlackAdapterOptions['logger']): BoltLogger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) =>
      logger[level]({ source: 'bolt' }, messages.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** Slack refusing to update or push onto a form that is no longer open: hers to reopen, not an incident. */
const formGone = (error: unknown) => {
  const e = error as { code?: string; data?: { error?: string } };
  return (
    e.code === ErrorCode.PlatformError &&
    ['not_found', 'expired_trigger_id', 'hash_conflict', 'view_not_found'].includes(e.data?.error ?? '')
  );
};

const messageGone = (error: unknown) => {
  const e = error as { code?: string; data?: { error?: string } };
  return (
    e.code === ErrorCode.PlatformError &&
    ['message_not_found', 'cant_update_message', 'edit_window_closed', 'channel_not_found'].includes(
      e.data?.error ?? '',
    )
  );
};

const asSlackMessage = (message: Message) => ({ text: toMrkdwn(message.text), blocks: renderBlocks(message) });

/**
 * Slack through Bolt: HTTP with request signatures checked by Bolt (unsigned, forged or
 * stale requests get 401 before reaching us), or Socket Mode. One slash command
 * `/marraine <subcommand>`, block actions and view submissions, all handed to the core.
 */
export function createSlackAdapter(options: SlackAdapterOptions) {
  const { dispatcher, logger, commands } = options;
  const ackWithin = options.ackWithinMs ?? acknowledgeWithinMs;
  const socketMode = Boolean(options.appToken);
  const customRoutes: CustomRoute[] = [
    { path: '/health', method: ['GET'], handler: (_req, res) => void res.writeHead(200).end('ok') },
  ];
  const appLogger = boltLogger(options.logger);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // This client answers interactions (forms, message updates), whose worth lasts seconds:
    // a failure or a rate limit is told to her at once, instead of Bolt's default of ten
    // retries over thirty minutes, or of pausing every call for the Retry-After.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: slackTimeoutMs,
  };
  const app = new App({
    token: options.botToken,
    // In Socket Mode, Bolt would serve custom routes on its own port (3000 unless
    // installerOptions.port) and let a listen error (EADDRINUSE) crash the process:
    // /health is served by healthServer below instead, on PORT, with its errors reported.
    // The receiver is the one Bolt would make (same client options), made here only so
    // that the ping timeout can be given.
    ...(socketMode
      ? {
          socketMode: true,
          appToken: options.appToken,
          receiver: new SocketModeReceiver({
            appToken: options.appToken ?? '',
            logger: appLogger,
            installerOptions: { clientOptions },
            ...(options.clientPingTimeoutMs ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
          }),
        }
      : {
          receiver: createSlackHttpReceiver({
            signingSecret: options.signingSecret ?? '',
            logger: appLogger,
            customRoutes,
          }),
        }),
    clientOptions,
    logger: appLogger,
    // Bolt's default keeps a conversation state in memory and looks it up on every request;
    // the bot keeps its state in the database and never reads Bolt's (0.5% of the bot's
    // time in a profile at 800 requests a second).
    convoStore: false,
  });
  const health = socketMode ? healthServer() : undefined;
  const users = createUserDirectory(
    createDirectoryClient(options.botToken, {
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      timeoutMs: options.directory?.adminMs ?? directoryDefaults.adminMs,
    }),
    options.directory,
  );
  /** Files members upload in forms, fetched with the bot token from Slack's hosts only. */
  const fetchFile = createSlackFileFetcher({
    token: options.botToken,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });

  /** An ephemeral apology with a reference that is in the log, for whatever the core could not answer. */
  function apology(error: unknown, locale: Locale, what: string): Extract<Reply, { kind: 'message' }> {
    const reference = randomUUID().slice(0, 8);
    logger.error({ err: error, reference }, `slack: ${what}`);
    return { kind: 'message', ephemeral: true, text: translator(locale)('error.unexpected', { reference }) };
  }

  /** Who she is, as far as Slack tells in time (see createUserDirectory). */
  async function person(userId: string) {
    const info = await users.get(userId);
    return {
      user: { externalId: userId, displayName: info.name, locale: info.locale, timeZone: info.timeZone },
      isPlatformAdmin: () => users.isAdmin(userId),
    };
  }

  /** Builds the interaction and dispatches it; a failure on the way still gets her an answer. */
  async function run(
    build: () => Promise<IncomingInteraction>,
    onQueued?: (locale: Locale) => void,
  ): Promise<Dispatched> {
    let locale = resolveLocale(null);
    try {
      const incoming = await build();
      locale = resolveLocale(incoming.user.locale);
      return await dispatcher.dispatch(incoming, onQueued ? { onQueued: () => onQueued(locale) } : {});
    } catch (error) {
      return { reply: apology(error, locale, 'interaction failed before the core answered'), locale };
    }
  }

  /**
   * Starts the acknowledgement deadline as the request arrives, before anything is asked
   * of Slack or the database; resolves `first` with the core's answer, 'late', or
   * `{ queued }` at once when the interaction has to wait its turn.
   */
  function settle(build: () => Promise<IncomingInteraction>) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, ackWithin, 'late')));
    let queued = (_locale: Locale) => {};
    const waiting = new Promise<{ queued: Locale }>((resolve) => (queued = (locale) => resolve({ queued: locale })));
    const work = run(build, (locale) => queued(locale));
    const first = Promise.race<Outcome>([work, late, waiting]).finally(() => clearTimeout(timer));
    return { work, first };
  }

  async function openModal(
    client: WebClient,
    triggerId: string,
    reply: Extract<Reply, { kind: 'modal' }>,
    locale: Locale,
    metadata: Record<string, string>,
  ) {
    await client.views.open({
      trigger_id: triggerId,
      view: renderModal(reply.modal, translator(locale)('slack.cancel'), metadata),
    });
  }

  app.command(/.*/, async ({ command, ack, respond, client }) => {
    const { work, first } = settle(async () => {
      const { name, options: parsed } = parseCommandText(command.text, commands);
      const who = await person(command.user_id);
      return {
        platform: 'slack',
        deliveryKey: `command:${command.trigger_id}`,
        community: { externalId: command.team_id, name: command.team_domain },
        user: who.user,
        channelId: command.channel_id,
        isPlatformAdmin: who.isPlatformAdmin,
        // Someone named in the command (a challenge): Slack tells whether that user is a bot, or unknown.
        whoIs: (userId: string) => users.whoIs(userId),
        richForms: true,
        input: { kind: 'command', name, options: parsed },
      };
    });
    const outcome = await first;
    if (outcome !== 'late' && 'reply' in outcome && outcome.reply.kind === 'message') {
      await ack({
        response_type: outcome.reply.ephemeral ? 'ephemeral' : 'in_channel',
        ...asSlackMessage(outcome.reply),
      });
      return;
    }
    // Waiting its turn: she is told at once that the answer is coming.
    if (outcome !== 'late' && 'queued' in outcome)
      await ack({ response_type: 'ephemeral', text: translator(outcome.queued)('admission.wait') });
    else await ack();
    const { reply, locale } = await work;
    try {
      if (reply.kind === 'modal')
        await openModal(client, command.trigger_id, reply, locale, { channelId: command.channel_id });
      else if (reply.kind === 'message')
        await respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', ...asSlackMessage(reply) });
    } catch (error) {
      // A form opened too late (its trigger lasts 3 s) or a refused answer: tell her rather than nothing.
      await respond({
        response_type: 'ephemeral',
        ...asSlackMessage(apology(error, locale, 'could not answer a command')),
      });
    }
  });

  app.action(/.*/, async ({ body, ack, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const action = body.actions[0] as unknown as Record<string, unknown> & { action_id: string };
    const values =
      (action.selected_options as { value: string }[] | undefined)?.map((o) => o.value) ??
      (action.selected_users as string[] | undefined) ??
      [
        (action.selected_option as { value: string } | undefined)?.value ??
          (action.selected_conversation as string | undefined) ??
          (action.selected_user as string | undefined),
      ].filter((v): v is string => typeof v === 'string');
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id;
    const { reply, locale } = await run(async () => {
      const who = await person(body.user.id);
      return {
        platform: 'slack',
        deliveryKey: `action:${body.trigger_id}:${action.action_id}`,
        community: { externalId: teamId, name: body.team?.domain ?? teamId },
        user: who.user,
        ...(channelId ? { channelId } : {}),
        isPlatformAdmin: who.isPlatformAdmin,
        richForms: true,
        input: { kind: 'action', id: action.action_id, values },
      };
    });
    try {
      await answerAction(client, respond, body, reply, locale);
    } catch (error) {
      // Clicked in a message, she has a response_url; in a form she has none, and the log has it.
      if (!body.view)
        await respond({
          response_type: 'ephemeral',
          ...asSlackMessage(apology(error, locale, 'could not answer a click')),
        });
      else if (formGone(error))
        logger.warn(
          { view: body.view.id, slackError: (error as { data?: { error?: string } }).data?.error },
          'slack: the form was closed or replaced before the answer',
        );
      else throw error;
    }
  });

  async function answerAction(
    client: WebClient,
    respond: RespondFn,
    body: { trigger_id: string; view?: { id: string }; container?: Record<string, unknown>; channel?: { id: string } },
    reply: Reply,
    locale: Locale,
  ) {
    const container = body.container ?? {};
    if (reply.kind === 'modal') {
      const view = renderModal(
        reply.modal,
        translator(locale)('slack.cancel'),
        body.channel ? { channelId: body.channel.id } : {},
      );
      if (body.view) await client.views.push({ trigger_id: body.trigger_id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
      return;
    }
    const message = reply.kind === 'form-errors' ? reply.fallback : reply.kind === 'message' ? reply : null;
    if (!message) return;
    const update = reply.kind === 'message' && reply.update;
    if (body.view) {
      await client.views.update({
        view_id: body.view.id,
        view: renderMessageView(translator(locale)('slack.title'), message, translator(locale)('slack.close')),
      });
    } else if (update && container.type === 'message' && !container.is_ephemeral && body.channel) {
      try {
        await client.chat.update({
          channel: body.channel.id,
          ts: String(container.message_ts),
          ...asSlackMessage(message),
        });
      } catch (error) {
        // The clicked message is gone (deleted meanwhile) or cannot change: the answer goes to her alone.
        if (!messageGone(error)) throw error;
        logger.warn(
          { slackError: (error as { data?: { error?: string } }).data?.error },
          'slack: the clicked message could not be updated; answered her alone',
        );
        await respond({ response_type: 'ephemeral', ...asSlackMessage(message) });
      }
    } else {
      await respond({ response_type: 'ephemeral', replace_original: update === true, ...asSlackMessage(message) });
    }
  }

  app.view(/.*/, async ({ body, view, ack, client }) => {
    let told: Locale | undefined;
    const { work, first } = settle(async () => {
      const who = await person(body.user.id);
      told = who.user.locale ? resolveLocale(who.user.locale) : undefined;
      const files = formFiles(view.state.values as never);
      return {
        platform: 'slack',
        // Each submission has its own trigger; a resubmitted view keeps its id and hash.
        deliveryKey: `view:${'trigger_id' in body ? body.trigger_id : `${view.id}:${view.hash}`}`,
        // An organisation-wide install sends team null: the workspace is then hers (payloads.ts requires one of them).
        community: {
          externalId: body.team?.id ?? body.user.team_id ?? '',
          name: body.team?.domain ?? body.team?.id ?? body.user.team_id ?? '',
        },
        user: who.user,
        isPlatformAdmin: who.isPlatformAdmin,
        richForms: true,
        fetchFile,
        input: {
          kind: 'form',
          id: view.callback_id,
          values: formValues(view.state.values as never),
          ...(files ? { files } : {}),
        },
      };
    });
    const outcome = await first;
    if (outcome === 'late' || 'queued' in outcome) {
      // Slack wants its answer within 3 s: the form says "one moment" now, what she submitted
      // is kept and handled in its turn, and the answer then takes the form's place.
      const waitT = translator(outcome === 'late' ? (told ?? resolveLocale(undefined)) : outcome.queued);
      await ack({
        response_action: 'update',
        view: renderMessageView(waitT('slack.title'), { text: waitT('admission.wait') }, waitT('slack.close')),
      });
      const { reply, locale } = await work;
      const answer = formAnswer(reply, locale);
      if (!answer) return;
      try {
        await client.views.update({ view_id: view.id, view: answer });
      } catch (error) {
        if (!formGone(error)) throw error;
        logger.warn({ callback: view.callback_id }, 'slack: the form was closed before its answer came');
      }
      return;
    }
    const { reply, locale } = outcome;
    if (reply.kind === 'form-errors') {
      // Slack shows these as plain text under each field: what she typed, quoted, loses its markers.
      await ack({
        response_action: 'errors',
        errors: Object.fromEntries(
          Object.entries(reply.errors).map(([field, problem]) => [field, withoutMarkers(problem)]),
        ),
      });
    } else {
      const answer = formAnswer(reply, locale);
      await ack(answer ? { response_action: 'update', view: answer } : undefined);
    }
  });

  /**
   * What takes a submitted form's place: the next form, or the answer as a message. Errors
   * come as their message, for when it is too late to show them under her fields.
   */
  function formAnswer(reply: Reply, locale: Locale) {
    const t = translator(locale);
    if (reply.kind === 'modal') return renderModal(reply.modal, t('slack.cancel'));
    if (reply.kind === 'none') return null;
    return renderMessageView(t('slack.title'), reply.kind === 'message' ? reply : reply.fallback, t('slack.close'));
  }

  // Slack retries an event it thinks we missed (X-Slack-Retry-Num); the event id makes
  // the retry a duplicate the core ignores.
  app.event('app_mention', async ({ event, body }) => {
    const userId = event.user ?? '';
    await run(async () => {
      const who = await person(userId);
      return {
        platform: 'slack',
        deliveryKey: `event:${body.event_id}`,
        community: { externalId: body.team_id },
        user: who.user,
        channelId: event.channel,
        isPlatformAdmin: who.isPlatformAdmin,
        richForms: true,
        input: { kind: 'mention', channelId: event.channel, threadId: event.thread_ts ?? event.ts },
      };
    });
  });

  // A deactivated account (user_change with deleted: true) is her leaving the workspace:
  // she is paused, and her data erased after the retention period. Needs users:read.
  app.event('user_change', async ({ event, body }) => {
    const user = event.user as { id?: string; deleted?: boolean; team_id?: string };
    if (!user.id) return;
    // Any other change of a member who is not deactivated may be her account coming back.
    await dispatcher.memberLeft?.('slack', body.team_id ?? user.team_id ?? '', user.id, !user.deleted);
  });

  app.error(async (error) => logger.error({ err: error }, 'slack: listener failed'));

  return {
    app,
    transport: createSlackTransport({ token: options.botToken, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) }),
    async start(): Promise<void> {
      // The port first: a port in use fails the start at once, before Slack is called.
      if (health) await listen(health, options.port);
      try {
        await app.start(options.port);
      } catch (error) {
        if (health) await close(health);
        throw error;
      }
      logger.info({ mode: socketMode ? 'socket' : 'http', port: options.port }, 'slack: listening');
    },
    async stop(): Promise<void> {
      await app.stop();
      if (health) await close(health);
    },
  };
}

export type SlackAdapter = ReturnType<typeof createSlackAdapter>;

/** `GET /health` for Socket Mode, where no HTTP receiver runs (load balancers and hosts probe it). */
function healthServer(): Server {
  return createServer((req, res) => {
    const found = req.method === 'GET' && new URL(req.url ?? '/', 'http://localhost').pathname === '/health';
    res.writeHead(found ? 200 : 404).end(found ? 'ok' : '');
  });
}

/** Resolves once listening; rejects with the listen error (EADDRINUSE, EACCES) instead of emitting it. */
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
