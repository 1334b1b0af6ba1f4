import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readMigrationList } from '../../src/storage/migrations.ts';
import { openDatabaseWith } from '../../src/storage/database.ts';
import { cacheDir, createBlankPGlite, writeCacheFile } from '../../src/storage/scratch-database.ts';

/**
 * The suite builds one migrated PGlite database, dumps it, and every test file loads its
 * own copy in a fraction of a second. The dump is cached until a migration changes.
 */
export async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of (await readMigrationList()).migrationDirectories) {
    hash.update(m.path).update(m.migrationFile.content.tag === 'ok' ? m.migrationFile.content.value : '');
  }
  const file = join(cacheDir, `pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (existsSync(file)) return file;

  const client = await createBlankPGlite();
  const database = await openDatabaseWith(new PrismaPGlite(client), { kind: 'embedded', label: 'template' });
  await database.prisma.$disconnect();
  await writeCacheFile(file, await client.dumpDataDir('gzip'));
  await client.close();
  return file;
}
