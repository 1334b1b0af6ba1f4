// Interactions as members make them, through the real discord.js and Bolt clients against the
// local fakes, on the embedded database. The bot runs in a process of its own (bundled and run
// with plain Node, as `npm start` runs it): the load and the fakes do not share its CPU or heap,
// and its resident memory is read from outside (/proc/<pid>/status). Each platform is loaded in
// turn with a mix following what members do: joining (the command, then a step), `mentors`,
// asking a mentor (the click, then the form), a mentor's offer and a mentee's choice (clicks in
// DMs), `profile`. Open loop: interaction i is due at start + i/rate, never waiting for earlier
// answers, and its latency runs from when it was due (a late send counts against the bot:
// coordinated omission). Discord's ack is the callback POST the fake records; Slack's is Bolt's
// HTTP response. Not acknowledged within the platforms' 3 s deadline is missed.
// Figures: ack p50/p99 at 50/s; capacity (highest stepped rate held with p99 ≤ 100 ms, none
// missed); misses at twice the capacity; RSS idle, after ≥ 1,000 interactions, and its peak.
// BENCH_SECONDS shortens every measured window (default 30 at 50/s, 15 per capacity step);
// BENCH_LOG_LEVEL shows the bot's logs; BENCH_RATE changes the steady rate (50); BENCH_NODE_FLAGS
// gives the bot other V8 flags than the launcher's ("" for none); MALLOC_* variables (glibc's
// allocator, e.g. MALLOC_ARENA_MAX=1) reach the bot as they would from a host's environment;
// BENCH_CGROUP starts the bot in a cgroup (Linux, root), to try a host's memory limit;
// BENCH_STEPS="discord:400,slack:800" runs only those steps after the 50/s phases.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { InteractionResponseType } from 'discord.js';
import { build } from 'esbuild';
import { translator } from '../../src/i18n/index.ts';
import { projectRoot } from '../../src/paths.ts';
import {
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  PERMISSIONS,
  startFakeDiscord,
  stringSelectInteraction,
  type FakeDiscord,
  type RecordedRequest,
} from '../fakes/discord/index.ts';
import {
  blockActionsBody,
  findFreePort,
  postToBolt,
  slashCommandBody,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
} from '../fakes/slack/index.ts';
import { percentile, round, type Bench, type Figure } from './figures.ts';
import type { BotInput, Seeded } from './interaction-bot.ts';

/** Both platforms give up on an interaction not acknowledged within 3 s: later is missed. */
const DEADLINE_MS = 3_000;
const TARGET_P99_MS = 100;
const shortened = process.env.BENCH_SECONDS === undefined ? undefined : Number(process.env.BENCH_SECONDS);
if (shortened !== undefined && !(shortened > 0))
  throw new Error(`BENCH_SECONDS must be a positive number of seconds, not "${process.env.BENCH_SECONDS}"`);
const STEADY_S = shortened ?? 30;
const STEP_S = shortened ?? 15;
const WARMUP_S = Math.min(5, STEADY_S);
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 50);
const STEPS = [50, 100, 200, 300, 400, 600, 800, 1_000, 1_200];
/**
 * BENCH_STEPS="discord:400,slack:800": after the 50/s phases, only these steps, in this order
 * (to look at one rate closely); the capacities and the overload are then not measured.
 */
const chosenSteps = process.env.BENCH_STEPS?.split(',').map((step) => {
  const [platform, rate] = step.trim().split(':');
  if ((platform !== 'discord' && platform !== 'slack') || !(Number(rate) > 0))
    throw new Error(`BENCH_STEPS lists platform:rate steps (e.g. "discord:400,slack:800"), not "${step}"`);
  return { platform: platform as Platform, rate: Number(rate) };
});
const SIGNING_SECRET = 'bench-signing-secret';
/** Past this, a bot still working on a step's interactions fails the bench rather than hanging it. */
const IDLE_WAIT_MS = 60_000;

type Platform = 'discord' | 'slack';
/**
 * Sends interaction `index`; resolves with the moments (performance.now()) it was acknowledged
 * and its answer reached the platform (the same moment when the answer was the acknowledgement;
 * null when none came within ANSWER_WAIT_MS).
 */
type Send = (index: number) => Promise<{ ack: number; answer: number | null }>;
/** How long an answer that follows its acknowledgement is waited for. */
const ANSWER_WAIT_MS = 15_000;

