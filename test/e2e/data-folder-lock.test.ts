import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, inject, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord/index.ts';
import { startMarraine } from '../support/marraine-process.ts';
import { runMarraine } from '../support/run-marraine.ts';

// Apart from crash-rounds.test.ts (the suite's longest file), so the other worker can run it meanwhile.
describe('the real bot on the embedded database, its data folder locked', () => {
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
