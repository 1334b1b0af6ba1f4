import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/storage/database.ts';
import { createTestDatabase } from '../support/databases.ts';
import { fuzzDiscord } from '../fuzz/discord-fuzz.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 150);

/** The cases the suite runs (found green); `npm run bench -- fuzz` draws new ones every run. */
const fixedSeed = 20261207;

describe('Discord: generated interactions through the real discord.js client', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it(`answers or ignores ${runs} interactions with stale, forged or junk ids, wrong option types, hostile text and DMs without an error, a crash or a stray write`, async () => {
    const result = await fuzzDiscord({
      database,
      numRuns: runs,
      // A fixed seed, so the suite is repeatable; FUZZ_SEED tries another, the bench random ones.
      seed: Number(process.env.FUZZ_SEED ?? fixedSeed),
    });
    if (process.env.FUZZ_VERBOSE)
      console.log(
        Object.entries(result.timeMs)
          .map(([k, ms]) => `${k}: ${result.kinds[k]} in ${ms} ms`)
          .join('\n'),
      );
    expect(result.cases).toBe(runs);
    // One of each problem, to read them all at once.
    // A late answer says the machine was busy (the whole suite runs at once), not what the input did: the bench counts those.
    const failures = result.failures.filter((f) => !f.problem.startsWith('answered after'));
    const distinct = [...new Map(failures.map((f) => [`${f.kind} ${f.problem.slice(0, 80)}`, f])).values()];
    expect(distinct.slice(0, 8), `seed ${result.seed}`).toEqual([]);
  }, 120_000);
});
