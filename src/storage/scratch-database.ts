import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { projectRoot } from '../paths.ts';

export const cacheDir = join(projectRoot, 'node_modules/.cache/marraine');

/** Writes through a temporary name and a rename, so a concurrent reader never sees half a file. */
export async function writeCacheFile(file: string, bytes: Blob): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}`;
  await writeFile(temporary, Buffer.from(await bytes.arrayBuffer()));
  await rename(temporary, file);
}

/**
 * A new empty PGlite database. initdb in WebAssembly takes seconds; loading a dump of
 * a freshly initialised database takes a fraction of that, so the first one is cached.
 */
export async function createBlankPGlite(): Promise<PGlite> {
  const version = JSON.parse(
    await readFile(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ).version;
  const file = join(cacheDir, `pglite-blank-${version}.tar.gz`);
  if (existsSync(file)) return PGlite.create({ loadDataDir: new Blob([await readFile(file)]) });
  const client = await PGlite.create();
  await writeCacheFile(file, await client.dumpDataDir('gzip'));
  return client;
}

/**
 * An adapter factory over throwaway in-memory databases, main and shadow, for computing
 * migrations (`db:diff`, the drift test) without any server.
 */
export function createScratchFactory(): SqlMigrationAwareDriverAdapterFactory & { close(): Promise<void> } {
  const clients: PGlite[] = [];
  const open = async (): Promise<SqlDriverAdapter> => {
    const client = await createBlankPGlite();
    clients.push(client);
    return new PrismaPGlite(client).connect();
  };
  return {
    provider: 'postgres',
    adapterName: 'pglite-scratch',
    connect: open,
    connectToShadowDb: open,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
