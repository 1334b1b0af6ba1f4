// SIGKILL rounds at length (test/support/crash-rounds.ts; the test runs 20): CRASH_ROUNDS rounds
// (40 by default) of the real bot killed at a random moment while members request, offer and
// choose, then a last run that drains the outbox. `crash.rounds_lost` counts what the rounds
// lost: requests, offers or choices acknowledged to a member but missing from the database, and
// queued messages that did not reach the local Discord exactly once. Details go to stderr.
import { runCrashRounds } from '../support/crash-rounds.ts';
import { pgliteTemplate } from '../support/pglite-template.ts';
import type { Bench } from './figures.ts';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 40);
if (!(ROUNDS > 0)) throw new Error(`CRASH_ROUNDS must be a positive number, not "${process.env.CRASH_ROUNDS}"`);

export const crash: Bench = async () => {
  const result = await runCrashRounds({ rounds: ROUNDS, templateFile: await pgliteTemplate() });
  const starts = [...result.startMs].sort((a, b) => a - b);
  process.stderr.write(
    `crash: ${result.rounds} rounds in ${Math.round(result.ms / 1000)} s; acknowledged ${JSON.stringify(result.acknowledged)}; ` +
      `${result.delivered} messages delivered; starts ${starts[0]}-${starts.at(-1)} ms\n`,
  );
  for (const problem of result.problems.slice(0, 20)) process.stderr.write(`  ${problem}\n`);
  return [{ bench: 'crash.rounds_lost', value: result.lost, unit: 'count', target: 0, better: 'lower' }];
};
