import { describe, expect, inject, it } from 'vitest';
import { runCrashRounds } from '../support/crash-rounds.ts';

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
  }, 420_000); // 21 starts of the real bot: 62 to 86 s quiet (the bundle reused), past 240 s at a load of 12 on 2 CPUs.
});
