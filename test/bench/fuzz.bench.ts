// Fuzzing at length: the generated Slack requests and Discord interactions of test/fuzz, sent
// through the real Bolt receiver and discord.js client (see test/e2e/fuzz-*.test.ts, which run a
// few hundred), FUZZ_CASES per platform (10,000 by default), each on its own embedded database.
// `fuzz.cases` is per platform: the smaller of the two counts. `fuzz.failures` is the total over
// both platforms: an error-level log, a crash, a wrong status, no answer, or a stray write. The
// seeds and the first failures (with their case number) go to stderr; FUZZ_SEED replays a run,
// FUZZ_PREVIEW=<chars> shows more of each failing input.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openDatabaseWith, type Database } from '../../src/storage/database.ts';
import { fuzzDiscord } from '../fuzz/discord-fuzz.ts';
import { fuzzSlack } from '../fuzz/slack-fuzz.ts';
import type { FuzzResult } from '../fuzz/watch.ts';
import { pgliteTemplate } from '../support/pglite-template.ts';
import type { Bench } from './figures.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
if (!(CASES > 0)) throw new Error(`FUZZ_CASES must be a positive number, not "${process.env.FUZZ_CASES}"`);

async function embeddedDatabase(): Promise<Database> {
  const client = await PGlite.create({ loadDataDir: new Blob([await readFile(await pgliteTemplate())]) });
  return openDatabaseWith(new PrismaPGlite(client), { kind: 'embedded', label: 'fuzz', release: () => client.close() });
}

function report(platform: string, result: FuzzResult, ms: number) {
  process.stderr.write(
    `fuzz ${platform}: ${result.cases} cases in ${Math.round(ms / 1000)} s, ${result.failures.length} failures, seed ${result.seed}\n`,
  );
  const byProblem = new Map<string, number>();
  for (const failure of result.failures) {
    const problem = failure.problem.replace(/\d+ ms/, 'N ms').slice(0, 90);
    byProblem.set(problem, (byProblem.get(problem) ?? 0) + 1);
  }
  for (const [problem, count] of byProblem) process.stderr.write(`  ${count} × ${problem}\n`);
  for (const failure of result.failures.slice(0, 10))
    process.stderr.write(
      `  case ${failure.index}, ${failure.kind}: ${failure.problem}\n    ${failure.input.slice(0, 300)}\n`,
    );
}

export const fuzz: Bench = async () => {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const results: FuzzResult[] = [];
  // FUZZ_PLATFORMS=slack (or discord) replays one platform's seed without the other's run.
  const only = process.env.FUZZ_PLATFORMS?.split(',');
  for (const [platform, run] of [
    ['slack', fuzzSlack],
    ['discord', fuzzDiscord],
  ] as const) {
    if (only && !only.includes(platform)) continue;
    const database = await embeddedDatabase();
    const started = Date.now();
    try {
      const result = await run({ database, numRuns: CASES, ...(seed === undefined ? {} : { seed }) });
      report(platform, result, Date.now() - started);
      results.push(result);
    } finally {
      await database.close();
    }
  }
  return [
    {
      bench: 'fuzz.cases',
      value: Math.min(...results.map((r) => r.cases)),
      unit: 'count',
      target: 10_000,
      better: 'higher',
    },
    {
      bench: 'fuzz.failures',
      value: results.reduce((sum, r) => sum + r.failures.length, 0),
      unit: 'count',
      target: 0,
      better: 'lower',
    },
  ];
};
