// Nudges at volume, on the embedded database.
// 1. Sending: 10,000 due nudges (community reminders: each one channel post, i.e. one request,
//    so here messages a second and requests a second are the same figure), sent by the real
//    outbox sender through the real discord.js REST client to the local Discord fake enforcing
//    Discord's global limit of 50 requests a second with 429s and retry_after.
//    By default the outbox rows are inserted in one statement (INSERT … SELECT): exactly the rows
//    scheduler.tick() queues for these reminders (same keys, channels and texts), so the figure is
//    the sender's alone; BENCH_NUDGES_ENQUEUE=tick has one scheduler.tick() queue them instead.
//    The sender's spacing is set to 20 ms (50 sends a second: the limit itself; the default
//    25 ms caps the rate at 40/s, a ratio of 0.8 by design); BENCH_NUDGES_SPACING_MS overrides it,
//    BENCH_NUDGES the count.
//    nudges.rate_ratio: requests the fake let through per second over the sending, / 50.
//    nudges.duplicates: message posts the fake took beyond the first for one outbox key.
//    nudges.lost: nudges seeded that the fake never received.
// 2. nudges.tick_50k: one scheduler.tick() over 50,000 active pairs whose starts are spread
//    over the last 21 days (1 in 21 has its check-in due: the tick creates those check-ins and
//    queues their DMs), at the nudge hour. The next tick, with nothing new, goes to stderr.
//    BENCH_NUDGES_CATCH_UP=1: every pair has a check-in due (see tickFigure).
// BENCH_NUDGES_ONLY=send (or tick) runs only that part.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'discord.js';
import { pino } from 'pino';
import type { Clock } from '../../src/core/clock.ts';
import { lastOccurrence } from '../../src/core/nudges/schedule.ts';
import { defaultSources } from '../../src/core/nudges/sources.ts';
import { memberTextClose, memberTextOpen } from '../../src/core/reply-model.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import {
  createDiscordTransport,
  discordRestTimeoutMs,
  nonceOf,
  rejectsOnRateLimit,
} from '../../src/platforms/discord/transport.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { startFakeDiscord } from '../fakes/discord/index.ts';
import { seedPairs, seedReminders } from '../support/nudge-seed.ts';
import { round, type Figure } from './figures.ts';

const LIMIT_PER_S = 50;
const NUDGES = Number(process.env.BENCH_NUDGES ?? 10_000);
const SPACING_MS = Number(process.env.BENCH_NUDGES_SPACING_MS ?? 20);
const ENQUEUE = process.env.BENCH_NUDGES_ENQUEUE === 'tick' ? 'tick' : 'bulk';
const ONLY = process.env.BENCH_NUDGES_ONLY;
const REMINDER_CRON = '0 10 * * *';
const TIME_ZONE = 'Europe/Paris';
const CHANNELS = 50;
const PAIRS = 50_000;
/** A Tuesday, 10:05 in Paris: past the community's 10:00 reminders and nudge hour. */
const START = Date.parse('2026-03-10T09:05:00Z');

/** Figure's units lack a dimensionless ratio; until figures.ts has 'ratio', this bench widens it. */
export type NudgesFigure = Omit<Figure, 'unit'> & { unit: Figure['unit'] | 'ratio' };

const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2));

/** The bench's moment, moving on in real time: retry-afters and leases expire as they would. */
function runningClock(from: number): Clock {
  const started = Date.now();
  return { now: () => new Date(from + (Date.now() - started)) };
}

async function community(database: Database, externalId: string) {
  return createStore(database.prisma).communities.ensure({
    platform: 'discord',
    externalId,
    name: 'Duchess France',
    locale: 'fr',
    timeZone: TIME_ZONE,
  });
}