/**
 * What reached a fake, by key (an interaction's token, a response_url, a trigger id…), heard as
 * it is recorded: thousands of interactions in flight cost one lookup per request, where the
 * fakes' own waits would each scan everything recorded and be scanned by every request.
 */
function createArrivals<T>() {
  const waiting = new Map<string, (arrival: { at: number; item: T }) => void>();
  const early = new Map<string, { at: number; item: T }>();
  return {
    heard(key: string, item: T) {
      const arrival = { at: performance.now(), item };
      const resolve = waiting.get(key);
      if (resolve) resolve(arrival);
      else if (!early.has(key)) early.set(key, arrival);
    },
    /** The first of `keys` to arrive (already or within `timeoutMs`), or null. */
    first(keys: string[], timeoutMs: number): Promise<{ at: number; item: T } | null> {
      for (const key of keys) {
        const arrival = early.get(key);
        if (arrival) {
          for (const k of keys) early.delete(k);
          return Promise.resolve(arrival);
        }
      }
      return new Promise((resolve) => {
        const done = (arrival: { at: number; item: T } | null) => {
          clearTimeout(timer);
          for (const key of keys) waiting.delete(key);
          resolve(arrival);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        for (const key of keys) waiting.set(key, done);
      });
    },
  };
}

interface Sample {
  /** Which of the mix it was (see MIX). */
  kind: (typeof MIX)[number];
  /** From when it was due to its ack; null: none within the deadline. */
  latency: number | null;
  /** From when it was due to her seeing the answer; null: none came. */
  answered: number | null;
  /** How late this process sent it (its own event loop busy): counted against the bot all the same. */
  sentLate: number;
  failure?: string;
}

const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS') => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return round(Number(line?.match(/(\d+)/)?.[1] ?? NaN) / 1024, 0);
};

/** Open loop at `rate` for `seconds`; every latency counted from the interaction's schedule. */
async function openLoop(rate: number, seconds: number, send: Send, from: number): Promise<Sample[]> {
  const started = performance.now();
  const samples: Promise<Sample>[] = [];
  const count = Math.round(rate * seconds);
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const kind = MIX[(from + i) % MIX.length]!;
    const sentLate = performance.now() - due;
    samples.push(
      send(from + i).then(
        ({ ack, answer }) => ({
          kind,
          latency: ack - due <= DEADLINE_MS ? ack - due : null,
          answered: answer === null ? null : answer - due,
          sentLate,
        }),
        (error: unknown) => ({
          kind,
          latency: null,
          answered: null,
          sentLate,
          failure: String(error instanceof Error ? error.message : error).split('\n')[0],
        }),
      ),
    );
  }
  return Promise.all(samples);
}

function summarise(platform: Platform, rate: number, samples: Sample[]) {
  // A miss counts as the deadline, so it weighs on the percentiles instead of vanishing from them.
  const latencies = samples.map((s) => s.latency ?? DEADLINE_MS);
  const missed = samples.filter((s) => s.latency === null).length;
  const p50 = round(percentile(latencies, 50));
  const p99 = round(percentile(latencies, 99));
  const failures = new Map<string, number>();
  for (const { failure } of samples) if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
  process.stderr.write(
    `  ${platform} at ${rate}/s: ${samples.length} sent, ack from schedule p50 ${p50} ms, p99 ${p99} ms, max ${round(Math.max(...latencies))} ms, missed ${missed}; ` +
      `load average ${round(loadavg()[0] ?? 0)} on ${availableParallelism()} CPUs\n`,
  );
  for (const [failure, count] of failures) process.stderr.write(`    ${count} × ${failure}\n`);
  // Where the tail comes from: each kind's own percentiles.
  const byKind = [...new Set(MIX)].map((kind) => {
    const own = samples.filter((s) => s.kind === kind).map((s) => s.latency ?? DEADLINE_MS);
    return `${kind} ${round(percentile(own, 50))}/${round(percentile(own, 99))}`;
  });
  process.stderr.write(`    by kind, ack p50/p99 ms: ${byKind.join(', ')}\n`);
  // What she waits for: the answer itself, which may follow the acknowledgement.
  const answers = samples.map((s) => s.answered ?? ANSWER_WAIT_MS);
  const unanswered = samples.filter((s) => s.answered === null).length;
  const answer = { p50: round(percentile(answers, 50)), p99: round(percentile(answers, 99)) };
  process.stderr.write(
    `    answer from schedule p50 ${answer.p50} ms, p99 ${answer.p99} ms, none within ${ANSWER_WAIT_MS} ms: ${unanswered}; ` +
      `sent late by this process p99 ${round(
        percentile(
          samples.map((s) => s.sentLate),
          99,
        ),
      )} ms\n`,
  );
  return { p50, p99, missed, answer, held: p99 <= TARGET_P99_MS && missed === 0 };
}

