import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Command } from '../../core/commands.ts';
import type { Dispatcher, LoggerPort } from '../../core/dispatcher.ts';
import type { Services } from '../../core/services.ts';
import type { PlaygroundConfig } from '../../config.ts';
import { text } from '../../i18n/index.ts';
import { buildPage, type PageAssets } from './bundle.ts';
import { isTravelClock } from './clock.ts';
import { openFeed, type Feed } from './feed.ts';
import { ensureListenable, isLoopback, NotLoopbackError } from './guard.ts';
import { createInteractions, interactionSchema, formSchema } from './interactions.ts';
import { ensureCommunity, populateCommunity } from './personas.ts';
import {
  HttpError,
  listen,
  openEvents,
  pageSecurity,
  send,
  sendJson,
  type PlaygroundServer,
  type Route,
} from './server.ts';
import { viewState } from './state.ts';
import { createPlaygroundTransport } from './transport.ts';
import { PlaygroundError } from './startup.ts';
import { travelTarget } from './travel.ts';
import { readBody, readForm } from './uploads.ts';

export interface PlaygroundAdapterOptions extends PlaygroundConfig {
  commands: Command[];
  dispatcher: Dispatcher;
  services: Services;
  /** The app's clock: time travel moves it when it is a TravelClock (see clock.ts). */
  clock: Clock;
  /** Runs one scheduler tick (nudges, daily publication): after a time travel. */
  tick: () => Promise<unknown>;
  logger: LoggerPort;
}

/** JSON bodies are small; a form may carry an image (the admins allow 25 MB at most). */
const jsonLimit = 1_000_000;
const formLimit = 26 * 1024 * 1024;

const stateQuery = z.object({ as: z.string().max(40), locale: z.enum(['fr', 'en']).optional() });
const travelBody = z.object({ days: z.union([z.literal(1), z.literal(7), z.literal(21), z.literal(30)]) });

/**
 * The local playground: a page served by the bot itself where a visitor plays the members
 * of a sample community and sees Marraine answer, with no Discord or Slack app. It is a
 * platform like the others: interactions go to the same dispatcher, replies are rendered
 * from the same neutral model, and the outbox sends through its transport (into the feed
 * the page shows). Its only extras are the sample community and the time travel.
 */
