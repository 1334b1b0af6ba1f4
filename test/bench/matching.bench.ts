// Matching speed: suggestions for one mentee among 10,000 mentors (building the mentor
// pool each time, as a request does; and the ranking alone), and a cohort round's
// computation for 5,000 mentees and 2,000 mentors (in a child process, for its memory).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../src/paths.ts';
import { createMentorPool, suggestMentors } from '../../src/core/matching/score.ts';
import { percentile, round, type Bench } from './figures.ts';
import { population, random } from './matching-data.ts';

export const matching: Bench = async () => {
  const rnd = random(1);
  const mentors = population(10_000, 'r', rnd, 'mentor');
  const mentees = population(200, 'e', rnd, 'mentee');
  const loads = new Map(mentors.map((m) => [m.memberId, rnd() < 0.3 ? 1 : 0]));
  const excluded = new Set(mentors.slice(0, 50).map((m) => m.memberId));
  for (const mentee of mentees.slice(0, 20)) suggestMentors(mentee, mentors, loads, { limit: 5, excluded }); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const mentee = mentees[i % mentees.length]!;
    const started = performance.now();
    suggestMentors(mentee, mentors, loads, { limit: 5, excluded });
    samples.push(performance.now() - started);
  }
  // The ranking alone, against a pool built once (what a cohort round repeats per mentee).
  const pool = createMentorPool(mentors, loads);
  const ranking: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const started = performance.now();
    pool.suggest(mentees[i % mentees.length]!, { limit: 5, excluded });
    ranking.push(performance.now() - started);
  }
  const child = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/bench/cohort-child.ts'), '5000', '2000'], { encoding: 'utf8' }),
  ) as { ms: number; rssMb: number; featured: number };
  process.stderr.write(`  cohort: ${child.featured} of 5000 mentees featured\n`);
  return [
    { bench: 'matching.suggest.p50', value: round(percentile(samples, 50), 2), unit: 'ms', better: 'lower' },
    { bench: 'matching.suggest.p99', value: round(percentile(samples, 99), 2), unit: 'ms', target: 20, better: 'lower' },
    { bench: 'matching.rank.p99', value: round(percentile(ranking, 99), 2), unit: 'ms', better: 'lower' },
    { bench: 'matching.cohort', value: round(child.ms, 0), unit: 'ms', target: 3000, better: 'lower' },
    { bench: 'matching.cohort.rss', value: round(child.rssMb, 0), unit: 'MB', better: 'lower' },
  ];
};
