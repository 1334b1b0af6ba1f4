import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, inject, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord/index.ts';
import { runCrashRounds } from '../support/crash-rounds.ts';
import { startMarraine } from '../support/marraine-process.ts';
import { runMarraine } from '../support/run-marraine.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 20);

describe('the real bot on the embedded database, killed at random moments', () => {
  it(`starts again after each of ${rounds} SIGKILLs, keeps all it acknowledged, and sends each queued message once`, async () => {
    const result = await runCrashRounds({ rounds, templateFile: inject('pgliteTemplate') });
    if (process.env.CRASH_VERBOSE) console.log(JSON.stringify({ ...result, problems: result.problems.slice(0, 10) }));
    expect(result.problems).toEqual([]);
    expect(result.lost).toBe(0);
    // The rounds did something: the test would pass vacuously if nothing was ever acknowledged.
    expect(result.acknowledged.requests).toBeGreaterThan(0);
    expect(result.delivered).toBeGreaterThan(0);
  }, 240_000);

  it('refuses a second bot on the same data folder with a clear message, and leaves the first one running', async () => {
    const root = await mkdtemp(join(tmpdir(), 'marraine-lock-'));
    const dataDir = join(root, 'data');
    const fake = await startFakeDiscord({ token: 'lock-token' });
    try {
      await mkdir(dataDir);
      const template = await PGlite.create({
        dataDir: join(dataDir, 'pglite'),
        loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]),
      });
      await template.close();
      const env = {
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DISCORD_TOKEN: 'lock-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      };
      const first = startMarraine(env);
      await fake.ready(30_000);
      const second = await runMarraine(env, { timeoutMs: 30_000 });
      expect(second.code).not.toBe(0);
      expect(`${second.stdout}${second.stderr}`).toMatch(
        /Une autre instance de Marraine \(processus \d+\) utilise déjà|Another Marraine instance \(process \d+\) is already using/,
      );
      // One clear line, not a stack.
      expect(second.stderr).not.toMatch(/\n\s+at /);
      const stopped = await first.kill('SIGTERM');
      expect(stopped.code).toBe(0);
    } finally {
      await fake.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 90_000);
});
