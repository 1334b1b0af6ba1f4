import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCircleService, type CircleService } from '../../src/core/circles/circle-service.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson } from '../support/matching-fixtures.ts';

const peer: Answers = {
  role: 'peer',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change'],
  hoursPerMonth: 4,
  consent: true,
};

/**
 * Joins launched at once on a real PostgreSQL, whose pool gives each its own connection:
 * whatever the interleaving, nobody ends up in two circles, every circle holds 3 or 4,
 * and each join succeeds. (The embedded PGlite runs one statement at a time: it cannot race.)
 */
const runs = 8;

describe.skipIf(!process.env.TEST_DATABASE_URL)('circle races on concurrent connections (PostgreSQL)', () => {
  let database: Database;
  let circles: CircleService;
  let community: Community;
  let waiting: Member[];
  let newcomers: Member[];
  const clock = createManualClock('2026-06-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase('PostgreSQL');
    const store = createStore(database.prisma);
    circles = createCircleService({ store, clock });
    const made = await store.communities.ensure({ platform: 'slack', externalId: 'T-circle-races', name: 'Duchess' });
    community = await store.communities.update(made.id, {
      settings: { ...made.settings, channels: { matching: 'C-match' } },
    });
    waiting = await Promise.all(['ada', 'bea', 'cam'].map((name) => createPerson(store, community, name, peer)));
    newcomers = await Promise.all(
      ['dan', 'eve', 'fay', 'gil'].map((name) => createPerson(store, community, name, peer)),
    );
  });
  afterAll(() => database?.close());

  async function reset() {
    await database.prisma.$executeRawUnsafe(
      `WITH c AS (DELETE FROM circles WHERE community_id = $1::uuid), o AS (DELETE FROM outbox_messages WHERE community_id = $1::uuid)
       DELETE FROM circle_requests WHERE community_id = $1::uuid`,
      community.id,
    );
    for (const member of waiting) await circles.join(community, member);
  }

  async function check(expectedCircles: number) {
    const memberships = await database.prisma.circleMember.findMany({
      where: { leftAt: null, circle: { communityId: community.id } },
    });
    const ids = memberships.map((m) => m.memberId);
    expect(new Set(ids).size).toBe(ids.length);
    const sizes = await database.prisma.circleMember.groupBy({
      by: ['circleId'],
      where: { leftAt: null, circle: { communityId: community.id } },
      _count: { _all: true },
    });
    expect(sizes).toHaveLength(expectedCircles);
    for (const size of sizes) expect(size._count._all === 3 || size._count._all === 4).toBe(true);
    // Nobody both placed and still waiting.
    const stillWaiting = await database.prisma.circleRequest.findMany({
      where: { communityId: community.id, status: 'waiting' },
    });
    for (const request of stillWaiting) expect(ids).not.toContain(request.memberId);
    // One space per circle, none twice.
    expect(
      await database.prisma.outboxMessage.count({
        where: { communityId: community.id, key: { startsWith: 'circle.space:' } },
      }),
    ).toBe(expectedCircles);
  }

  it('two members joining at once never end up in two circles: one circle of four, the other waits', async () => {
    for (let run = 0; run < runs; run += 1) {
      await reset();
      const [first, second] = [newcomers[run % 4]!, newcomers[(run + 1) % 4]!];
      const outcomes = await Promise.all(
        [first, second].map(async (member) => {
          await sleep(Math.floor(Math.random() * 3));
          return circles.join(community, member);
        }),
      );
      expect(outcomes.map((o) => o.status).sort()).toEqual(['placed', 'waiting']);
      await check(1);
    }
  });

  it('an admin forming circles while members join places each of them once', async () => {
    for (let run = 0; run < runs; run += 1) {
      await reset();
      const admin = waiting[0]!;
      await Promise.all([
        ...newcomers.slice(0, 3).map(async (member) => {
          await sleep(Math.floor(Math.random() * 3));
          return circles.join(community, member);
        }),
        (async () => {
          await sleep(Math.floor(Math.random() * 3));
          return circles.formNow(community, admin);
        })(),
      ]);
      const placed = await database.prisma.circleMember.count({
        where: { leftAt: null, circle: { communityId: community.id } },
      });
      const left = await database.prisma.circleRequest.count({
        where: { communityId: community.id, status: 'waiting' },
      });
      expect(placed + left).toBe(6);
      const sizes = await database.prisma.circleMember.groupBy({
        by: ['circleId'],
        where: { leftAt: null, circle: { communityId: community.id } },
        _count: { _all: true },
      });
      await check(sizes.length);
    }
  });
});