/** The mix, one kind per index in turn: what members do, in the proportions they do it. */
const MIX = [
  'join',
  'join-step',
  'mentors',
  'ask',
  'send',
  'mentors',
  'offer',
  'choose',
  'profile',
  'mentors',
] as const;

function discordSender(fake: FakeDiscord, seeded: Seeded): Send {
  // An interaction's acknowledgement is its callback; what follows a deferral goes through its webhook.
  const arrivals = createArrivals<RecordedRequest>();
  fake.onRequest((r) => {
    const callback = r.path.match(/^\/interactions\/\d+\/([^/]+)\/callback$/);
    if (callback && r.method === 'POST') arrivals.heard(`ack:${callback[1]}`, r);
    const webhook = r.path.match(/\/webhooks\/\d+\/([^/]+)/);
    if (webhook) arrivals.heard(`answer:${webhook[1]}`, r);
  });
  const guild = fake.guilds[0]!;
  const channelId = guild.channelId('general');
  const inGuild = (userId: string) => ({
    guildId: guild.id,
    channelId,
    user: { id: userId, username: `m${userId.slice(-6)}` },
    locale: 'fr' as const,
    permissions: PERMISSIONS.member,
  });
  const inDm = (userId: string) => ({ user: { id: userId, username: `m${userId.slice(-6)}` }, locale: 'fr' as const });
  const newcomer = (n: number) => `6${String(n).padStart(17, '0')}`;
  return async (index) => {
    const round_ = Math.floor(index / MIX.length);
    const mentee = seeded.mentees[index % Math.ceil(seeded.mentees.length / 2)]!;
    const mentor = seeded.mentors[(index * 7) % seeded.mentors.length]!;
    const kind = MIX[index % MIX.length]!;
    const payload =
      kind === 'join'
        ? chatInputInteraction({ ...inGuild(newcomer(round_)), subcommand: 'join' })
        : kind === 'join-step'
          ? stringSelectInteraction({
              ...inGuild(newcomer(round_)),
              customId: 'join:set:role:join',
              values: ['mentee'],
            })
          : kind === 'mentors'
            ? chatInputInteraction({ ...inGuild(mentee.userId), subcommand: 'mentors' })
            : kind === 'ask'
              ? buttonInteraction({ ...inGuild(mentee.userId), customId: `mentors:ask:${mentor.memberId}` })
              : kind === 'send'
                ? modalSubmitInteraction({
                    ...inGuild(mentee.userId),
                    customId: `mentors:send:${mentor.memberId}`,
                    fields: { message: 'Bonjour, je serais ravie d’échanger avec toi !' },
                  })
                : kind === 'offer'
                  ? offerPayload(seeded, round_, (o) =>
                      buttonInteraction({
                        ...inDm(o.mentorUserId),
                        customId: `${seeded.communityId}/requests:offer:${o.requestId}`,
                      }),
                    )
                  : kind === 'choose'
                    ? choosePayload(seeded, round_, (c) =>
                        buttonInteraction({
                          ...inDm(c.menteeUserId),
                          customId: `${seeded.communityId}/mentors:choose:${c.requestId}`,
                        }),
                      )
                    : chatInputInteraction({ ...inGuild(mentee.userId), subcommand: 'profile' });
    const handle = await fake.interact(payload);
    const acknowledged = await arrivals.first([`ack:${handle.token}`], DEADLINE_MS + 1_000);
    if (!acknowledged) throw new Error('no callback');
    const { at: ack, item: callback } = acknowledged;
    if (callback.status >= 300) throw new Error(`callback answered ${callback.status}`);
    const { type } = callback.body as { type: InteractionResponseType };
    const deferred =
      type === InteractionResponseType.DeferredChannelMessageWithSource ||
      type === InteractionResponseType.DeferredMessageUpdate;
    if (!deferred) return { ack, answer: ack };
    // The answer fills the deferral in: an edit of it, or a follow-up, through its token.
    const answer = await arrivals.first([`answer:${handle.token}`], ANSWER_WAIT_MS);
    return { ack, answer: answer?.at ?? null };
  };
}

