// The bot under the interaction bench, in a process of its own (see interaction.bench.ts).
// Run twice: first with `seed` set, it fills a fresh embedded database with a community on
// each platform (mentors, mentees, requests waiting for an offer, offers waiting for a
// choice), prints what the load needs as one JSON line and exits, so none of that work is in
// the bot's memory; then it starts as production starts it, both platforms on the parent's
// fakes, prints {"ready":true} and serves until SIGTERM. Bundled and run with plain Node, as
// `npm start` does.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { commands } from '../../commands/index.ts';
import { startApp } from '../../src/app.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createServices } from '../../src/core/services.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import type { Platform } from '../../src/core/community.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { fittingMentee, fittingMentor } from '../support/answers.ts';

export interface BotInput {
  dataDir: string;
  discord: { applicationId: string; apiUrl: string; guildId: string };
  slack: { apiUrl: string; port: number; teamId: string; signingSecret: string };
  /** Seeded per platform. */
  mentors: number;
  mentees: number;
  /** Seed the database and exit, instead of serving. */
  seed?: boolean;
}

export interface Seeded {
  /** Member ids of mentors, and external ids of both. */
  mentors: { memberId: string; userId: string }[];
  mentees: { memberId: string; userId: string }[];
  communityId: string;
  /** A mentor's click "I offer" on a request to her. */
  offerable: { mentorUserId: string; requestId: string }[];
  /** A mentee's click "I choose her" on an offer she got. */
  choosable: { menteeUserId: string; requestId: string }[];
}

const mentee = fittingMentee;
const mentor = fittingMentor();

const input = JSON.parse(process.env.BENCH_BOT ?? '') as BotInput;
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const database = await openDatabase({ kind: 'embedded', dataDir: input.dataDir });
/** Where the memory is, from inside (the parent reads the total from outside): to explain the figures. */
const memory = (when: string) => {
  const mb = (bytes: number) => Math.round(bytes / 1e6);
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(
    `  bot ${when}: rss ${mb(rss)} MB, V8 heap ${mb(heapUsed)}/${mb(heapTotal)} MB, external ${mb(external)} MB (array buffers ${mb(arrayBuffers)} MB)\n`,
  );
};

async function seed(platform: Platform, externalId: string, prefix: string, pad: number): Promise<Seeded> {
  const store = createStore(database.prisma);
  const { matching } = createServices({
    store,
    clock: systemClock,
    defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
  });
  const community = await store.communities.ensure({ platform, externalId, name: 'Duchess France' });
  const members = new Map<string, Awaited<ReturnType<typeof store.members.ensure>>>();
  const people = async (count: number, role: 'mentor' | 'mentee') => {
    const list: Seeded['mentors'] = [];
    for (let i = 0; i < count; i += 1) {
      const userId = `${prefix}${role === 'mentor' ? 1 : 2}${String(i).padStart(pad, '0')}`;
      const member = await store.members.ensure({
        communityId: community.id,
        externalUserId: userId,
        displayName: `${role}${i}`,
        locale: 'fr',
      });
      members.set(userId, member);
      const answers = role === 'mentor' ? mentor : mentee;
      await store.profiles.save({
        memberId: member.id,
        communityId: community.id,
        questionnaireVersion: 1,
        answers,
        pendingInput: {},
        consentedAt: new Date(),
        completedAt: new Date(),
      });
      list.push({ memberId: member.id, userId });
    }
    return list;
  };
  const mentors = await people(input.mentors, 'mentor');
  const mentees = await people(input.mentees, 'mentee');
  const memberOf = (userId: string) => members.get(userId)!;
  const offerable: Seeded['offerable'] = [];
  const choosable: Seeded['choosable'] = [];
  // The second half of the mentees asked a mentor each; half of those were offered already.
  for (let i = Math.floor(mentees.length / 2); i < mentees.length; i += 1) {
    const who = mentees[i]!;
    const to = mentors[i % mentors.length]!;
    const request = await matching.request(community, memberOf(who.userId), to.memberId, null);
    if (i % 2 === 0) offerable.push({ mentorUserId: to.userId, requestId: request.id });
    else {
      await matching.offer(community, memberOf(to.userId), request.id);
      choosable.push({ menteeUserId: who.userId, requestId: request.id });
    }
  }
  return { mentors, mentees, communityId: community.id, offerable, choosable };
}

if (input.seed) {
  const seeded = {
    discord: await seed('discord', input.discord.guildId, '5', 16),
    slack: await seed('slack', input.slack.teamId, 'U0S', 6),
  };
  await database.close();
  // Exits once the line is written: on Node 24 an exit right after the write cut it short (a pipe).
  process.stdout.write(`${JSON.stringify({ seeded })}\n`, () => process.exit(0));
  await new Promise(() => {});
}

const app = await startApp({
  config: {
    defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    discord: { token: 'fake-token', applicationId: input.discord.applicationId, apiUrl: input.discord.apiUrl },
    slack: {
      botToken: 'xoxb-bench',
      signingSecret: input.slack.signingSecret,
      apiUrl: input.slack.apiUrl,
      port: input.slack.port,
    },
  },
  database,
  logger,
});
await app.discord!.registerCommands(commands, input.discord.guildId);
memory('started');
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await app.stop();
    await database.close();
    process.exit(0);
  })();
};
process.once('SIGTERM', stop);
// The bench asks, between its steps, to hear once no interaction is in flight (none running or waiting its turn).
// With it, how late this thread's event loop ran since the last ask (ms): what delays every acknowledgement.
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'idle?')
    void app.dispatcher.idle().then(() => {
      memory('idle between steps');
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      const late = { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max) };
      lag.reset();
      process.stdout.write(`${JSON.stringify({ idle: true, lag: late })}\n`);
    });
});
// The bench that started it is gone (killed, crashed): no bot left behind.
process.stdin.once('end', stop).resume();
