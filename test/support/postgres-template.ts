import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';

/** Runs one statement on TEST_DATABASE_URL's own database, on a connection of its own. */
export async function onTestServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** TEST_DATABASE_URL with another database name. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The PostgreSQL counterpart of the PGlite template: one database migrated by openDatabase at the
 * start of the run, which each test database is then copied from (CREATE DATABASE … TEMPLATE, a
 * file copy) instead of being migrated again through the schema engine, about 0.5-1 s each.
 * Nobody connects to it after this, as PostgreSQL requires of a template. Returns its name and
 * the teardown that drops it.
 */
export async function createPostgresTemplate(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `marraine_template_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await onTestServer(`CREATE DATABASE "${name}"`);
  const drop = () => onTestServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    const database = await openDatabase({ kind: 'postgres', url: testDatabaseUrl(name) });
    await database.close();
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, drop };
}
