import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { projectRoot } from '../../src/paths.ts';
import { openDatabase, openDatabaseWith, type Database } from '../../src/storage/database.ts';

export type DatabaseKind = 'PGlite' | 'PostgreSQL';

const postgresUrl = process.env.TEST_DATABASE_URL;

type PGliteModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
// The project's types leave out the DOM's WebAssembly globals; Node has them.
const { compile } = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<PGliteModule> } })
  .WebAssembly;
/**
 * PGlite's WebAssembly, compiled once per test worker (files share it: isolate is off) rather
 * than once per database, and its file system bundle, read once: each database is still its own
 * instance of PostgreSQL, loaded from the migrated template.
 */
let pgliteFiles: Promise<{ pgliteWasmModule: PGliteModule; fsBundle: Blob; template: Blob }> | undefined;
const sharedPGliteFiles = () => {
  const dist = join(projectRoot, 'node_modules', '@electric-sql', 'pglite', 'dist');
  pgliteFiles ??= Promise.all([
    readFile(join(dist, 'pglite.wasm')).then((bytes) => compile(bytes)),
    readFile(join(dist, 'pglite.data')),
    readFile(inject('pgliteTemplate')),
  ]).then(([pgliteWasmModule, bundle, template]) => ({
    pgliteWasmModule,
    fsBundle: new Blob([bundle]),
    template: new Blob([template]),
  }));
  // A failed read is tried again by the next database rather than remembered.
  pgliteFiles.catch(() => (pgliteFiles = undefined));
  return pgliteFiles;
};

/**
 * A fresh, migrated, empty database of the given kind; `close()` throws it away. Both kinds are
 * copies of a database migrated once for the run; `migrate: true` has a PostgreSQL one migrated
 * by openDatabase itself instead, from empty. `wrap` (embedded only) puts something between
 * Prisma and the driver adapter, e.g. a counter.
 */
export async function createTestDatabase(
  kind: DatabaseKind = 'PGlite',
  options: {
    migrate?: boolean;
    wrap?: (factory: SqlMigrationAwareDriverAdapterFactory) => SqlMigrationAwareDriverAdapterFactory;
  } = {},
): Promise<Database> {
  if (kind === 'PGlite') {
    const { pgliteWasmModule, fsBundle, template } = await sharedPGliteFiles();
    const client = await PGlite.create({ loadDataDir: template, pgliteWasmModule, fsBundle });
    const wrap = options.wrap ?? ((factory) => factory);
    return openDatabaseWith(wrap(new PrismaPGlite(client)), {
      kind: 'embedded',
      label: 'memory',
      release: () => client.close(),
    });
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `marraine_t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const template = options.migrate ? '' : inject('postgresTemplate');
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Declares the same tests on the embedded PGlite and, when TEST_DATABASE_URL is set, on
 * a real PostgreSQL, so both storages keep the same behaviour.
 */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe(`${title} (PGlite)`, () => body('PGlite'));
  describe.skipIf(!postgresUrl)(`${title} (PostgreSQL)`, () => body('PostgreSQL'));
}
