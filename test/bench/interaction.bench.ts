// Interaction receipt → acknowledgement through the real discord.js and Bolt clients against the
// local fakes, on the embedded database: an open loop at 50 interactions a second (a send every
// 20 ms, never waiting for earlier answers), after a warm-up that is not measured. Discord's ack is
// the bot's POST to /interactions/{id}/{token}/callback as the fake records it; Slack's is Bolt's
// HTTP response; one not acknowledged within the platforms' 3 s deadline is missed and counts as 3 s.
// Fakes, bot and load share this process, so the fakes' own work is in the figures; the run's
// context (CPU, GC, event-loop delay, how late sends left) goes to stderr.
// BENCH_SECONDS shortens the measured window (default 30); BENCH_LOG_LEVEL shows the bot's logs.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { commands } from '../../commands/index.ts';
import { startApp, type AppOptions } from '../../src/app.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { chatInputInteraction, PERMISSIONS, startFakeDiscord } from '../fakes/discord/index.ts';
import { findFreePort, postToBolt, slashCommandBody, startFakeSlack } from '../fakes/slack/index.ts';
import { percentile, round, type Bench, type Figure } from './figures.ts';

const RATE_PER_S = 50;
const INTERVAL_MS = 1000 / RATE_PER_S;
/** Both platforms give up on an interaction not acknowledged within 3 s: later is missed. */
const DEADLINE_MS = 3_000;
const TARGET_P99_MS = 100;
const MEASURED_S = Number(process.env.BENCH_SECONDS ?? 30);
if (!(MEASURED_S > 0)) throw new Error(`BENCH_SECONDS must be a positive number of seconds, not "${process.env.BENCH_SECONDS}"`);
const WARMUP_S = Math.min(5, MEASURED_S);
/** Distinct members taking turns: the first rounds create them, later ones find them. */
const USERS = 500;
/** Subcommands of /marraine, English on Discord, French on Slack, taken in turn. */
const MIX = [
  { en: 'profile', fr: 'profil' },
  { en: 'join', fr: 'rejoindre' },
  { en: 'share', fr: 'partager' },
];

/** Sends interaction `index`; resolves with its latency in ms, rejects when it got no ack in time. */
type Send = (index: number) => Promise<number>;

interface Sample {
  /** null: no acknowledgement within the deadline. */
  latency: number | null;
  /** Why there was none, when the send failed rather than the bot being late. */
  failure?: string;
  /** How late the send left against its 20 ms slot: the load the bot really got. */
  lag: number;
}

/**
 * One schedule for warm-up and measurement, so the bot never gets a breather in between;
 * `onMeasuring` runs when the first measured send is due.
 */
async function openLoop(warmup: number, measured: number, send: Send, onMeasuring: () => void) {
  const started = performance.now();
  const samples: Promise<Sample>[] = [];
  let measuringSince = started;
  for (let i = 0; i < warmup + measured; i += 1) {
    const due = started + i * INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (i === warmup) {
      measuringSince = performance.now();
      onMeasuring();
    }
    const lag = Math.max(0, performance.now() - due);
    samples.push(
      send(i).then(
        (latency) => ({ latency: latency <= DEADLINE_MS ? latency : null, lag }),
        (error: unknown) => ({ latency: null, lag, failure: String(error instanceof Error ? error.message : error).split('\n')[0] }),
      ),
    );
  }
  const sendingMs = performance.now() - measuringSince;
  return { samples: (await Promise.all(samples)).slice(warmup), sendingMs };
}

/** What else was going on while measuring (GC, a blocked event loop, a busy machine), to explain a bad p99. */
function watchRuntime() {
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    gc.disconnect();
    loop.disable();
    const ms = (ns: number) => round(ns / 1e6);
    const busy = round((100 * (used.user + used.system)) / 1000 / (performance.now() - wall), 0);
    return (
      `this process used ${busy}% of a CPU, load average ${round(loadavg()[0] ?? 0)} on ${availableParallelism()} CPUs; ` +
      `gc ${pauses.length} pauses, ${round(pauses.reduce((a, b) => a + b, 0), 0)} ms in all, longest ${round(Math.max(0, ...pauses))} ms; ` +
      `event-loop delay p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms`
    );
  };
}

