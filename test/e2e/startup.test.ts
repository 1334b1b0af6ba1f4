import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../src/paths.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMarraine } from '../support/run-marraine.ts';
import { startFakeDiscord } from '../fakes/discord/index.ts';
import { findFreePort } from '../fakes/slack/index.ts';

/** A fingerprint of every file under a folder, to prove a failed start touched nothing. */
async function fingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  for (const entry of entries.map((e) => join(e.parentPath, e.name)).sort()) {
    hash.update(entry).update(await readFile(entry));
  }
  return hash.digest('hex');
}

const noStackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe('npm start', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marraine-start-'));
    dataDir = join(root, 'data');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** With no credentials it serves the local playground: stopped, as a host would, once it printed its address. */
  async function withoutPlatform(
    env: Record<string, string>,
    options: { timeoutMs?: number; args?: string[]; stopSignal?: NodeJS.Signals } = {},
  ) {
    const port = await findFreePort();
    const run = await runMarraine({ ...env, PORT: String(port) }, { ...options, stopWhen: `:${port}\n` });
    return { ...run, port };
  }

  it('migrates a new embedded database, serves the playground and explains, in French, what to set to connect a platform', async () => {
    const run = await withoutPlatform({ DATA_DIR: dataDir }, { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`http://127.0.0.1:${run.port}`);
    expect(run.stdout).toContain('le bac à sable local est ouvert');
    const logs = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(logs.find((l) => l.msg === 'migrations applied')?.migrations.length).toBeGreaterThan(0);
    expect(logs.find((l) => l.msg === 'database ready')).toMatchObject({ kind: 'embedded' });
    expect(run.stdout).toContain('aucune plateforme n’est configurée');
    for (const variable of [
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
    ]) {
      expect(run.stdout).toContain(variable);
    }
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'marraine.lock'))).toBe(false);
  });

  it('exits with code 1, saying why, when the embedded database’s thread stops under it', async () => {
    const killer = join(projectRoot, 'test/support/database-thread-killer.mjs');
    const run = await withoutPlatform(
      { DATA_DIR: dataDir, NODE_OPTIONS: `--import ${pathToFileURL(killer).href}` },
      { timeoutMs: 60_000, stopSignal: 'SIGUSR2' },
    );
    expect(run.code).toBe(1);
    const logs = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(logs.find((l) => l.msg === 'the embedded database stopped: exiting')).toMatchObject({ level: 60 });
    expect(logs.some((l) => l.msg === 'shutting down')).toBe(false);
  });

  it('applies nothing on the next start and speaks English when asked', async () => {
    const run = await withoutPlatform({ DATA_DIR: dataDir, DEFAULT_LOCALE: 'en' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('migrations applied');
    expect(run.stdout).toContain('database ready');
    expect(run.stdout).toContain('no platform is configured');
  });

  it('stops on an invalid configuration with a message naming each variable, and no stack trace', async () => {
    const run = await runMarraine({
      DATA_DIR: dataDir,
      DATABASE_URL: 'mysql://root@localhost/db',
      DEFAULT_TIME_ZONE: 'Lune/Tranquillité',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).toContain('DEFAULT_TIME_ZONE');
    expect(run.stderr).toContain('.env.example');
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it('gives one clear line when PostgreSQL cannot be reached', async () => {
    const run = await runMarraine({ DATABASE_URL: 'postgres://marraine:secret@127.0.0.1:1/marraine' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Impossible de joindre la base PostgreSQL postgres://marraine:***@127.0.0.1:1/marraine');
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(run.stderr + run.stdout).not.toContain('secret');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('says so when the PostgreSQL database does not exist', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? '');
    url.pathname = '/marraine_does_not_exist';
    const run = await runMarraine({ DATABASE_URL: url.toString() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('n’existe pas');
  });

  it('refuses a corrupt data folder with one line, and leaves every file as it was', async () => {
    const corrupt = join(root, 'corrupt');
    await cp(dataDir, corrupt, { recursive: true });
    await writeFile(join(corrupt, 'pglite', 'global', 'pg_control'), 'not a control file');
    const before = await fingerprint(corrupt);
    const run = await runMarraine({ DATA_DIR: corrupt });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('ne peut pas être ouverte');
    expect(run.stderr).not.toMatch(noStackTrace);
    expect(await fingerprint(corrupt)).toBe(before);
  });

  it('refuses a data folder that holds something else than a database, untouched', async () => {
    const other = join(root, 'other');
    await mkdir(join(other, 'pglite'), { recursive: true });
    await writeFile(join(other, 'pglite', 'photos.txt'), 'précieux');
    const before = await fingerprint(other);
    const run = await runMarraine({ DATA_DIR: other });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ne sont pas une base Marraine');
    expect(await fingerprint(other)).toBe(before);
  });

  it('refuses to open a data folder another running instance holds', async () => {
    await writeFile(join(dataDir, 'marraine.lock'), String(process.pid));
    try {
      const run = await runMarraine({ DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`(processus ${process.pid})`);
    } finally {
      await rm(join(dataDir, 'marraine.lock'));
    }
  });

  it('connects to Discord when its credentials are set, and stops cleanly on SIGTERM', async () => {
    const fake = await startFakeDiscord({ token: 'good-token' });
    try {
      const run = await runMarraine(
        {
          DATA_DIR: dataDir,
          DISCORD_TOKEN: 'good-token',
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.apiUrl,
        },
        { stopWhen: '"msg":"discord: connected"' },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('"msg":"shutting down"');
      expect(run.code).toBe(0);
      expect(existsSync(join(dataDir, 'marraine.lock'))).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('says in one line when Discord refuses the token', async () => {
    const fake = await startFakeDiscord({ token: 'good-token' });
    try {
      const run = await runMarraine({
        DATA_DIR: dataDir,
        DISCORD_TOKEN: 'wrong-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('Impossible de se connecter à la plateforme');
      expect(run.stderr + run.stdout).not.toContain('wrong-token');
    } finally {
      await fake.close();
    }
  });

  it('serves `npm run playground` alone on its own data folder, credentials set or not, and warns when it listens beyond this machine', async () => {
    const run = await withoutPlatform(
      { DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-unused', SLACK_APP_TOKEN: 'xapp-unused', PLAYGROUND_HOST: '0.0.0.0' },
      { args: ['--playground'], timeoutMs: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Bac à sable local de Marraine');
    expect(run.stdout).toContain('n’a pas de connexion');
    expect(run.stdout).not.toContain('slack: listening');
    expect(existsSync(join(dataDir, 'playground', 'pglite', 'PG_VERSION'))).toBe(true);
  });

  it('takes over the lock a crashed instance left behind', async () => {
    await writeFile(join(dataDir, 'marraine.lock'), '999999999');
    const run = await withoutPlatform({ DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(existsSync(join(dataDir, 'marraine.lock'))).toBe(false);
  });
});
