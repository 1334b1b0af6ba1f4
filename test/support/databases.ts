import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openDatabase, openDatabaseWith, type Database } from '../../src/storage/database.ts';

export type DatabaseKind = 'PGlite' | 'PostgreSQL';

const postgresUrl = process.env.TEST_DATABASE_URL;

/** A fresh, migrated, empty database of the given kind; `close()` throws it away. */
export async function createTestDatabase(kind: DatabaseKind = 'PGlite'): Promise<Database> {
  if (kind === 'PGlite') {
    const client = await PGlite.create({ loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
    return openDatabaseWith(new PrismaPGlite(client), {
      kind: 'embedded',
      label: 'memory',
      release: () => client.close(),
    });
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `marraine_t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
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
