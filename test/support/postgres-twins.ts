import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/database.ts';

/**
 * One fresh PostgreSQL database (TEST_DATABASE_URL) opened twice, as two instances of the
 * bot would: two Prisma clients, two connection pools, real concurrent transactions.
 * `close()` closes both and drops the database.
 */
export async function createPostgresTwins(): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `marraine_t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  // The first migrates; the second finds the schema current, as a second instance would.
  const first = await openDatabase({ kind: 'postgres', url: url.toString() });
  const second = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    first,
    second,
    async close() {
      await Promise.allSettled([first.close(), second.close()]);
      await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
