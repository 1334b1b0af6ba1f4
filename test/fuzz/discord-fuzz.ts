/**
 * Delivers generated interactions to the real discord.js client through the local Discord's
 * gateway, one at a time, and checks each: an answer (a valid interaction callback) for every
 * interaction discord.js makes repliable, no error in the log, no crash, and the database
 * untouched, but for the delivery's own bookkeeping, by anything that reaches no handler.
 */
import fc from 'fast-check';
import { commands } from '../../commands/index.ts';
import { startApp } from '../../src/app.ts';
import type { Database } from '../../src/storage/database.ts';
import { startFakeDiscord } from '../fakes/discord/index.ts';
import { discordCase, type DiscordCase } from './discord-cases.ts';
import {
  bookkeepingTables,
  capturingLogger,
  databaseWatch,
  preview,
  watchProcess,
  type FuzzFailure,
  type FuzzResult,
} from './watch.ts';

/** Interaction callback types the bot may answer with: a message, a deferral, an update, a modal. */
const answerTypes = [4, 5, 6, 7, 9];

export async function fuzzDiscord(options: {
  database: Database;
  numRuns: number;
  seed?: number;
}): Promise<FuzzResult> {
  const { database } = options;
  const fake = await startFakeDiscord({
    guilds: [
      {
        name: 'Duchess France',
        channels: [{ name: 'general' }, { name: 'moderation' }],
        roles: [{ name: 'Modération' }],
      },
    ],
  });
  const guild = fake.guilds[0]!;
  const captured = capturingLogger();
  const process = watchProcess();
  const app = await startApp({
    config: {
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      discord: { token: 'fake-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    },
    database,
    logger: captured.logger,
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
    scheduler: { cron: '0 0 1 1 *' },
  });
  await app.discord!.registerCommands(commands, guild.id);
  // The adapter calls the dispatcher through this object: counting here tells when the core is done.
  let inFlight = 0;
  const dispatch = app.dispatcher.dispatch.bind(app.dispatcher);
  app.dispatcher.dispatch = async (incoming) => {
    inFlight += 1;
    try {
      return await dispatch(incoming);
    } finally {
      inFlight -= 1;
    }
  };
  const settled = async () => {
    const deadline = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  const watch = await databaseWatch(database);
  const failures: FuzzFailure[] = [];
  const kinds: Record<string, number> = {};
  const timeMs: Record<string, number> = {};
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const samples = fc.sample(discordCase({ guildId: guild.id, channelId: guild.channelId('general') }), {
    numRuns: options.numRuns,
    seed,
  });
  try {
    for (const [index, sample] of samples.entries()) {
      const label = `${sample.kind}${sample.payload.guild_id ? '' : '/dm'}`;
      kinds[label] = (kinds[label] ?? 0) + 1;
      const fail = (problem: string) =>
        failures.push({ index, kind: label, problem, input: preview(JSON.stringify(sample.payload.data)) });
      const started = Date.now();
      await check(sample, fail);
      timeMs[label] = (timeMs[label] ?? 0) + Date.now() - started;
    }
  } finally {
    process.stop();
    await app.stop();
    await fake.close();
  }
  return { seed, cases: samples.length, failures, kinds, timeMs: { ...timeMs, fingerprint: watch.spentMs() } };

  async function check(sample: DiscordCase, fail: (problem: string) => void) {
    const before = await watch.before(!sample.meaningful);
    const handle = await fake.interact(sample.payload as Parameters<typeof fake.interact>[0]);
    if (sample.answered) {
      try {
        const callback = await handle.callback(8_000);
        const type = (callback.body as { type?: number } | undefined)?.type;
        if (!answerTypes.includes(type ?? -1)) fail(`answered with callback type ${type}`);
        if (callback.status >= 400)
          fail(
            `the local Discord refused the answer: ${callback.status} ${preview(JSON.stringify(callback.response), 300)}`,
          );
      } catch {
        fail('no answer within 8 s');
      }
    } else {
      // Nothing to wait for but the client's own handling of the event.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await settled();
    const unexpected = (await watch.after(before)).filter((t) => !bookkeepingTables.has(t));
    if (unexpected.length > 0) fail(`changed ${unexpected.join(', ')} (reached no handler)`);
    for (const problem of captured.take())
      fail(
        `logged at level ${problem.level}: ${problem.msg}${problem.err?.stack ? ` — ${problem.err.stack.split('\n').slice(0, 3).join(' | ')}` : ''}`,
      );
    for (const crash of process.take()) fail(`crashed: ${crash.split('\n').slice(0, 3).join(' | ')}`);
  }
}
