import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import {
  applyMigrations,
  defaultPaths,
  diffMigrationsToSchema,
  isEmptyMigration,
} from '../../src/storage/migrations.ts';
import { createScratchFactory } from '../../src/storage/scratch-database.ts';
import { pendingMigrations, type Database } from '../../src/storage/database.ts';

describe('migrations folder', () => {
  it('produces exactly the schema in prisma/schema.prisma (no drift)', async () => {
    const scratch = createScratchFactory();
    try {
      const sql = await diffMigrationsToSchema(scratch);
      expect(
        isEmptyMigration(sql),
        `schema.prisma changed without a migration; run npm run db:diff -- <name>:\n${sql}`,
      ).toBe(true);
    } finally {
      await scratch.close();
    }
  });

  it('follows Prisma’s layout: <timestamp>_<name>/migration.sql and a postgresql lockfile', async () => {
    const entries = await readdir(defaultPaths.migrations, { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      expect(folder).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect((await readFile(join(defaultPaths.migrations, folder, 'migration.sql'), 'utf8')).length).toBeGreaterThan(
        0,
      );
    }
    expect(await readFile(join(defaultPaths.migrations, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );
  });
});

describeEachDatabase('applying migrations', (kind) => {
  let database: Database;
  beforeAll(async () => {
    // Migrated by openDatabase from empty, not copied from the run's migrated template.
    database = await createTestDatabase(kind, { migrate: true });
  });
  afterAll(() => database?.close());

  it('leaves nothing pending after opening, and applying again applies nothing', async () => {
    expect(await pendingMigrations(database.factory)).toEqual([]);
    expect(await applyMigrations(database.factory)).toEqual([]);
    const tables = await database.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
    );
    expect(tables.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['communities', 'members', 'audit_logs', 'processed_events', '_prisma_migrations']),
    );
  });
});
