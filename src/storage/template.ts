import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { projectRoot } from '../paths.ts';

/**
 * A blank embedded database (PostgreSQL's initdb done, nothing else), made once at install
 * by `npm install` (src/cli/generate.ts). A first start copies it instead of running initdb,
 * which takes seconds and, at its peak, several hundred megabytes more than the bot needs.
 */
export const templateDir = join(projectRoot, 'node_modules', '.cache', 'marraine', 'pglite-template');

export const hasTemplate = (dir = templateDir) => existsSync(join(dir, 'PG_VERSION'));

/** Makes the template unless it is there; written aside, then renamed, so never half-made. */
export async function makeTemplate(dir = templateDir): Promise<boolean> {
  if (hasTemplate(dir)) return false;
  const temporary = `${dir}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  // Loaded here only: the bot itself runs PGlite on its own thread (src/storage/embedded-worker.ts).
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create({ dataDir: temporary });
  await client.close();
  await rm(dir, { recursive: true, force: true });
  await rename(temporary, dir);
  return true;
}

/**
 * Fills a new database folder from the template, when there is one; false leaves initdb to
 * PGlite. Copied aside, then renamed: a start interrupted half-way leaves no half-folder.
 */
export async function copyTemplate(pgDir: string, dir = templateDir): Promise<boolean> {
  if (!hasTemplate(dir)) return false;
  const temporary = `${pgDir}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await cp(dir, temporary, { recursive: true });
  await rm(pgDir, { recursive: true, force: true });
  await rename(temporary, pgDir);
  return true;
}
