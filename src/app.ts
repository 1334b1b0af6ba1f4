import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import type { Platform } from './core/community.ts';
import { withAdmission, type AdmissionOptions } from './core/admission.ts';
import { createBurstLog } from './core/burst-log.ts';
import { createDispatcher } from './core/dispatcher.ts';
import type { Transport } from './core/outbox.ts';
import { createServices } from './core/services.ts';
import { createMaintenance, type MaintenanceOptions } from './jobs/maintenance.ts';
import { createOutboxSender, type OutboxSenderSettings } from './jobs/outbox-sender.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { defaultSources } from './core/nudges/sources.ts';
import { publicationJobs } from './core/posts/publication-job.ts';
import { privacyJobs } from './core/privacy/retention-job.ts';
import type { Logger } from './logger.ts';
import type { Database } from './storage/database.ts';
import { createStore } from './storage/repositories/index.ts';

export interface AppOptions {
  config: Pick<Config, 'defaults' | 'discord' | 'slack' | 'playground'>;
  database: Database;
  logger: Logger;
  clock?: Clock;
  outbox?: OutboxSenderSettings;
  maintenance?: Partial<MaintenanceOptions>;
  /** When the nudge scheduler wakes (a node-cron expression; every minute by default). */
  scheduler?: { cron?: string };
  /** How many interactions run at once and how many may wait (see withAdmission). */
  admission?: Partial<AdmissionOptions>;
  /** How long a stop waits for the interactions already admitted to finish (10 s by default). */
  drainMs?: number;
  /** Slack Socket Mode's ping timeout and reconnect delay (see SlackAdapterOptions); tests shorten it. */
  slackClientPingTimeoutMs?: number;
  /**
   * How long the adapters wait for an answer to put it in the acknowledgement (see
   * acknowledgeWithinMs, the default); tests that read answers in acknowledgements lengthen it.
   */
  acknowledgeWithinMs?: number;
}

/** Each platform's adapter, loaded only when configured: discord.js and Bolt each weigh tens of megabytes. */
const platformModules = {
  discord: () => import('./platforms/discord/adapter.ts'),
  slack: () => import('./platforms/slack/adapter.ts'),
  playground: () => import('./platforms/playground/adapter.ts'),
};

/**
 * Starts loading the configured platforms' clients without waiting: main.ts calls it before the
 * database opens (on its own thread, leaving this one idle), and startApp's imports of the same
 * modules then find them loaded. A failure is not reported here but where startApp imports them.
 */
export function preloadPlatforms(config: AppOptions['config']): void {
  for (const platform of Object.keys(platformModules) as (keyof typeof platformModules)[])
    if (config[platform]) platformModules[platform]().catch(() => {});
}

/** One warning per this window while members are asked to come back, not one per refusal. */
const busyReportMs = 10_000;

/**
 * Wires the core to the platforms whose credentials are set, and starts them with the
 * outbox sender and the maintenance job. main.ts runs it; end-to-end tests run it
 * against local fakes.
 */