async function sendingFigures(dataDir: string): Promise<NudgesFigure[]> {
  const channels = Array.from({ length: CHANNELS }, (_, i) => ({ name: `rappels-${i}` }));
  const fake = await startFakeDiscord({ guilds: [{ name: 'Duchess France', channels }], globalRateLimit: LIMIT_PER_S });
  const database = await openDatabase({ kind: 'embedded', dataDir });
  const client = new Client({
    intents: [],
    rest: { api: fake.apiUrl, rejectOnRateLimit: rejectsOnRateLimit, timeout: discordRestTimeoutMs },
  });
  client.rest.setToken('bench-token');
  try {
    const guild = fake.guilds[0]!;
    const { id: communityId } = await community(database, guild.id);
    await seedReminders(database.prisma, {
      communityId,
      count: NUDGES,
      cron: REMINDER_CRON,
      channelIds: guild.channels.map((c) => c.id),
    });
    const store = createStore(database.prisma);
    const clock = runningClock(START);
    const queued = performance.now();
    const enqueued =
      ENQUEUE === 'tick'
        ? (await createScheduler({ store, clock, logger, sources: defaultSources }).tick()).enqueued
        : await enqueueReminders(database, communityId, clock.now());
    process.stderr.write(
      `  nudges: ${ENQUEUE === 'tick' ? 'the tick' : 'one INSERT … SELECT'} queued ${enqueued} of ${NUDGES} in ${round(performance.now() - queued, 0)} ms\n`,
    );

    const sender = createOutboxSender({
      outbox: store.outbox,
      transports: { discord: createDiscordTransport(client) },
      clock,
      logger,
      options: { spacingMs: { discord: SPACING_MS, slack: 100 } },
    });
    const since = fake.requests.length;
    sender.start();
    // Done when nothing waits in the outbox (a rate-limited row waits as pending) and no request is in flight.
    for (;;) {
      await sleep(500);
      const counts = await store.outbox.counts(communityId);
      if (counts.pending + counts.sending === 0 && (await quiet(fake.requests))) break;
    }
    await sender.stop();

    const requests = fake.requests.slice(since);
    const letThrough = requests.filter((r) => r.status >= 200 && r.status < 300);
    const refused = requests.filter((r) => r.status === 429).length;
    const first = letThrough[0]?.at ?? 0;
    const last = letThrough.at(-1)?.at ?? 0;
    const perSecond = letThrough.length > 1 ? (letThrough.length - 1) / ((last - first) / 1000) : 0;

    const rows = await database.prisma.outboxMessage.findMany({
      where: { communityId },
      select: { id: true, key: true, status: true },
    });
    const keyOfNonce = new Map(rows.map((row) => [nonceOf(row), row.key]));
    const posts = new Map<string, number>();
    for (const r of letThrough) {
      if (r.method !== 'POST' || !/^\/channels\/\d+\/messages$/.test(r.path)) continue;
      const key =
        keyOfNonce.get(String((r.body as { nonce?: unknown }).nonce)) ??
        `unknown nonce ${String((r.body as { nonce?: unknown }).nonce)}`;
      posts.set(key, (posts.get(key) ?? 0) + 1);
    }
    const duplicates = [...posts.values()].reduce((sum, n) => sum + n - 1, 0);
    // Every reminder seeded is one nudge: one key `reminder:<id>:<occurrence>` it must be posted under.
    const reminderIds = await database.prisma.communityReminder.findMany({
      where: { communityId },
      select: { id: true },
    });
    const lost = reminderIds.filter(
      ({ id }) => ![...posts.keys()].some((key) => key.startsWith(`reminder:${id}:`)),
    ).length;
    const failed = rows.filter((r) => r.status === 'failed').length;
    process.stderr.write(
      `  nudges: ${posts.size} keys posted, ${letThrough.length} requests let through in ${round((last - first) / 1000)} s ` +
        `(${round(perSecond)}/s), ${refused} refused with 429 (${fake.globalRateLimited()} by the global limit), ${failed} rows failed; spacing ${SPACING_MS} ms\n`,
    );
    return [
      {
        bench: 'nudges.rate_ratio',
        value: round(perSecond / LIMIT_PER_S, 3),
        unit: 'ratio',
        target: 0.9,
        better: 'higher',
      },
      { bench: 'nudges.duplicates', value: duplicates, unit: 'count', target: 0, better: 'lower' },
      { bench: 'nudges.lost', value: lost, unit: 'count', target: 0, better: 'lower' },
    ];
  } finally {
    await client.destroy();
    await database.close();
    await fake.close();
  }
}

