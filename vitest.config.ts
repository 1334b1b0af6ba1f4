import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first. Vitest runs files longest-first only when its
 * cache (node_modules/.vite) knows their durations; a fresh checkout (CI's npm ci) has none and
 * runs the largest files first, which left the SIGKILL rounds (a short file) running alone at
 * the end while the other worker sat idle. These start first, so both workers stay busy.
 */
const slowFirst = [
  'test/e2e/crash-rounds.test.ts',
  'test/e2e/startup.test.ts',
  'test/storage/nudges-six-months.test.ts',
  'test/e2e/nudges-crash.test.ts',
  'test/storage/matching-races.test.ts',
  'test/e2e/slack-socket-mode.test.ts',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = slowFirst.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return index === -1 ? slowFirst.length : index;
    };
    // Array.prototype.sort is stable: the others keep the order Vitest chose.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'commands/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/database-count-reporter.ts'],
    testTimeout: 30_000,
    // Things that arrive through the outbox or a platform's reply take longer on a loaded
    // machine than the 1 s expect.poll gives by default; a poll still ends as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    // Spawned processes and WebAssembly databases like room: one file per core.
    maxWorkers: 2,
    // Files share their worker's modules instead of loading them again each: Prisma's client
    // and its WebAssembly query compiler, discord.js, Bolt and PGlite were imported and compiled
    // once per file, about half the CPU of test/core (measured: 131 s → 64 s user time). Every
    // file still builds its own databases, fakes and apps; state a module keeps (a registry, a
    // counter) is now seen by the files after it in the same worker.
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
