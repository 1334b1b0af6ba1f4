import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { publicationJobs } from '../../src/core/posts/publication-job.ts';
import { SlotTakenError } from '../../src/core/posts/publication-ports.ts';
import type { Store } from '../../src/core/store.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/outbox-platform.ts';
import { person, post, postsCommunity, tinyPng } from '../support/publication-seed.ts';

/**
 * The daily publication, driven by the scheduler's tick and a test clock, in a community
 * of Montréal (UTC−5 in January: 12:00 local is 17:00 UTC).
 */
describeEachDatabase('daily publication', (kind) => {
  let database: Database;
  let store: Store;
  const clock = createManualClock('2026-01-06T12:00:00Z');
  const errors: unknown[] = [];
  const logger = { ...silentLogger, error: (details: object) => void errors.push(details) };
  let tick: () => Promise<{ enqueued: number }>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    const scheduler = createScheduler({ store, clock, logger, sources: [], jobs: publicationJobs });
    tick = () => scheduler.tick();
  });
  afterAll(() => database?.close());

  const rows = async (community: Community) =>
    (
      await database.prisma.outboxMessage.findMany({ where: { communityId: community.id }, orderBy: { key: 'asc' } })
    ).map((r) => ({ key: r.key, target: r.target, message: r.message as { text: string; files?: unknown[] } }));
  const published = async (community: Community) =>
    (
      await database.prisma.submission.findMany({
        where: { communityId: community.id, status: 'published' },
        orderBy: [{ publishedAt: 'asc' }, { publishSlot: 'asc' }],
      })
    ).map((s) => ({
      caption: s.caption,
      on: s.publishedOn?.toISOString().slice(0, 10),
      slot: s.publishSlot,
    }));

  it('publishes the oldest approved post at 12:00 local, not before, with its image and a DM to her', async () => {
    const community = await postsCommunity(store, `G-noon-${kind}`);
    const [ada, bea] = [await person(store, community, 'ada'), await person(store, community, 'bea')];
    const image = await store.files.put(tinyPng, 'image/png');
    const first = await post(database.prisma, community, bea, {
      caption: 'Bea au clavier',
      rank: 1,
      image,
      createdAt: new Date('2026-01-02T10:00:00Z'),
    });
    await post(database.prisma, community, ada, { caption: 'Ada en meetup', rank: 2 });

    clock.set('2026-01-06T16:59:00Z');
    await tick();
    expect(await published(community)).toEqual([]);
    expect(await rows(community)).toEqual([]);

    clock.set('2026-01-06T17:00:00Z');
    await tick();
    await tick();
    expect(await published(community)).toEqual([{ caption: 'Bea au clavier', on: '2026-01-06', slot: 0 }]);
    const queued = await rows(community);
    expect(queued.map((r) => [r.key, r.target])).toEqual([
      ['posts.publish:2026-01-06:0', { kind: 'channel', channelId: 'C-show' }],
      [`publish.dm:${first}`, { kind: 'dm', userId: 'bea' }],
    ]);
    expect(queued[0]?.message.text).toContain('Bea au clavier');
    expect(queued[0]?.message.files).toEqual([
      { sha256: image.sha256, name: 'photo.png', mime: 'image/png', description: 'Moi en train de coder' },
    ]);
    expect(queued[1]?.message.text).toContain('<#C-show>');
    const audit = await store.auditLog.list(community.id, { action: 'posts.published' });
    expect(audit.map((a) => a.details)).toEqual([{ day: '2026-01-06', slot: 0 }]);
    expect(errors).toEqual([]);
  });

  it('never publishes the same author twice in a row: her next post waits, and the moderators are told once', async () => {
    const community = await postsCommunity(store, `G-authors-${kind}`);
    const [ada, bea] = [await person(store, community, 'ada'), await person(store, community, 'bea')];
    await post(database.prisma, community, ada, { caption: 'ada 1', rank: 1 });
    await post(database.prisma, community, ada, { caption: 'ada 2', rank: 2 });
    await post(database.prisma, community, bea, { caption: 'bea 1', rank: 3 });

    for (const day of ['07', '08', '09']) {
      clock.set(`2026-01-${day}T17:05:00Z`);
      await tick();
    }
    // ada 2 is older than bea 1 in the queue, but ada was just published.
    expect((await published(community)).map((p) => p.caption)).toEqual(['ada 1', 'bea 1', 'ada 2']);

    await post(database.prisma, community, ada, { caption: 'ada 3', rank: 4 });
    clock.set('2026-01-10T17:05:00Z');
    await tick();
    clock.set('2026-01-10T18:05:00Z');
    await tick();
    expect((await published(community)).map((p) => p.caption)).toEqual(['ada 1', 'bea 1', 'ada 2']);
    const waiting = (await rows(community)).filter((r) => r.key.startsWith('publish.waiting:'));
    expect(waiting.map((r) => [r.key, r.target])).toEqual([
      ['publish.waiting:2026-01-10:0', { kind: 'channel', channelId: 'C-mod' }],
    ]);

    // Another author's post arrives: published within the same local day.
    await post(database.prisma, community, bea, { caption: 'bea 2', rank: 5 });
    clock.set('2026-01-10T18:06:00Z');
    await tick();
    expect((await published(community)).map((p) => p.caption)).toEqual(['ada 1', 'bea 1', 'ada 2', 'bea 2']);
  });

  it('catches up after a restart: a tick at 14:30 publishes the 12:00 post, once', async () => {
    const community = await postsCommunity(store, `G-restart-${kind}`);
    const ada = await person(store, community, 'ada');
    await post(database.prisma, community, ada, { caption: 'rattrapage', rank: 1 });
    await post(database.prisma, community, ada, { caption: 'demain', rank: 2 });
    clock.set('2026-01-12T19:30:00Z');
    // A fresh scheduler, as after a restart.
    await createScheduler({ store, clock, logger, sources: [], jobs: publicationJobs }).tick();
    clock.set('2026-01-12T19:31:00Z');
    await tick();
    expect(await published(community)).toEqual([{ caption: 'rattrapage', on: '2026-01-12', slot: 0 }]);
    expect((await rows(community)).filter((r) => r.key.startsWith('posts.publish')).map((r) => r.key)).toEqual([
      'posts.publish:2026-01-12:0',
    ]);
    // The next local day begins at 05:00 UTC: its post waits for its own noon, not yesterday's.
    clock.set('2026-01-13T06:00:00Z');
    await tick();
    expect(await published(community)).toHaveLength(1);
  });

  it('publishes nothing on a skipped day, and carries on the day after', async () => {
    const community = await postsCommunity(store, `G-skip-${kind}`);
    const [ada, bea] = [await person(store, community, 'ada'), await person(store, community, 'bea')];
    await post(database.prisma, community, ada, { caption: 'après la pause', rank: 1 });
    await post(database.prisma, community, bea, { caption: 'ensuite', rank: 2 });
    await store.publication.addSkip(community.id, '2026-01-14', ada.id);
    clock.set('2026-01-14T20:00:00Z');
    await tick();
    expect(await published(community)).toEqual([]);
    clock.set('2026-01-15T17:00:00Z');
    await tick();
    expect(await published(community)).toEqual([{ caption: 'après la pause', on: '2026-01-15', slot: 0 }]);
  });

  it('publishes two a day in slots 0 and 1 when set so, by different authors', async () => {
    const community = await postsCommunity(store, `G-two-${kind}`, { posts: { perDay: 2 } });
    const [ada, bea] = [await person(store, community, 'ada'), await person(store, community, 'bea')];
    await post(database.prisma, community, ada, { caption: 'a1', rank: 1 });
    await post(database.prisma, community, ada, { caption: 'a2', rank: 2 });
    await post(database.prisma, community, bea, { caption: 'b1', rank: 3 });
    await post(database.prisma, community, bea, { caption: 'b2', rank: 4 });
    clock.set('2026-01-16T17:00:00Z');
    await tick();
    expect(await published(community)).toEqual([
      { caption: 'a1', on: '2026-01-16', slot: 0 },
      { caption: 'b1', on: '2026-01-16', slot: 1 },
    ]);
    expect((await rows(community)).filter((r) => r.key.startsWith('posts.publish')).map((r) => r.key)).toEqual([
      'posts.publish:2026-01-16:0',
      'posts.publish:2026-01-16:1',
    ]);
  });

  it('without a showcase channel, publishes nothing and tells the moderation queue once that day', async () => {
    const community = await postsCommunity(store, `G-noshow-${kind}`, { channels: { moderationQueue: 'C-mod' } });
    const ada = await person(store, community, 'ada');
    await post(database.prisma, community, ada, { rank: 1 });
    clock.set('2026-01-17T17:00:00Z');
    await tick();
    clock.set('2026-01-17T18:00:00Z');
    await tick();
    expect(await published(community)).toEqual([]);
    const queued = await rows(community);
    expect(queued.map((r) => [r.key, r.target])).toEqual([
      ['publish.noShowcase:2026-01-17', { kind: 'channel', channelId: 'C-mod' }],
    ]);
    expect(queued[0]?.message.text).toContain('salon vitrine');
  });

  it('tells the moderators once, at the hour, that tomorrow’s queue is empty', async () => {
    const community = await postsCommunity(store, `G-empty-${kind}`);
    const ada = await person(store, community, 'ada');
    await post(database.prisma, community, ada, { caption: 'la dernière', rank: 1 });
    clock.set('2026-01-19T16:00:00Z');
    await tick();
    expect(await rows(community)).toEqual([]);
    clock.set('2026-01-19T17:00:00Z');
    await tick();
    clock.set('2026-01-19T21:00:00Z');
    await tick();
    const queued = await rows(community);
    expect(queued.map((r) => r.key)).toEqual([
      'posts.publish:2026-01-19:0',
      expect.stringMatching(/^publish\.dm:/),
      'publish.empty:2026-01-20',
    ]);
    const empty = queued.find((r) => r.key === 'publish.empty:2026-01-20');
    expect(empty?.target).toEqual({ kind: 'channel', channelId: 'C-mod' });
    expect(empty?.message.text).toContain('mardi 20 janvier 2026');
    expect(empty?.message.text).toContain('0 publication sur 1');
  });

  it('refuses a second post in a taken slot (the unique index), as SlotTakenError', async () => {
    const community = await postsCommunity(store, `G-slot-${kind}`);
    const [ada, bea] = [await person(store, community, 'ada'), await person(store, community, 'bea')];
    const [a, b] = [
      await post(database.prisma, community, ada, { rank: 1 }),
      await post(database.prisma, community, bea, { rank: 2 }),
    ];
    const at = new Date('2026-01-21T17:00:00Z');
    expect(await store.transaction((repos) => repos.publication.publish(a, { day: '2026-01-21', slot: 0, at }))).toBe(
      true,
    );
    await expect(
      store.transaction((repos) => repos.publication.publish(b, { day: '2026-01-21', slot: 0, at })),
    ).rejects.toBeInstanceOf(SlotTakenError);
    // Outside the daily slots (publish now), any number a day.
    expect(
      await store.transaction((repos) => repos.publication.publish(b, { day: '2026-01-21', slot: null, at })),
    ).toBe(true);
  });

  it('tells the moderators once when a publication failed for good', async () => {
    const community = await postsCommunity(store, `G-failed-${kind}`);
    const key = 'posts.publish:2026-01-22:0';
    await store.outbox.enqueue({
      communityId: community.id,
      platform: 'discord',
      key,
      target: { kind: 'channel', channelId: 'C-show' },
      message: { text: 'post' },
      availableAt: clock.now(),
    });
    await database.prisma.outboxMessage.updateMany({
      where: { communityId: community.id, key },
      data: { status: 'failed', lastError: 'Missing Access' },
    });
    clock.set('2026-01-22T18:00:00Z');
    await tick();
    await tick();
    const notices = (await rows(community)).filter((r) => r.key.startsWith('publish.failed:'));
    expect(notices.map((r) => [r.key, r.target])).toEqual([
      [`publish.failed:${key}`, { kind: 'channel', channelId: 'C-mod' }],
    ]);
    expect(notices[0]?.message.text).toContain('jeudi 22 janvier 2026');
  });

  it('runs each scheduled job in its own error boundary: one failing holds up neither the others nor other communities', async () => {
    await postsCommunity(store, `G-jobs-${kind}`);
    const seen: string[] = [];
    const failures: { job?: string }[] = [];
    const jobs = [
      { name: 'broken', run: async () => Promise.reject(new Error('boom')) },
      { name: 'counting', run: async ({ community }: { community: Community }) => (seen.push(community.id), 1) },
    ];
    const scheduler = createScheduler({
      store,
      clock,
      logger: { ...silentLogger, error: (details: object) => void failures.push(details) },
      sources: [],
      jobs,
    });
    const communities = await store.nudges.communities();
    expect(await scheduler.tick()).toEqual({ enqueued: communities.length });
    expect(seen).toEqual(communities.map((c) => c.id));
    expect(failures.map((f) => f.job)).toEqual(communities.map(() => 'broken'));
  });
});