async function measure(platform: 'discord' | 'slack', send: Send): Promise<Figure[]> {
  let stop = () => '';
  const { samples, sendingMs } = await openLoop(WARMUP_S * RATE_PER_S, MEASURED_S * RATE_PER_S, send, () => (stop = watchRuntime()));
  const runtime = stop();
  // A miss counts as the deadline, so it weighs on the percentiles instead of vanishing from them.
  const latencies = samples.map((s) => s.latency ?? DEADLINE_MS);
  const missed = samples.filter((s) => s.latency === null).length;
  const lags = samples.map((s) => s.lag);
  const fromSchedule = samples.map((s) => (s.latency ?? DEADLINE_MS) + s.lag);
  process.stderr.write(
    `  ${platform}: ${samples.length} sent at ${round((samples.length - 1) / (sendingMs / 1000))}/s, send lag p99 ${round(percentile(lags, 99))} ms ` +
      `(max ${round(Math.max(...lags))}); ack p99 counted from the schedule ${round(percentile(fromSchedule, 99))} ms; ` +
      `slowest ${round(Math.max(...latencies))} ms; ${runtime}\n`,
  );
  const failures = new Map<string, number>();
  for (const { failure } of samples) if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
  for (const [failure, count] of failures) process.stderr.write(`  ${platform}: ${count} × ${failure}\n`);
  return [
    { bench: `interaction.ack.p50.${platform}`, value: round(percentile(latencies, 50)), unit: 'ms', better: 'lower' },
    { bench: `interaction.ack.p99.${platform}`, value: round(percentile(latencies, 99)), unit: 'ms', target: TARGET_P99_MS, better: 'lower' },
    { bench: `interaction.ack.measured.${platform}`, value: samples.length, unit: 'count', better: 'higher' },
    { bench: `interaction.ack.missed.${platform}`, value: missed, unit: 'count', target: 0, better: 'lower' },
  ];
}

/** The bot as production starts it, on a fresh embedded database in a folder of its own. */
async function startBot(config: AppOptions['config'], dataDir: string) {
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const app = await startApp({
      config,
      database,
      // Logs go to stderr: stdout carries only the figures.
      logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2)),
    });
    return { app, database };
  } catch (error) {
    await database.close();
    throw error;
  }
}

const defaults: AppOptions['config']['defaults'] = { locale: 'fr', timeZone: 'Europe/Paris' };

async function benchDiscord(dataDir: string): Promise<Figure[]> {
  const fake = await startFakeDiscord({ guilds: [{ name: 'Duchess France', channels: [{ name: 'general' }] }] });
  try {
    const { app, database } = await startBot({ defaults, discord: { token: 'fake-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl } }, dataDir);
    try {
      const guild = fake.guilds[0]!;
      await app.discord!.registerCommands(commands, guild.id);
      const channelId = guild.channelId('general');
      return await measure('discord', async (index) => {
        const user = index % USERS;
        const payload = chatInputInteraction({
          guildId: guild.id,
          channelId,
          user: { id: String(400_000_000_000_000_000n + BigInt(user)), username: `member${user}` },
          locale: user % 2 ? 'en-US' : 'fr',
          permissions: PERMISSIONS.member,
          subcommand: MIX[index % MIX.length]!.en,
        });
        const sent = performance.now();
        const handle = await fake.interact(payload);
        const callback = await handle.callback(DEADLINE_MS);
        if (callback.status >= 300) throw new Error(`callback answered ${callback.status}`);
        return performance.now() - sent;
      });
    } finally {
      await app.stop();
      await database.close();
    }
  } finally {
    await fake.close();
  }
}

async function benchSlack(dataDir: string): Promise<Figure[]> {
  const signingSecret = 'bench-signing-secret';
  const fake = await startFakeSlack({ teamName: 'Duchess France' });
  try {
    const userId = (user: number) => `U0BENCH${user}`;
    // Known to the workspace, as real members are: users.info answers instead of user_not_found.
    for (let user = 0; user < USERS; user += 1) fake.setUser({ id: userId(user), name: `member${user}`, locale: user % 2 ? 'en-US' : 'fr-FR' });
    const port = await findFreePort();
    const { app, database } = await startBot({ defaults, slack: { botToken: 'xoxb-bench', signingSecret, apiUrl: fake.apiUrl, port } }, dataDir);
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      return await measure('slack', async (index) => {
        const body = slashCommandBody({ userId: userId(index % USERS), text: MIX[index % MIX.length]!.fr, responseUrl: fake.responseUrl() });
        const sent = performance.now();
        const response = await postToBolt(url, signingSecret, body, { timeoutMs: DEADLINE_MS });
        if (response.status !== 200) throw new Error(`Bolt answered ${response.status}`);
        return performance.now() - sent;
      });
    } finally {
      // A modal opened after an ack may still be on its way to the fake.
      await sleep(200);
      await app.stop();
      await database.close();
    }
  } finally {
    await fake.close();
  }
}

export const interaction: Bench = async () => {
  const root = await mkdtemp(join(tmpdir(), 'marraine-bench-'));
  try {
    return [...(await benchDiscord(join(root, 'discord'))), ...(await benchSlack(join(root, 'slack')))];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};
