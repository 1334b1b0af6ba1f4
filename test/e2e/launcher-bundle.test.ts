import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.ts';

/**
 * The launcher reuses its bundle while the sources are unchanged (dist/build-manifest.json). It
 * runs here on a copy of the project (src, commands, prisma, package.json, tsconfig.json; node_modules
 * linked), so
 * a source can be edited without touching the bundle the other tests run. Each start stops at
 * the configuration check, which prints a French header from src/i18n/fr.ts.
 */
describe('npm start’s bundle', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marraine-launcher-'));
    for (const folder of ['src', 'commands', 'prisma'])
      await cp(join(projectRoot, folder), join(root, folder), { recursive: true, preserveTimestamps: true });
    for (const file of ['package.json', 'tsconfig.json'])
      await cp(join(projectRoot, file), join(root, file), { preserveTimestamps: true });
    await symlink(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A start that stops at once on an invalid configuration: what it printed. */
  const start = () =>
    new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'src/launcher.mjs')], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: 'mysql://root@localhost/db' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  const manifestTime = async () => (await stat(join(root, 'dist', 'build-manifest.json'))).mtimeMs;

  it('is built once, reused while no source changed, and built again when one did or the bundle was edited', async () => {
    const first = await start();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('La configuration de Marraine est à corriger');
    const built = await manifestTime();

    const again = await start();
    expect(again.stderr).toBe(first.stderr);
    expect(await manifestTime()).toBe(built);

    const fr = join(root, 'src/i18n/fr.ts');
    await writeFile(fr, (await readFile(fr, 'utf8')).replace('est à corriger', 'est à revoir'));
    // Saved a while before the start: a source saved within a second of a build is not trusted
    // to be what esbuild read, and that build leaves no manifest (the next start builds again).
    const earlier = new Date(Date.now() - 10_000);
    await utimes(fr, earlier, earlier);
    const edited = await start();
    expect(edited.stderr).toContain('La configuration de Marraine est à revoir');
    const rebuilt = await manifestTime();
    expect(rebuilt).toBeGreaterThan(built);

    // A bundle changed by hand is not trusted either.
    const main = join(root, 'dist/main.js');
    await writeFile(main, `process.stderr.write('edited by hand\\n');\n${await readFile(main, 'utf8')}`);
    const tampered = await start();
    expect(tampered.stderr).not.toContain('edited by hand');
    expect(tampered.stderr).toContain('est à revoir');
    expect(await manifestTime()).toBeGreaterThan(rebuilt);
  }, 60_000);
});
