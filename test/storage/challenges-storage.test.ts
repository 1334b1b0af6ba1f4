import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChallengeService } from '../../src/core/challenges/challenge-service.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { UserError } from '../../src/core/errors.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { person, post, postsCommunity } from '../support/publication-seed.ts';

/** The challenges table: one open challenge per pair of people, closing by her post, and the limit of 3 under concurrency. */
describeEachDatabase('challenges storage', (kind) => {
  let database: Database;
  let store: Store;
  let community: Community;
  let ana: Member, bia: Member;
  const clock = createManualClock('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    community = await postsCommunity(store, 'G-challenges');
    [ana, bia] = [await person(store, community, 'ana'), await person(store, community, 'bia')];
  });
  afterAll(() => database?.close());

  it('keeps one open challenge from one person to another, and closes all of hers with her post', async () => {
    const input = { communityId: community.id, challengerId: ana.id, challengedId: bia.id, createdAt: clock.now() };
    const first = await store.challenges.create(input);
    expect(first).toMatchObject({ status: 'open', submissionId: null });
    // A second one in the same transaction: nothing, and the transaction goes on.
    expect(
      await store.transaction(async (repos) => [
        await repos.challenges.create(input),
        await repos.challenges.openCountBy(ana.id),
      ]),
    ).toEqual([null, 1]);
    const cyd = await person(store, community, 'cyd');
    await store.challenges.create({ ...input, challengerId: cyd.id });
    const postId = await post(database.prisma, community, bia, { status: 'published' });
    const closed = await store.challenges.closeOpenTo(bia.id, postId, clock.now());
    expect(closed.map((c) => [c.challengerId, c.status, c.submissionId])).toEqual([
      [ana.id, 'closed', postId],
      [cyd.id, 'closed', postId],
    ]);
    expect(await store.challenges.openBetween(ana.id, bia.id)).toBeNull();
    // Closed, she may be challenged again by the same person.
    expect(await store.challenges.create(input)).toMatchObject({ status: 'open' });
  });

  it.runIf(kind === 'PostgreSQL')('sends at most 3 open challenges even when 6 are sent at once', async () => {
    const service = createChallengeService({ store, clock });
    const zoe = await person(store, community, 'zoe');
    const outcomes = await Promise.all(
      ['t1', 't2', 't3', 't4', 't5', 't6'].map((to) =>
        service.challenge(community, zoe, { externalUserId: to, isBot: false }).then(
          () => 'sent',
          (error: unknown) => (error instanceof UserError ? error.text.key : Promise.reject(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(3);
    expect(outcomes.filter((o) => o !== 'sent')).toEqual([
      'challenge.error.tooMany',
      'challenge.error.tooMany',
      'challenge.error.tooMany',
    ]);
    expect(await store.challenges.openCountBy(zoe.id)).toBe(3);
    expect(
      await database.prisma.outboxMessage.count({
        where: { communityId: community.id, key: { startsWith: 'challenge.invite:' } },
      }),
    ).toBe(3);
  });
});
