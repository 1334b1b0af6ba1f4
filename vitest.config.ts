import { defineConfig } from 'vitest/config';

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
  },
});