const offerPayload = <T>(seeded: Seeded, n: number, make: (o: Seeded['offerable'][number]) => T) =>
  make(seeded.offerable[n % seeded.offerable.length]!);
const choosePayload = <T>(seeded: Seeded, n: number, make: (c: Seeded['choosable'][number]) => T) =>
  make(seeded.choosable[n % seeded.choosable.length]!);

function slackSender(fake: FakeSlack, seeded: Seeded, port: number): Send {
  const url = `http://127.0.0.1:${port}/slack/events`;
  const newcomer = (n: number) => `U0SN${String(n).padStart(6, '0')}`;
  const wait = translator('fr')('admission.wait');
  // Where an answer that follows the acknowledgement arrives: its response_url, a form opened
  // with its trigger, or the form it was sent from, updated.
  const arrivals = createArrivals<unknown>();
  fake.onResponse((r) => arrivals.heard(`url:${r.url}`, r));
  fake.onCall((c) => {
    if (c.method === 'views.open' || c.method === 'views.push')
      arrivals.heard(`trigger:${String(c.args.trigger_id)}`, c);
    if (c.method === 'views.update') arrivals.heard(`view:${String(c.args.view_id)}`, c);
  });
  return async (index) => {
    // Each interaction's own trigger, response_url and form: where its answer is looked for.
    const triggerId = `bench.${index}`;
    const responseUrl = fake.responseUrl();
    const viewId = `VBENCH${index}`;
    const click = (userId: string, actionId: string, extra: Record<string, unknown> = {}) =>
      blockActionsBody({ userId, triggerId, action: { action_id: actionId, ...extra }, ephemeral: true, responseUrl });
    const round_ = Math.floor(index / MIX.length);
    const mentee = seeded.mentees[index % Math.ceil(seeded.mentees.length / 2)]!;
    const mentor = seeded.mentors[(index * 7) % seeded.mentors.length]!;
    const kind = MIX[index % MIX.length]!;
    if (kind === 'join' || kind === 'join-step')
      fake.setUser({ id: newcomer(round_), name: `n${round_}`, locale: 'fr-FR' });
    const body =
      kind === 'join'
        ? slashCommandBody({ userId: newcomer(round_), text: 'rejoindre', triggerId, responseUrl })
        : kind === 'join-step'
          ? click(newcomer(round_), 'join:set:role:join', {
              type: 'static_select',
              selected_option: { value: 'mentee' },
            })
          : kind === 'mentors'
            ? slashCommandBody({ userId: mentee.userId, text: 'marraines', triggerId, responseUrl })
            : kind === 'ask'
              ? click(mentee.userId, `mentors:ask:${mentor.memberId}`)
              : kind === 'send'
                ? viewSubmissionBody({
                    userId: mentee.userId,
                    triggerId,
                    view: { id: viewId },
                    callbackId: `mentors:send:${mentor.memberId}`,
                    values: {
                      message: { message: stateValue.plainText('Bonjour, je serais ravie d’échanger avec toi !') },
                    },
                  })
                : kind === 'offer'
                  ? offerPayload(seeded, round_, (o) =>
                      click(o.mentorUserId, `${seeded.communityId}/requests:offer:${o.requestId}`),
                    )
                  : kind === 'choose'
                    ? choosePayload(seeded, round_, (c) =>
                        click(c.menteeUserId, `${seeded.communityId}/mentors:choose:${c.requestId}`),
                      )
                    : slashCommandBody({ userId: mentee.userId, text: 'profil', triggerId, responseUrl });
    const response = await postToBolt(url, SIGNING_SECRET, body, { timeoutMs: DEADLINE_MS + 1_000 });
    const ack = performance.now();
    if (response.status !== 200) throw new Error(`Bolt answered ${response.status}`);
    // The answer was the acknowledgement, unless it was empty or said "one moment".
    if (response.body !== '' && !response.body.includes(wait)) return { ack, answer: ack };
    const answer = await arrivals.first(
      kind === 'send' ? [`view:${viewId}`] : [`url:${responseUrl}`, `trigger:${triggerId}`],
      ANSWER_WAIT_MS,
    );
    return { ack, answer: answer?.at ?? null };
  };
}

