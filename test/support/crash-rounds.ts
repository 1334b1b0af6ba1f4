/**
 * SIGKILL rounds: the real bot (`npm start`'s entry point, as a child process) on the embedded
 * database, driven through the local Discord while mentees send requests, mentors offer and
 * mentees choose, killed at a random moment in each round and started again. Afterwards the
 * bot runs once more until its outbox is empty, and the run counts what was lost: a request,
 * an offer or a choice the bot acknowledged to her that is not in the database, and each queued
 * message that Discord did not get exactly once (by its outbox nonce).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { nonceOf } from '../../src/platforms/discord/transport.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import {
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  startFakeDiscord,
  toFollowUp,
  toOriginal,
  type FakeDiscord,
} from '../fakes/discord/index.ts';
import { startMarraine, type RunningMarraine } from './marraine-process.ts';
import { fittingMentee, fittingMentor } from './answers.ts';

const token = 'crash-rounds-token';
const mentee = fittingMentee;
const mentor = fittingMentor();
const userOf = (n: number, kind: 'mentee' | 'mentor') => ({
  id: String(500_000_000_000_000_000n + BigInt(kind === 'mentee' ? 2 * n : 2 * n + 1)),
  username: `${kind}${n}`,
});

export interface CrashRoundsResult {
  rounds: number;
  acknowledged: { requests: number; offers: number; choices: number };
  /** Acknowledged records missing + messages lost + messages sent more than once. */
  lost: number;
  problems: string[];
  /** Messages Discord received from the outbox. */
  delivered: number;
  ms: number;
  /** How long each start took, to the bot's gateway session. */
  startMs: number[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashRounds(options: {
  rounds: number;
  templateFile: string;
  random?: () => number;
}): Promise<CrashRoundsResult> {
  const random = options.random ?? Math.random;
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'marraine-crash-rounds-'));
  const dataDir = join(root, 'data');
  const fake: FakeDiscord = await startFakeDiscord({ token });
  const guild = fake.guilds[0]!;
  const problems: string[] = [];
  try {
    // The data folder starts as the migrated template, seeded with one mentor per mentee.
    await mkdir(dataDir);
    const template = await PGlite.create({
      dataDir: join(dataDir, 'pglite'),
      loadDataDir: new Blob([await readFile(options.templateFile)]),
    });
    await template.close();
    const mentorIds: string[] = [];
    let communityId = '';
    {
      const database = await openDatabase({ kind: 'embedded', dataDir });
      try {
        const store = createStore(database.prisma);
        const community = await store.communities.ensure({
          platform: 'discord',
          externalId: guild.id,
          name: 'Duchess',
        });
        communityId = community.id;
        await store.communities.update(community.id, {
          settings: {
            ...community.settings,
            channels: { ...community.settings.channels, matching: guild.channelId('general') },
          },
        });
        for (let n = 0; n < options.rounds; n += 1) {
          for (const kind of ['mentee', 'mentor'] as const) {
            const user = userOf(n, kind);
            const member = await store.members.ensure({
              communityId: community.id,
              externalUserId: user.id,
              displayName: user.username,
              locale: 'fr',
            });
            await store.profiles.save({
              memberId: member.id,
              communityId: community.id,
              questionnaireVersion: 1,
              answers: kind === 'mentee' ? mentee : mentor,
              pendingInput: {},
              consentedAt: new Date(),
              completedAt: new Date(),
            });
            if (kind === 'mentor') mentorIds.push(member.id);
          }
        }
      } finally {
        await database.close();
      }
    }

    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    };
    const acked = { requests: new Set<number>(), offers: new Set<string>(), choices: new Set<string>() };
    const clicked = new Set<string>();
    const buttonsIn = (userId: string, prefix: string) =>
      fake
        .directMessages(userId)
        .flatMap((m) =>
          [...JSON.stringify(m.components).matchAll(/"custom_id":"([^"]+)"/g)]
            .map((x) => x[1]!)
            .filter((id) => id.includes(prefix)),
        );

    /** Every step that is possible now, each resolving with whether the bot acknowledged it. */
    let pass = 0;
    function steps(requesting: number[]): Promise<void>[] {
      const work: Promise<void>[] = [];
      pass += 1;
      const thisPass = pass;
      const answer = async (
        payload: Parameters<FakeDiscord['interact']>[0],
        acknowledged: (content: string) => boolean,
        record: () => void,
      ) => {
        // A member whose bot was killed mid-way does not carry on with the next one.
        if (thisPass !== pass) return;
        const handle = await fake.interact(payload);
        const callback = await handle.callback(15_000).catch(() => undefined);
        if (!callback || callback.status >= 300) {
          return;
        }
        let content = (callback.body as { data?: { content?: string } } | undefined)?.data?.content ?? '';
        // A slow answer is deferred first: what she is told comes through the interaction's token,
        // as the edit of that reply or of the message clicked, or as a follow-up.
        const answered = () =>
          fake.requests.find(
            (r) => (toOriginal(handle.token)(r) || toFollowUp(fake.applicationId, handle.token)(r)) && r.status < 300,
          );
        const deadline = Date.now() + 4_000;
        while (
          !acknowledged(content) &&
          [5, 6].includes((callback.body as { type?: number }).type ?? 0) &&
          Date.now() < deadline
        ) {
          await pause(50);
          content = (answered()?.body as { content?: string } | undefined)?.content ?? '';
        }
        if (acknowledged(content)) record();
      };
      for (const round of requesting.filter((r) => !acked.requests.has(r))) {
        const user = userOf(round, 'mentee');
        const where = { guildId: guild.id, channelId: guild.channelId('general'), user, locale: 'fr' as const };
        // As she would: her suggestions, the button of her mentor, then the form it opens.
        const asked = (async () => {
          await answer(
            chatInputInteraction({ ...where, subcommand: 'mentors' }),
            () => false,
            () => {},
          );
          await answer(
            buttonInteraction({ ...where, customId: `mentors:ask:${mentorIds[round]}` }),
            () => false,
            () => {},
          );
        })();
        work.push(
          asked.then(() =>
            answer(
              modalSubmitInteraction({
                ...where,
                customId: `mentors:send:${mentorIds[round]}`,
                fields: { message: `Bonjour ${round}` },
              }),
              (content) => content.includes('Demande envoyée'),
              () => acked.requests.add(round),
            ),
          ),
        );
      }
      for (let n = 0; n < options.rounds; n += 1) {
        for (const [kind, prefix, done, said] of [
          ['mentor', 'requests:offer:', acked.offers, 'est prévenue'],
          ['mentee', 'mentors:choose:', acked.choices, 'C’est fait'],
        ] as const) {
          const user = userOf(n, kind);
          for (const id of buttonsIn(user.id, prefix)) {
            if (done.has(id) || clicked.has(`${pass}:${id}`)) continue;
            clicked.add(`${pass}:${id}`);
            work.push(
              answer(
                buttonInteraction({ user, customId: id, locale: 'fr' }),
                (content) => content.includes(said),
                () => done.add(id),
              ),
            );
          }
        }
      }
      return work;
    }

    const startMs: number[] = [];
    const start = async () => {
      const begun = Date.now();
      const child = startMarraine(env);
      await fake.ready(60_000);
      startMs.push(Date.now() - begun);
      return child;
    };
    let running: RunningMarraine | undefined;
    for (let round = 0; round < options.rounds; round += 1) {
      running = await start();
      const work = steps([round]);
      // Killed at a random moment: before, during or after the answers and the messages they queue.
      await pause(Math.floor(random() * 2_500));
      const run = await running.kill('SIGKILL');
      // Answers already sent are recorded by now; those not sent never will be.
      await Promise.race([Promise.allSettled(work), pause(300)]);
      pass += 1;
      if (run.code !== null)
        problems.push(`round ${round}: the bot had exited by itself (${run.code}): ${run.stderr.slice(0, 300)}`);
    }

    // One last run, left to finish: every queued message must go out, then a clean stop.
    running = await start();
    // What no round got acknowledged is asked again, and the offers and choices that follow.
    await Promise.allSettled(steps([...Array(options.rounds).keys()]));
    // An offer's message to her, with its choose button, comes through the outbox at Discord's
    // pace: each pass waits for what was queued, then clicks what it brought, until a pass
    // gets nothing more acknowledged.
    const total = () => acked.requests.size + acked.offers.size + acked.choices.size;
    for (let passes = 0; passes < 5; passes += 1) {
      await waitForEmptyOutbox(fake, 60_000);
      const before = total();
      await Promise.allSettled(steps([]));
      if (total() === before) break;
    }
    const database = async () => openDatabase({ kind: 'embedded', dataDir });
    await waitForEmptyOutbox(fake, 60_000);
    const stopped = await running.kill('SIGTERM');
    if (stopped.code !== 0)
      problems.push(`the last run did not stop cleanly (${stopped.code}): ${stopped.stderr.slice(0, 300)}`);

    const db = await database();
    let delivered = 0;
    try {
      const requests = await db.prisma.mentorshipRequest.findMany({
        where: { communityId },
        include: { mentee: true },
      });
      for (const round of acked.requests) {
        if (!requests.some((r) => r.mentee.externalUserId === userOf(round, 'mentee').id))
          problems.push(`request of round ${round} acknowledged but not stored`);
      }
      for (const id of acked.offers) {
        const requestId = id.split(':').at(-1)!;
        const request = requests.find((r) => r.id === requestId);
        if (!request || request.status === 'pending')
          problems.push(`offer ${id} acknowledged but the request is ${request?.status ?? 'missing'}`);
      }
      const pairs = await db.prisma.pair.count({ where: { communityId } });
      if (pairs < acked.choices.size)
        problems.push(`${acked.choices.size} choices acknowledged, ${pairs} pairs stored`);
      const rows = await db.prisma.outboxMessage.findMany({
        where: { communityId },
        select: { id: true, key: true, status: true, target: true },
      });
      const messages = fake.messages().filter((m) => m.source === 'channel');
      for (const row of rows) {
        const sent = messages.filter((m) => m.nonce === nonceOf(row)).length;
        if ((row.target as { kind?: string }).kind === 'edit') continue;
        if (row.status !== 'sent') problems.push(`message ${row.key} still ${row.status} after the last run`);
        else if (sent !== 1) problems.push(`message ${row.key} reached Discord ${sent} times`);
        delivered += sent;
      }
    } finally {
      await db.close();
    }
    return {
      rounds: options.rounds,
      acknowledged: { requests: acked.requests.size, offers: acked.offers.size, choices: acked.choices.size },
      lost: problems.filter((p) => !p.startsWith('the last run') && !p.includes('exited by itself')).length,
      problems,
      delivered,
      ms: Date.now() - started,
      startMs,
    };
  } finally {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Until the bot has sent every queued message: the fake sees no new post for a while and the rows say so. */
async function waitForEmptyOutbox(fake: FakeDiscord, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const now = fake.requests.length;
    if (now !== count) {
      count = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 2_000) return;
    await pause(100);
  }
}
