import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Member } from '../../src/core/community.ts';
import { UserError } from '../../src/core/errors.ts';
import { publicationJobs } from '../../src/core/posts/publication-job.ts';
import { createPublicationService } from '../../src/core/posts/publication.ts';
import { SlotTakenError } from '../../src/core/posts/publication-ports.ts';
import type { Store } from '../../src/core/store.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { silentLogger } from '../support/outbox-platform.ts';
import { createPostgresTwins } from '../support/postgres-twins.ts';
import { person, post, postsCommunity } from '../support/publication-seed.ts';

/**
 * Two bot instances on one PostgreSQL (two pools, real concurrent transactions): each
 * slot gets one post and each message one outbox row, and a moderator's "publish now"
 * racing the daily job publishes the post once. (PGlite runs one statement at a time.)
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('publication on two instances at once (PostgreSQL)', () => {
  let twins: Awaited<ReturnType<typeof createPostgresTwins>>;
  let stores: Store[];
  const errors: unknown[] = [];
  const logger = { ...silentLogger, error: (details: object) => void errors.push(details) };

  beforeAll(async () => {
    twins = await createPostgresTwins();
    stores = [createStore(twins.first.prisma), createStore(twins.second.prisma)];
  });
  afterAll(() => twins?.close());

  it('two schedulers ticking together for 12 days publish one post per slot, each message once', async () => {
    const clock = createManualClock('2026-02-02T17:00:00Z');
    const community = await postsCommunity(stores[0]!, 'G-twins', { posts: { perDay: 2 } });
    const authors = await Promise.all(['ada', 'bea', 'cleo'].map((name) => person(stores[0]!, community, name)));
    for (let i = 0; i < 30; i += 1)
      await post(twins.first.prisma, community, authors[i % 3]!, { caption: `post ${i}`, rank: i });
    const schedulers = stores.map((store) =>
      createScheduler({ store, clock, logger, sources: [], jobs: publicationJobs }),
    );
    for (let day = 0; day < 12; day += 1) {
      clock.set(new Date(Date.parse('2026-02-02T17:00:00Z') + day * 86_400_000));
      await Promise.all(schedulers.map((s) => s.tick()));
    }
    const published = await twins.first.prisma.submission.findMany({
      where: { communityId: community.id, status: 'published' },
      orderBy: [{ publishedOn: 'asc' }, { publishSlot: 'asc' }],
    });
    expect(published).toHaveLength(24);
    const slots = published.map((s) => `${s.publishedOn?.toISOString().slice(0, 10)}:${s.publishSlot}`);
    expect(new Set(slots).size).toBe(24);
    // Never the same author twice in a row.
    for (let i = 1; i < published.length; i += 1) expect(published[i]!.authorId).not.toBe(published[i - 1]!.authorId);
    const showcase = await twins.first.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: 'posts.publish:' } },
    });
    expect(showcase).toHaveLength(24);
    // Each post's caption in exactly one showcase message.
    for (const s of published)
      expect(showcase.filter((row) => JSON.stringify(row.message).includes(`${s.caption}\uE001`))).toHaveLength(1);
    expect(
      await twins.first.prisma.outboxMessage.count({
        where: { communityId: community.id, key: { startsWith: 'publish.dm:' } },
      }),
    ).toBe(24);
    expect(errors).toEqual([]);
  });

  it('a moderator’s "publish now" racing the daily job publishes the post once', async () => {
    const clock = createManualClock('2026-03-02T17:00:00Z');
    const community = await postsCommunity(stores[0]!, 'G-now', { moderatorUsers: ['mod'] });
    const [ada, bea, mod] = (await Promise.all(
      ['ada', 'bea', 'mod'].map((name) => person(stores[0]!, community, name)),
    )) as [Member, Member, Member];
    const daily = createPublicationService({ store: stores[0]!, clock });
    const service = createPublicationService({ store: stores[1]!, clock });
    for (let run = 0; run < 16; run += 1) {
      clock.set(new Date(Date.parse('2026-03-02T17:00:00Z') + run * 86_400_000));
      const head = await post(twins.first.prisma, community, run % 2 ? ada : bea, {
        caption: `tête ${run}`,
        rank: -run,
      });
      const [outcome] = await Promise.all([
        // A random head start of 0–5 ms for one side, so both orders come up.
        sleep(Math.floor(Math.random() * 6))
          .then(() => service.publishNow(community, mod, head))
          .then(
            () => 'now',
            (error: unknown) => (error instanceof UserError ? error.text.key : Promise.reject(error)),
          ),
        sleep(Math.floor(Math.random() * 6)).then(() => daily.runDaily(community, clock.now())),
      ]);
      const rows = await twins.first.prisma.outboxMessage.findMany({ where: { communityId: community.id } });
      const showing = rows.filter(
        (row) => row.key.startsWith('posts.publish') && JSON.stringify(row.message).includes(`tête ${run}\uE001`),
      );
      expect(showing, `run ${run}: ${outcome}`).toHaveLength(1);
      expect(showing[0]!.key).toBe(
        outcome === 'now' ? `posts.publish-now:${head}` : `posts.publish:${clock.now().toISOString().slice(0, 10)}:0`,
      );
      if (outcome !== 'now') expect(outcome).toBe('publish.error.alreadyPublished');
      expect(rows.filter((row) => row.key === `publish.dm:${head}`)).toHaveLength(1);
    }
    expect(errors).toEqual([]);
  });

  it('without the community lock, the unique index alone still lets one post into a slot', async () => {
    const community = await postsCommunity(stores[0]!, 'G-index');
    const [ada, bea] = await Promise.all(['ada', 'bea'].map((name) => person(stores[0]!, community, name)));
    const ids = [
      await post(twins.first.prisma, community, ada!, { rank: 1 }),
      await post(twins.first.prisma, community, bea!, { rank: 2 }),
    ];
    const at = new Date('2026-04-01T17:00:00Z');
    const outcomes = await Promise.all(
      ids.map((id, i) =>
        stores[i]!.transaction((repos) => repos.publication.publish(id, { day: '2026-04-01', slot: 0, at })).then(
          (done) => (done ? 'published' : 'not approved'),
          (error: unknown) => (error instanceof SlotTakenError ? 'slot taken' : Promise.reject(error)),
        ),
      ),
    );
    expect(outcomes.sort()).toEqual(['published', 'slot taken']);
    expect(
      await twins.first.prisma.submission.count({ where: { communityId: community.id, status: 'published' } }),
    ).toBe(1);
  });
});
