import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, after the run, how many tests ran against each storage, so a CI log shows at
 * a glance that the PostgreSQL variants ran rather than being skipped.
 */
export default class DatabaseCountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = new Map<string, Record<string, number>>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const storage = /\((PGlite|PostgreSQL)\)/.exec(test.fullName)?.[1];
        if (!storage) continue;
        const byState = counts.get(storage) ?? {};
        const state = test.result().state;
        byState[state] = (byState[state] ?? 0) + 1;
        counts.set(storage, byState);
      }
    }
    for (const [storage, byState] of counts) {
      const summary = Object.entries(byState)
        .map(([state, n]) => `${n} ${state}`)
        .join(', ');
      console.log(`Storage tests on ${storage}: ${summary}`);
    }
  }
}
