import { mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { text } from '../i18n/index.ts';
import type { Config } from '../config.ts';
import { describeDatabaseUrl, type Logger } from '../logger.ts';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, readMigrationList } from './migrations.ts';
import { postgresConnectError, reasonOf, StorageError } from './errors.ts';
import { acquireDirectoryLock } from './directory-lock.ts';
import { preloadedPGliteModules } from './pglite-module.ts';
import { copyTemplate } from './template.ts';
import { startEmbeddedWorker, type EmbeddedWorker } from './embedded-worker.ts';

export { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  /** The driver adapter underneath, for the schema engine and tools. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  kind: 'embedded' | 'postgres';
  /** Where the data lives, fit for logs (no password). */
  label: string;
  /** Migrations applied by this start (empty when the schema was already current). */
  applied: string[];
  /** The embedded database's thread stopped on its own (main.ts then exits, for a supervisor to restart it). */
  lost?: Promise<Error>;
  close(): Promise<void>;
}

interface Connection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  kind: Database['kind'];
  label: string;
  lost?: Promise<Error>;
  release(): Promise<void>;
}

/**
 * Opens the configured database and brings its schema up to date. Every failure the
 * host can fix becomes a StorageError, raised before anything is written.
 */
export async function openDatabase(storage: Config['storage'], logger?: Logger): Promise<Database> {
  const connection =
    storage.kind === 'embedded' ? await openEmbedded(storage.dataDir) : await openPostgres(storage.url, logger);
  try {
    return await connectAndMigrate(connection, logger);
  } catch (error) {
    await connection.release();
    throw error;
  }
}

/** For tests and tools that bring their own adapter (an in-memory PGlite, a test database). */
export async function openDatabaseWith(
  factory: SqlMigrationAwareDriverAdapterFactory,
  options: { kind: Database['kind']; label: string; release?: () => Promise<void> },
  logger?: Logger,
): Promise<Database> {
  return connectAndMigrate({ factory, release: async () => {}, ...options }, logger);
}

async function connectAndMigrate(connection: Connection, logger?: Logger): Promise<Database> {
  let applied: string[] = [];
  if ((await pendingMigrations(connection.factory)).length > 0) {
    applied = await applyMigrations(connection.factory).catch((error: unknown) => {
      throw new StorageError(text('storage.error.migration', { reason: reasonOf(error) }), { cause: error });
    });
    if (applied.length > 0) logger?.info({ migrations: applied }, 'migrations applied');
  }
  // Prisma compiles its query engine (WebAssembly) on its first query, not here.
  const prisma = new PrismaClient({ adapter: connection.factory });
  const close = async () => {
    await prisma.$disconnect();
    await connection.release();
  };
  const { factory, kind, label, lost } = connection;
  return { prisma, factory, kind, label, applied, close, ...(lost ? { lost } : {}) };
}

/**
 * Names in prisma/migrations not yet recorded as applied. Prisma's own history table is
 * read through the driver adapter, without the query engine; only when something is
 * pending do we load the schema engine.
 */
export async function pendingMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const { migrationDirectories } = await readMigrationList();
  const wanted = migrationDirectories.map((m) => m.path);
  const adapter = await factory.connect();
  const rows = async (sql: string) => (await adapter.queryRaw({ sql, args: [], argTypes: [] })).rows;
  const [[present]] = (await rows(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`)) as [[boolean]];
  if (!present) return wanted;
  const applied = await rows(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.map((row) => String(row[0])));
  return wanted.filter((name) => !done.has(name));
}

async function openEmbedded(dataDir: string): Promise<Connection> {
  const dir = resolve(dataDir);
  const pgDir = join(dir, 'pglite');
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new StorageError(text('storage.error.dataDir', { dir, reason: reasonOf(error) }), { cause: error });
  }
  const unlock = await acquireDirectoryLock(dir);
  try {
    if (existsSync(pgDir) && !existsSync(join(pgDir, 'PG_VERSION')) && (await readdir(pgDir)).length > 0) {
      throw new StorageError(text('storage.error.notDatabase', { dir: pgDir }));
    }
    // A new folder starts as a copy of the blank database made at install, when there is one.
    if (!existsSync(join(pgDir, 'PG_VERSION'))) await copyTemplate(pgDir);
    const embedded = await openPGlite(pgDir);
    return {
      factory: embedded.factory,
      kind: 'embedded',
      label: pgDir,
      lost: embedded.lost,
      release: async () => {
        await embedded.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * PostgreSQL's defaults suit a server with memory to spare (shared_buffers alone is 128 MB,
 * all of it resident once touched); a community bot's data is a few megabytes. These keep
 * the embedded database's memory small without slowing what the bot does.
 */
export const embeddedSettings = {
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  work_mem: '2MB',
  temp_buffers: '2MB',
  wal_buffers: '1MB',
} as const;

/** PGlite on a thread of its own (see src/storage/embedded-worker.ts), the main thread kept free for the platforms. */
async function openPGlite(pgDir: string): Promise<EmbeddedWorker> {
  const pidFile = join(pgDir, 'postmaster.pid');
  const hadPidFile = existsSync(pidFile);
  try {
    return await startEmbeddedWorker({
      dataDir: pgDir,
      settings: embeddedSettings,
      modules: await preloadedPGliteModules(),
    });
  } catch (error) {
    // A failed start leaves PostgreSQL's pid file behind; remove it so the folder is
    // exactly as we found it.
    if (!hadPidFile) await rm(pidFile, { force: true });
    throw new StorageError(text('storage.error.corrupt', { dir: pgDir, reason: reasonOf(error) }), { cause: error });
  }
}

async function openPostgres(url: string, logger?: Logger): Promise<Connection> {
  // Loaded only for PostgreSQL: the embedded default starts faster without them.
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const label = describeDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // An idle connection dropped by the server must not crash the process; the pool reconnects.
  pool.on('error', (error) => logger?.warn({ reason: reasonOf(error) }, 'idle database connection lost'));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw postgresConnectError(label, error);
  }
  return { factory: new PrismaPg(pool), kind: 'postgres', label, release: () => pool.end() };
}