export function createPlaygroundAdapter(options: PlaygroundAdapterOptions) {
  const { services, clock, logger } = options;
  try {
    ensureListenable(options.host, options.remote);
  } catch (error) {
    if (error instanceof NotLoopbackError)
      throw new PlaygroundError(text('playground.startup.notLoopback', { host: options.host }), { cause: error });
    throw error;
  }
  let feed: Feed | undefined;
  let server: PlaygroundServer | undefined;
  let page: PageAssets | undefined;
  const streams = new Set<ServerResponse>();

  const opened = () => {
    if (!feed) throw new Error('the playground is not started');
    return feed;
  };
  const communityId = () => feed?.state.seededCommunityId;
  const interactions = createInteractions({ ...options, feed: opened, communityId: () => currentCommunity() });

  function currentCommunity(): string {
    const id = communityId();
    if (!id) throw new HttpError(503, 'the sample community is being set up');
    return id;
  }

  /**
   * The sample community of the current generation. It is the feed's before its members are
   * welcomed, so the transport knows their welcome DMs belong to this playground.
   */
  async function seed() {
    const current = opened();
    const community = await ensureCommunity(services, current.state.generation);
    current.update({ seededCommunityId: community.id });
    await populateCommunity(services, community);
  }

  const json = async (request: IncomingMessage) =>
    JSON.parse((await readBody(request, jsonLimit)).toString('utf8')) as unknown;

  const routes: Record<string, Route> = {
    'GET /': async (_request, response) =>
      send(response, 200, 'text/html; charset=utf-8', page?.html ?? '', { 'content-security-policy': pageSecurity }),
    'GET /app.js': async (_request, response) => send(response, 200, 'text/javascript; charset=utf-8', page?.js ?? ''),
    'GET /app.css': async (_request, response) => send(response, 200, 'text/css; charset=utf-8', page?.css ?? ''),
    'GET /api/state': async (_request, response, url) => {
      const query = stateQuery.parse(Object.fromEntries(url.searchParams));
      // The page speaks the community's default language until she picks one.
      const locale = query.locale ?? services.defaults.locale;
      const id = currentCommunity();
      const community = await services.store.communities.get(id);
      const offsetMs = isTravelClock(clock) ? clock.offsetMs() : 0;
      sendJson(
        response,
        200,
        viewState({
          feed: opened(),
          communityId: id,
          timeZone: community.timeZone,
          commands: options.commands,
          as: query.as,
          locale,
          now: clock.now(),
          offsetMs,
        }),
      );
    },
    'GET /api/events': async (request, response) => {
      const emit = openEvents(response);
      streams.add(response);
      const unsubscribe = opened().subscribe(() => emit(String(opened().version)));
      // A comment now and then keeps proxies and the browser from dropping a quiet stream.
      const keepAlive = setInterval(() => response.write(': ping\n\n'), 20_000);
      request.on('close', () => {
        unsubscribe();
        clearInterval(keepAlive);
        streams.delete(response);
      });
    },
    'GET /api/files/*': async (_request, response, url) => {
      const sha256 = url.pathname.split('/').at(-1) ?? '';
      // Only files of messages the playground shows: the store's other files are not its to serve.
      const file = opened()
        .state.messages.filter((m) => m.communityId === communityId())
        .flatMap((m) => m.message.files ?? [])
        .find((f) => f.sha256 === sha256);
      const bytes = file && (await services.store.files.get(sha256));
      if (!file || !bytes) throw new HttpError(404, 'no such file');
      const image = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(file.mime);
      send(response, 200, image ? file.mime : 'application/octet-stream', bytes, {
        'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
        'content-security-policy': "default-src 'none'; sandbox",
      });
    },
    'POST /api/interact': async (request, response) =>
      sendJson(response, 200, await interactions.interact(interactionSchema.parse(await json(request)))),
    'POST /api/form': async (request, response) => {
      const { payload, files } = await readForm(request, formLimit);
      sendJson(response, 200, await interactions.submit(formSchema.parse(payload), files));
    },
    'POST /api/travel': async (request, response) => {
      if (!isTravelClock(clock)) throw new HttpError(409, 'this clock does not travel');
      const { days } = travelBody.parse(await json(request));
      const community = await services.store.communities.get(currentCommunity());
      const now = clock.now();
      clock.setOffset(clock.offsetMs() + (travelTarget(now, days, community.timeZone).getTime() - now.getTime()));
      opened().update({ offsetMs: clock.offsetMs() });
      const { enqueued } = (await options.tick()) as { enqueued?: number };
      sendJson(response, 200, { now: clock.now().toISOString(), enqueued: enqueued ?? 0 });
    },
    'POST /api/reset': async (request, response) => {
      await readBody(request, jsonLimit);
      opened().reset();
      if (isTravelClock(clock)) clock.setOffset(0);
      await seed();
      sendJson(response, 200, { generation: opened().state.generation });
    },
  };

  return {
    transport: createPlaygroundTransport({ feed: opened, clock, community: communityId }),
    /** Where the page is served, once started. */
    get url(): string | undefined {
      return server?.url;
    },
    /** The sample community of this generation, once set up. */
    get communityId(): string | undefined {
      return communityId();
    },
    async start(): Promise<void> {
      feed = await openFeed(join(options.dataDir, 'playground.json'));
      if (isTravelClock(clock)) clock.setOffset(feed.state.offsetMs);
      // Also finishes a setup a stop interrupted; done, it changes nothing.
      await seed();
      page = await buildPage();
      try {
        // PLAYGROUND_HOST=localhost still means this machine only, with every check kept.
        const remote = options.remote && !isLoopback(options.host);
        server = await listen({
          host: options.host,
          port: options.port,
          remote,
          routes,
          onError: (error, request) => logger.error({ err: error, path: request.url }, 'playground: request failed'),
        });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE')
          throw new PlaygroundError(text('playground.startup.portBusy', { port: options.port }), { cause: error });
        throw new PlaygroundError(
          text('playground.startup.cannotListen', {
            host: options.host,
            port: options.port,
            reason: code ?? (error as Error).message,
          }),
          { cause: error },
        );
      }
      logger.info({ host: options.host, port: options.port, remote: options.remote }, 'playground: listening');
    },
    async stop(): Promise<void> {
      for (const stream of streams) stream.end();
      await server?.close();
      await feed?.flush();
    },
  };
}

export type PlaygroundAdapter = ReturnType<typeof createPlaygroundAdapter>;
