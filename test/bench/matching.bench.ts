// Matching at volume, on the paths members and admins take.
// 1. matching.suggest.*: what `/marraine mentors` runs (services.matching.menteeView) for
//    200 waiting mentees in turn, through the store, on a fresh embedded database holding
//    10,000 mentors (30 % with an active pair) and, per mentee, 3 mentors who declined her
//    and a block. Another instance (a second store on the same database) changes the
//    mentors while it runs: every 50th call one of them gets a new pair, pauses, or edits
//    her profile, the one last shown first to the next mentee when there is one. The first
//    call (the mentor pool built) is `matching.suggest.cold`; the figures are the next 1,000.
// 2. matching.rank.p99: the ranking alone, in memory, against a pool built once.
// 3. matching.cohort: the real cohort round (services.matching.cohortRound) for 5,000
//    waiting mentees and 2,000 mentors on the embedded database, every write included
//    (round, featured rows, 5,000 DMs in the outbox, audit), in a process that opens the
//    database as the bot would (seeded by another), its peak memory `matching.cohort.rss`.
//    matching.assign: the ranking and assignment alone, in memory (no exclusions, no writes).
//    With BENCH_POSTGRES_URL (a server where a database may be created), also
//    matching.cohort.postgres: the real round for 10,000 mentees and 2,000 mentors there.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { systemClock } from '../../src/core/clock.ts';
import type { Member } from '../../src/core/community.ts';
import { createMatchingService } from '../../src/core/matching/matching-service.ts';
import { createMentorPool } from '../../src/core/matching/score.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { projectRoot } from '../../src/paths.ts';
import { percentile, round, type Bench, type Figure } from './figures.ts';
import { answersOf, population, random, seedMatching } from './matching-data.ts';

const CALLS = 1_000;
const CHANGE_EVERY = 50;

async function suggestFigures(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'marraine-matching-bench-'));
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const rnd = random(1);
    const mentors = population(10_000, 'r', rnd, 'mentor');
    const mentees = population(200, 'e', rnd, 'mentee');
    const loads = new Map(mentors.map((m) => [m.memberId, rnd() < 0.3 ? 1 : 0]));
    const store = createStore(database.prisma);
    const community = await store.communities.ensure({
      platform: 'discord',
      externalId: `G-bench-${randomUUID()}`,
      name: 'Duchess France',
    });
    const seeded = await seedMatching(database.prisma, community.id, { mentors, mentees, loads });
    const matching = createMatchingService({ store, clock: systemClock });
    const other = createStore(database.prisma);
    const people = await store.members.many(seeded.menteeIds);
    const byExternal = new Map(mentors.map((m) => [seeded.ids.get(m.memberId)!, m]));

    /** One change by the other instance to the mentor last shown first to `next`, or to any. */
    const lastFirst = new Map<string, string>();
    const paused = new Set<string>();
    let changes = 0;
    async function change(next: Member) {
      const mentorId = lastFirst.get(next.id) ?? seeded.mentorIds[Math.floor(rnd() * seeded.mentorIds.length)]!;
      const kind = changes % 3;
      changes += 1;
      if (kind === 0) {
        const mentee = await other.members.ensure({ communityId: community.id, externalUserId: `new-pair-${changes}` });
        await other.matching.createPair({
          communityId: community.id,
          menteeId: mentee.id,
          mentorId,
          requestId: null,
          startedAt: new Date(),
        });
      } else if (kind === 1) {
        await other.members.update(mentorId, { status: 'paused' });
        paused.add(mentorId);
      } else {
        const profile = await other.profiles.get(mentorId);
        const answers = answersOf(byExternal.get(mentorId)!, 'mentor');
        if (profile)
          await other.profiles.save({
            ...profile,
            answers: { ...answers, stacks: [...(answers.stacks ?? []), 'elixir'] },
          });
      }
    }

    const samples: number[] = [];
    let cold = 0;
    for (let i = 0; i < CALLS + 21; i += 1) {
      const mentee = people[i % people.length]!;
      if (i > 21 && i % CHANGE_EVERY === 0) await change(mentee);
      const started = performance.now();
      const view = await matching.menteeView(community, mentee);
      const ms = performance.now() - started;
      if (i === 0) cold = ms;
      // The first 20 after it warm up the query engine and the plans.
      if (i > 20) samples.push(ms);
      if (view.suggestions.some((s) => paused.has(s.memberId))) throw new Error('a paused mentor was suggested');
      if (view.suggestions[0]) lastFirst.set(mentee.id, view.suggestions[0].memberId);
    }
    process.stderr.write(
      `  suggest: ${samples.length} calls of 200 mentees among 10,000 mentors, ${changes} changes by another instance; ` +
        `p50 ${round(percentile(samples, 50), 1)} ms, max ${round(Math.max(...samples), 1)} ms, first call ${round(cold, 0)} ms\n`,
    );
    return [
      { bench: 'matching.suggest.p50', value: round(percentile(samples, 50), 2), unit: 'ms', better: 'lower' },
      {
        bench: 'matching.suggest.p99',
        value: round(percentile(samples, 99), 2),
        unit: 'ms',
        target: 20,
        better: 'lower',
      },
      { bench: 'matching.suggest.cold', value: round(cold, 0), unit: 'ms', better: 'lower' },
    ];
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The ranking alone against a pool built once (what a cohort round repeats per mentee). */
function rankFigure(): Figure {
  const rnd = random(1);
  const mentors = population(10_000, 'r', rnd, 'mentor');
  const mentees = population(200, 'e', rnd, 'mentee');
  const loads = new Map(mentors.map((m) => [m.memberId, rnd() < 0.3 ? 1 : 0]));
  const excluded = new Set(mentors.slice(0, 50).map((m) => m.memberId));
  const pool = createMentorPool(mentors, loads);
  for (const mentee of mentees.slice(0, 20)) pool.suggest(mentee, { limit: 5, excluded }); // warm-up
  const ranking: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const started = performance.now();
    pool.suggest(mentees[i % mentees.length]!, { limit: 5, excluded });
    ranking.push(performance.now() - started);
  }
  return { bench: 'matching.rank.p99', value: round(percentile(ranking, 99), 2), unit: 'ms', better: 'lower' };
}