/** The bot bundled as the launcher bundles src/main.ts (our code only, packages external). */
async function bundleBot(): Promise<string> {
  const outdir = join(projectRoot, 'dist', 'bench');
  await build({
    entryPoints: [join(projectRoot, 'test/bench/interaction-bot.ts')],
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return join(outdir, 'interaction-bot.js');
}

/**
 * Runs the bot's entry with `input`; resolves with the first JSON line it prints, and
 * `idle`, which resolves once the bot has no interaction in flight (asked on its stdin).
 */
async function startBot<T>(
  entry: string,
  input: BotInput,
): Promise<{
  child: ChildProcess;
  said: T;
  idle: () => Promise<{ ms: number; lag: { p50: number; p99: number; max: number } }>;
}> {
  // The flags src/launcher.mjs sets (--liftoff-only), unless BENCH_NODE_FLAGS says which to try.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '--liftoff-only').split(' ').filter(Boolean);
  // BENCH_CGROUP: a cgroup folder (e.g. /sys/fs/cgroup/memory/bot with its memory limit set) the
  // bot starts in, as on a host of that size: Node sizes V8's heap from the limit it finds.
  const cgroup = process.env.BENCH_CGROUP;
  const command = cgroup ? 'sh' : process.execPath;
  const args = cgroup
    ? ['-c', `echo $$ > "${cgroup}/cgroup.procs" && exec "$@"`, 'sh', process.execPath, ...flags, entry]
    : [...flags, entry];
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      BENCH_BOT: JSON.stringify(input),
      ...(process.env.BENCH_LOG_LEVEL ? { BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
      // glibc's allocator settings, as a host may set them (README, Memory): MALLOC_ARENA_MAX=1…
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MALLOC_'))),
    },
    // Its stdin closes when this process ends, however it ends: the bot then stops too.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before it said anything`))),
  );
  const said = new Promise<T>((resolve) =>
    lines.on('line', (line) => line.startsWith('{') && resolve(JSON.parse(line) as T)),
  );
  /** Milliseconds waited until the bot said it is idle (the queue drained, nothing running). */
  const idle = async () => {
    const asked = performance.now();
    const gaveUp = new AbortController();
    const answered = new Promise<{ p50: number; p99: number; max: number }>((resolve) => {
      const hear = (line: string) => {
        if (!line.startsWith('{"idle":true')) return;
        lines.off('line', hear);
        resolve((JSON.parse(line) as { lag: { p50: number; p99: number; max: number } }).lag);
      };
      lines.on('line', hear);
    });
    child.stdin!.write('idle?\n');
    const late = sleep(IDLE_WAIT_MS, undefined, { signal: gaveUp.signal }).then(() => {
      throw new Error(`the bot was still busy after ${IDLE_WAIT_MS} ms`);
    });
    late.catch(() => {}); // aborted once answered
    try {
      const lag = await Promise.race([answered, exited, late]);
      return { ms: round(performance.now() - asked, 0), lag };
    } finally {
      gaveUp.abort();
    }
  };
  return { child, said: await Promise.race([said, exited]), idle };
}

async function stopBot(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

export const interaction: Bench = async () => {
  const root = await mkdtemp(join(tmpdir(), 'marraine-bench-'));
  const discord = await startFakeDiscord({ guilds: [{ name: 'Duchess France', channels: [{ name: 'general' }] }] });
  const slack = await startFakeSlack({ teamName: 'Duchess France' });
  let child: ChildProcess | undefined;
  try {
    const port = await findFreePort();
    const entry = await bundleBot();
    const input: BotInput = {
      dataDir: join(root, 'data'),
      discord: { applicationId: discord.applicationId, apiUrl: discord.apiUrl, guildId: discord.guilds[0]!.id },
      slack: { apiUrl: slack.apiUrl, port, teamId: 'T0MARRAINE', signingSecret: SIGNING_SECRET },
      mentors: 300,
      mentees: 600,
    };
    const {
      said: { seeded },
    } = await startBot<{ seeded: Record<Platform, Seeded> }>(entry, { ...input, seed: true });
    const started = { ...(await startBot<{ ready: true }>(entry, input)), seeded };
    child = started.child;
    const pid = child.pid!;
    // Known to the workspace, as real members are: users.info answers instead of user_not_found.
    for (const who of [...started.seeded.slack.mentors, ...started.seeded.slack.mentees])
      slack.setUser({ id: who.userId, name: who.userId, locale: 'fr-FR' });
    const senders: Record<Platform, Send> = {
      discord: discordSender(discord, started.seeded.discord),
      slack: slackSender(slack, started.seeded.slack, port),
    };
    const next: Record<Platform, number> = { discord: 0, slack: 0 };
    const run = async (platform: Platform, rate: number, seconds: number) => {
      const samples = await openLoop(rate, seconds, senders[platform], next[platform]);
      next[platform] += samples.length;
      return samples;
    };

    await sleep(2_000);
    const idle = rssOf(pid);
    process.stderr.write(
      `  bot pid ${pid}: ${idle} MB resident once both platforms are connected (the communities were seeded beforehand), idle\n`,
    );

    /** Until the bot has no interaction in flight, however long its queue takes to drain. */
    const settle = async () => {
      const { ms, lag } = await started.idle();
      process.stderr.write(
        `    (the bot was idle ${ms} ms later; its event loop ran late by p50 ${lag.p50} ms, p99 ${lag.p99} ms, at most ${lag.max} ms since the last ask)\n`,
      );
    };

    const figures: Figure[] = [];
    for (const platform of ['discord', 'slack'] as const) {
      await settle();
      await run(platform, STEADY_RATE, WARMUP_S);
      const { p50, p99, missed, answer } = summarise(platform, STEADY_RATE, await run(platform, STEADY_RATE, STEADY_S));
      figures.push(
        { bench: `interaction.ack.p50.${platform}`, value: p50, unit: 'ms', better: 'lower' },
        { bench: `interaction.ack.p99.${platform}`, value: p99, unit: 'ms', target: 25, better: 'lower' },
        // The acknowledgement comes at once; what she waits for is the answer that follows it.
        { bench: `interaction.answer.p50.${platform}`, value: answer.p50, unit: 'ms', better: 'lower' },
        { bench: `interaction.answer.p99.${platform}`, value: answer.p99, unit: 'ms', better: 'lower' },
        { bench: `interaction.ack.missed.${platform}`, value: missed, unit: 'count', target: 0, better: 'lower' },
      );
    }
    const loaded = rssOf(pid);
    process.stderr.write(`  bot: ${loaded} MB resident after ${next.discord + next.slack} interactions\n`);
    figures.push(
      { bench: 'memory.rss.idle', value: idle, unit: 'MB', better: 'lower' },
      { bench: 'memory.rss.loaded', value: loaded, unit: 'MB', target: 256, better: 'lower' },
    );

    if (chosenSteps) {
      // Only the steps asked for (BENCH_STEPS): no capacity is measured, so no figure for it.
      for (const { platform, rate } of chosenSteps) {
        summarise(platform, rate, await run(platform, rate, STEP_S));
        await settle();
      }
      return figures;
    }
    let overloadMissed = 0;
    for (const platform of ['discord', 'slack'] as const) {
      let capacity = 0;
      for (const rate of STEPS) {
        const { held } = summarise(platform, rate, await run(platform, rate, STEP_S));
        // Whatever was queued drains before the next step: it starts on an idle bot.
        await settle();
        if (!held) break;
        capacity = rate;
      }
      figures.push({
        bench: `interaction.capacity.${platform}`,
        value: capacity,
        unit: 'per_s',
        target: 200,
        better: 'higher',
      });
      const overload = capacity > 0 ? capacity * 2 : 100;
      overloadMissed += summarise(platform, overload, await run(platform, overload, STEP_S)).missed;
      await settle();
    }
    figures.push(
      { bench: 'interaction.overload.missed', value: overloadMissed, unit: 'count', target: 0, better: 'lower' },
      { bench: 'memory.rss.peak', value: rssOf(pid, 'VmHWM'), unit: 'MB', better: 'lower' },
    );
    return figures;
  } finally {
    if (child) await stopBot(child);
    await discord.close();
    await slack.close();
    await rm(root, { recursive: true, force: true });
  }
};
