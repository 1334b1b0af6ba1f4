import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'commands/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/database-count-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Spawned processes and WebAssembly databases like room: one file per core.
    maxWorkers: 2,
  },
});
