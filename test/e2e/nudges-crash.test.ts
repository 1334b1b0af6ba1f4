import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startMarraine } from '../support/marraine-process.ts';
import { menteeUserId, mentorUserId, seedPairs } from '../support/nudge-seed.ts';

const pairs = 200;
const nudges = pairs * 2;
const token = 'crash-token';
const dmPost = (method: string, path: string) => method === 'POST' && /^\/channels\/\d+\/messages$/.test(path);

/** A whole-hour zone where it is now about noon: today's check-ins are due (10:00) and not in quiet hours (21:00-08:00). */
function zoneAtNoon(now: Date): string {
  let offset = 12 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // Etc/GMT zones count the other way round: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const openData = (dataDir: string) => openDatabase({ kind: 'embedded', dataDir });

/**
 * The real bot, as `npm start` runs it, against the local Discord with its own data folder.
 * 400 check-ins are due when it starts; it is killed (SIGKILL) with one message taken by
 * Discord but not yet acknowledged, and started again: Discord holds each check-in once.
 */
describe('nudges survive a crash mid-send', () => {
  let root: string;
  let dataDir: string;
  let fake: FakeDiscord;
  let communityId: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marraine-nudges-crash-'));
    dataDir = join(root, 'data');
    fake = await startFakeDiscord({ token });
    const now = new Date();
    const timeZone = zoneAtNoon(now);
    // The data folder starts as the suite's migrated template, as a bot's folder would be after its first start.
    await mkdir(dataDir);
    const template = await PGlite.create({
      dataDir: join(dataDir, 'pglite'),
      loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]),
    });
    await template.close();
    const database = await openData(dataDir);
    try {
      const community = await createStore(database.prisma).communities.ensure({
        platform: 'discord',
        externalId: fake.guilds[0]!.id,
        name: 'Duchess',
        timeZone,
      });
      communityId = community.id;
      // Started three weeks ago to the hour in their zone: the first check-in is due today.
      await seedPairs(database.prisma, {
        communityId,
        count: pairs,
        startedAt: new Date(now.getTime() - 21 * 86_400_000),
        timeZone,
      });
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DISCORD_TOKEN: token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });
  const posts = () => fake.requests.filter((r) => dmPost(r.method, r.path)).length;
  const recipients = () => new Set(fake.messages().flatMap((m) => (m.recipientId ? [m.recipientId] : []))).size;
  const rowsOf = (database: Database) =>
    database.prisma.$queryRawUnsafe<{ key: string; status: string; started: boolean }[]>(
      `SELECT key, status::text AS status, (progress ? 'startedAt') AS started FROM outbox_messages WHERE community_id = $1::uuid`,
      communityId,
    );

  it('sends each of 400 due check-ins exactly once across a SIGKILL and a restart', async () => {
    // Somewhere between 50 and 250 sent, the next message is taken by Discord and its answer never comes.
    const killAfter = 50 + Math.floor(Math.random() * 200);
    const first = startMarraine(env());
    await expect.poll(posts, { timeout: 40_000, interval: 5 }).toBeGreaterThanOrEqual(killAfter);
    let heldAt: number | undefined;
    // The matcher notes how many posts came before the one it holds, to know when that one is in.
    fake.holdNext((method, path) => dmPost(method, path) && (heldAt = posts()) !== undefined, {
      accept: true,
      ms: null,
    });
    await expect.poll(() => heldAt !== undefined && posts() > heldAt, { timeout: 10_000, interval: 5 }).toBe(true);
    const crashed = await first.kill('SIGKILL');
    expect(crashed.code).toBeNull();
    const delivered = fake.messages().length;
    expect(delivered, `killed after ${killAfter} posts`).toBeLessThan(nudges);

    const afterCrash = await openData(dataDir);
    try {
      const rows = await rowsOf(afterCrash);
      expect(rows).toHaveLength(nudges);
      const sent = rows.filter((r) => r.status === 'sent').length;
      // The held message is on Discord but the database cannot know it: its row was mid-send.
      expect(sent).toBeLessThan(delivered);
      expect(rows.some((r) => r.status === 'sending' && r.started)).toBe(true);
      // Their leases still run for up to a minute: the restart (the only process on this folder) ends them itself.
      expect(rows.some((r) => r.status === 'sending')).toBe(true);
    } finally {
      await afterCrash.close();
    }

    const second = startMarraine(env());
    await expect.poll(recipients, { timeout: 45_000, interval: 50 }).toBe(nudges);
    // A host's clean stop: the sender finishes what it holds, then nothing more can be sent.
    const stopped = await second.kill('SIGTERM');
    expect(stopped.stderr).toBe('');
    expect(stopped.code).toBe(0);

    const afterRestart = await openData(dataDir);
    try {
      const rows = await rowsOf(afterRestart);
      expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
      expect(rows.filter((r) => r.key.startsWith('checkin:'))).toHaveLength(nudges);
    } finally {
      await afterRestart.close();
    }

    const perRecipient = new Map<string, string[]>();
    for (const m of fake.messages())
      if (m.recipientId) perRecipient.set(m.recipientId, [...(perRecipient.get(m.recipientId) ?? []), m.content]);
    for (let n = 1; n <= pairs; n += 1) {
      for (const userId of [menteeUserId(n), mentorUserId(n)]) {
        expect(perRecipient.get(userId)?.length, `check-ins to ${userId}`).toBe(1);
        expect(perRecipient.get(userId)![0]).toContain('avez-vous réussi à vous voir');
      }
    }
    expect(fake.messages()).toHaveLength(nudges);
  }, 120_000);
});