export async function startApp({
  config,
  database,
  logger,
  clock = systemClock,
  outbox,
  maintenance: maintenanceOptions,
  scheduler: schedulerOptions,
  admission,
  drainMs = 10_000,
  slackClientPingTimeoutMs,
  acknowledgeWithinMs,
}: AppOptions) {
  const store = createStore(database.prisma, { onEnqueue: () => sender.wake() });
  const services = createServices({ store, clock, defaults: config.defaults });
  // Under a burst the bot refuses hundreds a second: the first of a window is logged, the rest counted.
  const busyLog = createBurstLog<{ platform: Platform; input: string }>({
    windowMs: busyReportMs,
    first: (fields) => logger.warn(fields, 'too many interactions at once: asked to try again in a minute'),
    more: (more, seconds) => logger.warn({ more, seconds }, 'too many interactions at once: more asked to come back'),
  });
  // Past capacity, interactions wait their turn (acknowledged at once) or, past the queue, are told to come back.
  const dispatcher = withAdmission(createDispatcher({ commands, services, logger }), {
    ...admission,
    locale: config.defaults.locale,
    onBusy: (incoming) => busyLog.note(incoming.platform, { platform: incoming.platform, input: incoming.input.kind }),
  });
  const transports: Partial<Record<Platform, Transport>> = {};
  // Only the configured platforms' clients are loaded (see platformModules).
  const discord = config.discord
    ? (await platformModules.discord()).createDiscordAdapter({
        ...config.discord,
        ...(acknowledgeWithinMs ? { acknowledgeWithinMs } : {}),
        dispatcher,
        logger,
      })
    : undefined;
  const slack = config.slack
    ? (await platformModules.slack()).createSlackAdapter({
        ...config.slack,
        ...(slackClientPingTimeoutMs ? { clientPingTimeoutMs: slackClientPingTimeoutMs } : {}),
        ...(acknowledgeWithinMs ? { ackWithinMs: acknowledgeWithinMs } : {}),
        commands,
        dispatcher,
        logger,
      })
    : undefined;
  if (discord) transports.discord = discord.transport;
  if (slack) transports.slack = slack.transport;
  // The local playground: time travel moves `clock` when main.ts gave it a TravelClock.
  const playground = config.playground
    ? (await platformModules.playground()).createPlaygroundAdapter({
        ...config.playground,
        commands,
        dispatcher,
        services,
        clock,
        logger,
        tick: () => scheduler.tick(),
      })
    : undefined;
  if (playground) transports.playground = playground.transport;
  const sender = createOutboxSender({
    outbox: store.outbox,
    files: store.files,
    transports,
    clock,
    logger,
    ...(outbox ? { options: outbox } : {}),
  });
  const scheduler = createScheduler({
    store,
    clock,
    logger,
    sources: defaultSources,
    jobs: [...publicationJobs, ...privacyJobs],
    ...(schedulerOptions?.cron ? { cron: schedulerOptions.cron } : {}),
  });
  const maintenance = createMaintenance({
    processedEvents: store.processedEvents,
    clock,
    logger,
    ...(maintenanceOptions ? { options: maintenanceOptions } : {}),
  });

  // Prisma compiles its query engine on the first query: do it while the platforms connect.
  await Promise.all([
    database.prisma.$queryRawUnsafe('SELECT 1'),
    discord?.start(),
    slack?.start(),
    playground?.start(),
  ]);
  // The embedded database has one process at a time (its folder lock): a row still being
  // sent is one a crash interrupted, to be looked for and finished now, not in a minute.
  if (database.kind === 'embedded') {
    const interrupted = await store.outbox.endLeases(clock.now());
    if (interrupted > 0) logger.info({ interrupted }, 'outbox: messages interrupted by a stop are resumed');
  }
  sender.start();
  maintenance.start();
  // Its first tick catches up on whatever came due while the bot was down.
  scheduler.start();
  return {
    store,
    services,
    dispatcher,
    sender,
    maintenance,
    scheduler,
    discord,
    slack,
    playground,
    async stop() {
      // The scheduler first: a tick under way still queues, and the sender may still send it.
      await scheduler.stop();
      // What was admitted (running, or acknowledged and waiting its turn) finishes before the
      // database closes, within a bound: a stop in a burst would otherwise fail each of them.
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        dispatcher.idle().then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(resolve, drainMs, false))),
      ]).finally(() => clearTimeout(timer));
      if (!drained) logger.warn({ waitedMs: drainMs }, 'stopping with interactions still being answered');
      busyLog.flush();
      await Promise.all([sender.stop(), maintenance.stop()]);
      await Promise.allSettled([discord?.stop(), slack?.stop(), playground?.stop()]);
    },
  };
}

export type RunningApp = Awaited<ReturnType<typeof startApp>>;