const child = <T>(...args: string[]): T =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/bench/cohort-child.ts'), ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as T;

interface RoundRun {
  ms: number;
  summaryMs: number;
  featured: number;
  messages: number;
  mentees: number;
  rssMb: number;
}

/** Seeds `database` in one process, then runs the round in another that only opens it. */
function realRound(database: string, mentees: number, mentors: number): RoundRun {
  const seeded = child<{ communityId: string; adminId: string }>('seed', database, String(mentees), String(mentors));
  return child<RoundRun>('round', database, seeded.communityId, seeded.adminId);
}

async function cohortFigures(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'marraine-cohort-bench-'));
  let embedded: RoundRun;
  try {
    embedded = realRound(dataDir, 5000, 2000);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  process.stderr.write(
    `  cohort: ${embedded.featured} of ${embedded.mentees} mentees featured, ${embedded.messages} DMs; its summary says ${embedded.summaryMs} ms\n`,
  );
  const assign = child<{ ms: number; rssMb: number }>('assign', '5000', '2000');
  const figures: Figure[] = [
    { bench: 'matching.cohort', value: round(embedded.ms, 0), unit: 'ms', target: 3000, better: 'lower' },
    { bench: 'matching.cohort.rss', value: round(embedded.rssMb, 0), unit: 'MB', better: 'lower' },
    { bench: 'matching.assign', value: round(assign.ms, 0), unit: 'ms', better: 'lower' },
    { bench: 'matching.assign.rss', value: round(assign.rssMb, 0), unit: 'MB', better: 'lower' },
  ];
  const server = process.env.BENCH_POSTGRES_URL;
  if (server) {
    const name = `marraine_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await admin(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(server);
      url.pathname = `/${name}`;
      const run = realRound(url.toString(), 10_000, 2000);
      process.stderr.write(
        `  cohort on PostgreSQL: ${run.featured} of ${run.mentees} mentees featured, ${run.messages} DMs in ${round(run.ms, 0)} ms\n`,
      );
      figures.push({ bench: 'matching.cohort.postgres', value: round(run.ms, 0), unit: 'ms', better: 'lower' });
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  }
  return figures;
}

export const matching: Bench = async () => [...(await suggestFigures()), rankFigure(), ...(await cohortFigures())];
