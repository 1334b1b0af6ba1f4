// The daily posts at volume, on the embedded database (a fresh one in a temporary folder).
// 1. posts.moderate.p99: one moderator's decision (approve, reject with a reason, or ask
//    for changes, in turn) through services.posts.decide, with 10,000 pending submissions
//    in the queue: the lock, the transition, the card's edit, her DM and the audit, in one
//    transaction. BENCH_POSTS_DECISIONS decisions are timed (200 by default) after a warm-up.
// 2. posts.daily_select: the daily job's work for one slot with 10,000 approved posts in the
//    publication queue: the reads that find the slot free, the transaction that locks the
//    community, picks the next post (queue order, never the previous author) and marks it
//    published with its outbox rows, and the day-before check. One run per day, 20 days;
//    the median is the figure, the slowest goes to stderr. So does one whole scheduler tick
//    (the "at most 5 minutes late" promise needs a tick to stay far under a minute).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { publicationJobs } from '../../src/core/posts/publication-job.ts';
import { createPublicationService } from '../../src/core/posts/publication.ts';
import { createServices } from '../../src/core/services.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { percentile, round, type Bench, type Figure } from './figures.ts';

const SUBMISSIONS = 10_000;
const AUTHORS = 500;
const DECISIONS = Number(process.env.BENCH_POSTS_DECISIONS ?? 200);
const DAYS = 20;
/** 12:00 in Paris on a Monday: the daily publication's hour. */
const START = Date.parse('2026-03-02T11:00:00Z');
const silent = {
  info: () => {},
  warn: () => {},
  error: (details: object, message: string) => process.stderr.write(`  error: ${message} ${JSON.stringify(details)}\n`),
};

/** Members and submissions in a few set-based statements: what share and moderation would have left. */
async function seed(database: Database, communityId: string, status: 'pending' | 'approved', offset: number) {
  await database.prisma.$executeRawUnsafe(
    `INSERT INTO members (id, community_id, external_user_id, display_name, updated_at)
     SELECT gen_random_uuid(), $1::uuid, 'author-' || n, 'Autrice ' || n, now() FROM generate_series(1, ${AUTHORS}) n
     ON CONFLICT DO NOTHING`,
    communityId,
  );
  await database.prisma.$executeRawUnsafe(
    `INSERT INTO submissions (id, community_id, author_id, category, caption, image_sha256, image_name, image_mime, credit, consent, status, queue_rank, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid, m.id, 'coding', 'Une journée de code n°' || n, 'a' || lpad(to_hex(n), 63, '0'), 'photo.png', 'image/png',
            'name', 'social', $2::"SubmissionStatus", CASE WHEN $2 = 'approved' THEN n * 1000.0 ELSE NULL END,
            now() - (n || ' minutes')::interval, now()
       FROM generate_series(${offset + 1}, ${offset + SUBMISSIONS}) n
       JOIN members m ON m.community_id = $1::uuid AND m.external_user_id = 'author-' || (n % ${AUTHORS} + 1)`,
    communityId,
    status,
  );
}

async function community(database: Database): Promise<Community> {
  const store = createStore(database.prisma);
  const created = await store.communities.ensure({
    platform: 'discord',
    externalId: `G-bench-${randomUUID()}`,
    name: 'Duchess France',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  return store.communities.update(created.id, {
    settings: {
      ...created.settings,
      channels: { moderationQueue: 'C-mod', showcase: 'C-show' },
      moderatorUsers: ['mod'],
    },
  });
}

async function moderateFigure(database: Database): Promise<number[]> {
  const clock: Clock = { now: () => new Date() };
  const services = createServices({
    store: createStore(database.prisma),
    clock,
    defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
  });
  const place = await community(database);
  await seed(database, place.id, 'pending', 0);
  const moderator = await services.store.members.ensure({ communityId: place.id, externalUserId: 'mod' });
  const ids = (
    await database.prisma.submission.findMany({
      where: { communityId: place.id, status: 'pending' },
      select: { id: true },
      take: DECISIONS + 20,
    })
  ).map((s) => s.id);
  const decisions = ['approve', 'reject', 'changes'] as const;
  const samples: number[] = [];
  for (const [i, submissionId] of ids.entries()) {
    const decision = decisions[i % 3] as (typeof decisions)[number];
    const started = performance.now();
    await services.posts.decide({
      community: place,
      moderator,
      submissionId,
      decision,
      ...(decision === 'approve' ? {} : { note: 'Merci ! Une photo plus nette ?' }),
    });
    // The first 20 warm up the query engine and the plans.
    if (i >= 20) samples.push(performance.now() - started);
  }
  return samples;
}

async function dailyFigure(database: Database): Promise<{ samples: number[]; tickMs: number }> {
  const place = await community(database);
  await seed(database, place.id, 'approved', SUBMISSIONS);
  const store = createStore(database.prisma);
  const samples: number[] = [];
  for (let day = 0; day <= DAYS; day += 1) {
    const now = new Date(START + day * 86_400_000);
    const started = performance.now();
    await createPublicationService({ store, clock: { now: () => now } }).runDaily(place, now);
    if (day > 0) samples.push(performance.now() - started);
  }
  const published = await database.prisma.submission.count({ where: { communityId: place.id, status: 'published' } });
  if (published !== DAYS + 1) throw new Error(`expected ${DAYS + 1} posts published, found ${published}`);
  // One whole tick of the scheduler on a new day (every community of the database).
  const tickAt = new Date(START + (DAYS + 1) * 86_400_000);
  const scheduler = createScheduler({
    store,
    clock: { now: () => tickAt },
    logger: silent,
    sources: [],
    jobs: publicationJobs,
  });
  const started = performance.now();
  await scheduler.tick();
  return { samples, tickMs: performance.now() - started };
}

export const posts: Bench = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'marraine-posts-bench-'));
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const moderate = await moderateFigure(database);
    const daily = await dailyFigure(database);
    process.stderr.write(
      `  posts: decide p50 ${round(percentile(moderate, 50), 1)} ms over ${moderate.length} decisions; ` +
        `daily slot median ${round(percentile(daily.samples, 50), 1)} ms, slowest ${round(Math.max(...daily.samples), 1)} ms; one scheduler tick ${round(daily.tickMs, 0)} ms\n`,
    );
    const figures: Figure[] = [
      {
        bench: 'posts.moderate.p99',
        value: round(percentile(moderate, 99), 1),
        unit: 'ms',
        target: 50,
        better: 'lower',
      },
      {
        bench: 'posts.daily_select',
        value: round(percentile(daily.samples, 50), 1),
        unit: 'ms',
        target: 100,
        better: 'lower',
      },
    ];
    return figures;
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};
