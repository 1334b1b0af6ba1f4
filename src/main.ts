// `npm start`: validate the configuration, open and migrate the database, then connect
// to the platforms whose credentials are set. Wiring only; the work lives elsewhere.
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig, readDotEnv } from './config.ts';
import { createLogger } from './logger.ts';
import { render, resolveLocale, translator } from './i18n/index.ts';
import { openDatabase } from './storage/database.ts';
import { startApp } from './app.ts';
import { StorageError, reasonOf } from './storage/errors.ts';

const env = readDotEnv();
// The host reads start-up messages in the community's default language (French unless set).
const hostLocale = resolveLocale(env.DEFAULT_LOCALE);
const t = translator(hostLocale);

function fail(lines: string[]): never {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail([
    t('config.header'),
    ...error.problems.map((p) => t('config.problem', { variable: p.variable, problem: render(hostLocale, p.problem) })),
    t('config.footer'),
  ]);
}

const logger = createLogger(config.log);
let database;
try {
  database = await openDatabase(config.storage, logger);
} catch (error) {
  logger.debug({ err: error }, 'database failed to open');
  fail([error instanceof StorageError ? render(hostLocale, error.text) : t('startup.error.unexpected', { reason: reasonOf(error) })]);
}
logger.info(
  { database: database.label, kind: database.kind, startupMs: Math.round(performance.now()) },
  'database ready',
);

if (!config.discord && !config.slack) {
  await database.close();
  process.stdout.write(`\n${t('startup.noPlatform', { database: database.label })}\n`);
  process.exit(0);
}

let app;
try {
  app = await startApp({ config, database, logger });
} catch (error) {
  logger.debug({ err: error }, 'platforms failed to start');
  await database.close();
  fail([t('startup.error.platform', { reason: reasonOf(error) })]);
}
const running = app;

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await running.stop();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
