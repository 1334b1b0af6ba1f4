import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedSettings, openDatabase } from '../../src/storage/database.ts';
import { copyTemplate, hasTemplate, makeTemplate } from '../../src/storage/template.ts';

describe('embedded database: blank template and settings', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marraine-template-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('makes the template once, copies it into a new folder, and the copy opens as a database', async () => {
    const template = join(root, 'template');
    expect(await makeTemplate(template)).toBe(true);
    expect(hasTemplate(template)).toBe(true);
    expect(await makeTemplate(template)).toBe(false);
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const pgDir = join(root, 'data', 'pglite');
    expect(await copyTemplate(pgDir, template)).toBe(true);
    expect(existsSync(join(pgDir, 'PG_VERSION'))).toBe(true);
    const database = await openDatabase({ kind: 'embedded', dataDir: join(root, 'data') });
    try {
      const [row] = await database.prisma.$queryRawUnsafe<{ shared_buffers: string; maintenance_work_mem: string }[]>(
        `SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('maintenance_work_mem') AS maintenance_work_mem`,
      );
      expect(row).toEqual({
        shared_buffers: embeddedSettings.shared_buffers,
        maintenance_work_mem: embeddedSettings.maintenance_work_mem,
      });
      expect(database.applied.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('copies nothing when there is no template (PGlite then runs initdb), nor from a folder without PG_VERSION', async () => {
    expect(await copyTemplate(join(root, 'elsewhere'), join(root, 'none'))).toBe(false);
    expect(existsSync(join(root, 'elsewhere'))).toBe(false);
    const half = join(root, 'half');
    await mkdir(half, { recursive: true });
    await writeFile(join(half, 'postgresql.conf'), '');
    expect(await copyTemplate(join(root, 'elsewhere'), half)).toBe(false);
  });
});
