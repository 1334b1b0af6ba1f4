import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../../src/app.ts';
import { createTravelClock, type TravelClock } from '../../../src/platforms/playground/clock.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createTestDatabase } from '../../support/databases.ts';
import { findFreePort } from '../../fakes/slack/index.ts';

/** The bot with only its playground, as `npm start` runs it without credentials, on a fresh database. */
export interface PlaygroundWorld {
  app: RunningApp;
  database: Database;
  clock: TravelClock;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startPlaygroundWorld(
  options: { dataDir?: string; database?: Database } = {},
): Promise<PlaygroundWorld> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'marraine-playground-')));
  const port = await findFreePort();
  const clock = createTravelClock();
  const app = await startApp({
    config: {
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      playground: { host: '127.0.0.1', port, remote: false, dataDir },
    },
    database,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    clock,
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 } },
  });
  return {
    app,
    database,
    clock,
    url: app.playground?.url ?? '',
    dataDir,
    async stop() {
      await app.stop();
      if (!options.database) await database.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
