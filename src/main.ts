// `npm start`: validate the configuration, open and migrate the database, then connect
// to the platforms whose credentials are set. Wiring only; the work lives elsewhere.
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig, readDotEnv } from './config.ts';
import { createLogger } from './logger.ts';
import { render, resolveLocale, translator } from './i18n/index.ts';
import { openDatabase } from './storage/database.ts';
import type { RunningApp } from './app.ts';
import { StorageError, reasonOf } from './storage/errors.ts';
import { createTravelClock } from './platforms/playground/clock.ts';
import { PlaygroundError, playgroundBanner } from './platforms/playground/startup.ts';

// `npm run playground`: the local playground alone, on its own data folder.
const playgroundAsked = process.argv.includes('--playground');

const env = readDotEnv();
// The host reads start-up messages in the community's default language (French unless set).
const hostLocale = resolveLocale(env.DEFAULT_LOCALE);
const t = translator(hostLocale);

function fail(lines: string[]): never {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

/** The port a listen failed on (in use, or not allowed), when that is what stopped the start. */
function portProblem(error: unknown): number | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return undefined;
  return typeof port === 'number' ? port : undefined;
}

let config;
try {
  config = loadConfig(env, { playground: playgroundAsked });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail([
    t('config.header'),
    ...error.problems.map((p) => t('config.problem', { variable: p.variable, problem: render(hostLocale, p.problem) })),
    t('config.footer'),
  ]);
}

const logger = createLogger(config.log);
// Signals are heard from here on: a stop asked for while the platforms connect waits
// for them, then stops them, rather than killing the process half-way.
let app: RunningApp | undefined;
let stopSignal: string | undefined;
const shutdown = async (signal: string) => {
  stopSignal = signal;
  if (!app) return; // still starting: stopped once started (see below)
  logger.info({ signal }, 'shutting down');
  await app.stop();
  await database?.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

// The app and the platform clients (discord.js, Bolt: the heaviest part of start-up) load while
// the database opens, which mostly waits on the embedded database's own thread or on the network
// (measured: about 0.4 s less to Discord connected). Awaited, and any failure reported, below.
const loadingApp = import('./app.ts').then((module) => {
  module.preloadPlatforms(config);
  return module;
});
loadingApp.catch(() => {});

let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  database = await openDatabase(config.storage, logger);
} catch (error) {
  logger.debug({ err: error }, 'database failed to open');
  fail([
    error instanceof StorageError
      ? render(hostLocale, error.text)
      : t('startup.error.unexpected', { reason: reasonOf(error) }),
  ]);
}
logger.info(
  { database: database.label, kind: database.kind, startupMs: Math.round(performance.now()) },
  'database ready',
);
// The embedded database's thread gone (PGlite crashed): nothing can be stored or read any
// more, so the process ends rather than answer every member with an apology; a supervisor
// (systemd, Docker's restart policy) starts it again, and the outbox resumes where it was.
void database.lost?.then((error) => {
  logger.fatal({ err: error }, 'the embedded database stopped: exiting');
  process.exit(1);
});

if (stopSignal) {
  await database.close();
  process.exit(0);
}

try {
  const { startApp } = await loadingApp;
  // With no platform configured, the local playground runs (config.playground), on a clock its time travel moves.
  app = await startApp({ config, database, logger, ...(config.playground ? { clock: createTravelClock() } : {}) });
} catch (error) {
  logger.debug({ err: error }, 'platforms failed to start');
  await database.close();
  const port = portProblem(error);
  fail([
    error instanceof PlaygroundError
      ? render(hostLocale, error.text)
      : port !== undefined
        ? t('startup.error.port', { port: String(port), reason: reasonOf(error) })
        : t('startup.error.platform', { reason: reasonOf(error) }),
  ]);
}
if (app.playground?.url && config.playground) {
  const { remote, host } = config.playground;
  process.stdout.write(
    `\n${playgroundBanner(hostLocale, { url: app.playground.url, database: database.label, explicit: playgroundAsked, remote, host })}\n\n`,
  );
}
if (stopSignal) await shutdown(stopSignal);