/**
 * The outbox rows scheduler.tick() queues for the seeded reminders (communityReminderSource:
 * key `reminder:<id>:<occurrence>`, a post in the reminder's channel, her text as member text),
 * inserted in one statement instead of one enqueue each.
 */
async function enqueueReminders(database: Database, communityId: string, now: Date): Promise<number> {
  const at = lastOccurrence(REMINDER_CRON, TIME_ZONE, now);
  if (!at) throw new Error("the bench's reminders have no occurrence before its start");
  return database.prisma.$executeRawUnsafe(
    `INSERT INTO outbox_messages (id, community_id, platform, key, target, message, available_at)
     SELECT gen_random_uuid(), r.community_id, 'discord', 'reminder:' || r.id || ':' || $2::text,
            jsonb_build_object('kind', 'channel', 'channelId', r.channel_id), jsonb_build_object('text', $4::text || r.text || $5::text), $3::timestamptz
     FROM community_reminders r WHERE r.community_id = $1::uuid AND r.enabled
     ON CONFLICT (community_id, key) DO NOTHING`,
    communityId,
    at.toISOString(),
    now,
    memberTextOpen,
    memberTextClose,
  );
}

/** No request reached the fake for a while. */
async function quiet(requests: { length: number }) {
  const before = requests.length;
  await sleep(300);
  return requests.length === before;
}

async function tickFigure(dataDir: string): Promise<Figure[]> {
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const { id: communityId } = await community(database, 'tick-50k');
    const seeded = performance.now();
    // Starts spread over the 21 days before today (1 to 21 days ago): today is the check-in
    // day of the pairs started 21 days ago, 1 pair in 21; the others' first check-in is
    // still ahead. BENCH_NUDGES_CATCH_UP=1 starts them 21 to 41 days ago instead: every
    // pair then has a check-in missed (the bot down for up to 20 days), which the tick
    // catches up at once, with the mentors' reminders of those older than 3 days.
    const catchUp = process.env.BENCH_NUDGES_CATCH_UP === '1';
    const startedAt = new Date(START - (catchUp ? 21 : 1) * 86_400_000);
    await seedPairs(database.prisma, { communityId, count: PAIRS, startedAt, spreadDays: 21 });
    process.stderr.write(
      `  nudges: seeded ${PAIRS} pairs in ${round(performance.now() - seeded, 0)} ms${catchUp ? ' (every one with a check-in to catch up)' : ''}\n`,
    );
    const store = createStore(database.prisma);
    const scheduler = createScheduler({ store, clock: runningClock(START), logger, sources: defaultSources });
    const started = performance.now();
    const { enqueued } = await scheduler.tick();
    const ms = performance.now() - started;
    const again = performance.now();
    const next = await scheduler.tick();
    process.stderr.write(
      `  nudges: tick over ${PAIRS} pairs queued ${enqueued} in ${round(ms, 0)} ms; the next tick queued ${next.enqueued} in ${round(performance.now() - again, 0)} ms\n`,
    );
    return [{ bench: 'nudges.tick_50k', value: round(ms, 0), unit: 'ms', target: 2000, better: 'lower' }];
  } finally {
    await database.close();
  }
}

export const nudges = async (): Promise<NudgesFigure[]> => {
  const root = await mkdtemp(join(tmpdir(), 'marraine-bench-'));
  try {
    return [
      ...(ONLY === 'tick' ? [] : await sendingFigures(join(root, 'sending'))),
      ...(ONLY === 'send' ? [] : await tickFigure(join(root, 'tick'))),
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};
