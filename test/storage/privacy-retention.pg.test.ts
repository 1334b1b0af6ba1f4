import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { privacyJobs } from '../../src/core/privacy/retention-job.ts';
import { createServices } from '../../src/core/services.ts';
import type { Store } from '../../src/core/store.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';
import { silentLogger } from '../support/outbox-platform.ts';
import { createPostgresTwins } from '../support/postgres-twins.ts';

/**
 * Two instances of the bot tick at the same moment on one PostgreSQL, each with its own
 * connections: members who left their platform 91 days ago are erased once each (one audit
 * entry, one kind note to each partner), and a member who left 89 days ago is kept.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('retention on two instances at once (PostgreSQL)', () => {
  const day = 24 * 60 * 60 * 1000;
  const clock = createManualClock('2026-03-01T10:00:00Z');
  let twins: Awaited<ReturnType<typeof createPostgresTwins>>;
  let stores: Store[];
  let community: Community;
  const left: Member[] = [];
  let recent: Member;

  beforeAll(async () => {
    twins = await createPostgresTwins();
    stores = [createStore(twins.first.prisma), createStore(twins.second.prisma)];
    const [store] = stores as [Store];
    community = await store.communities.ensure({
      platform: 'slack',
      externalId: 'T-retention',
      name: 'Duchess',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    const services = createServices({ store, clock, defaults: { locale: 'fr', timeZone: 'Europe/Paris' } });
    for (let i = 0; i < 6; i++) {
      const mentor = await createPerson(store, community, `U-mentor-${i}`, mentorAnswers({ capacity: 2 }));
      const mentee = await createPerson(store, community, `U-mentee-${i}`, menteeAnswers);
      const request = await services.matching.request(community, mentee, mentor.id, `note ${i}`);
      await services.matching.offer(community, mentor, request.id);
      await services.matching.choose(community, mentee, request.id);
      left.push(mentee);
    }
    for (const mentee of left) await services.data.leftPlatform('slack', 'T-retention', mentee.externalUserId);
    clock.advance(2 * day);
    recent = await createPerson(store, community, 'U-recent', menteeAnswers);
    await services.data.leftPlatform('slack', 'T-retention', recent.externalUserId);
  }, 120_000);
  afterAll(() => twins?.close());

  it('erases each member who left once, however many instances tick', async () => {
    clock.advance(89 * day);
    const errors: object[] = [];
    const logger = { ...silentLogger, error: (details: object) => errors.push(details) };
    const schedulers = stores.map((store) => createScheduler({ store, clock, logger, sources: [], jobs: privacyJobs }));
    for (let round = 0; round < 3; round++) await Promise.all(schedulers.map((s) => s.tick()));
    const [store] = stores as [Store];
    for (const mentee of left) expect(await store.members.find(community.id, mentee.externalUserId)).toBeNull();
    expect(await store.members.find(community.id, recent.externalUserId)).not.toBeNull();
    expect(await store.auditLog.list(community.id, { action: 'member.erased.retention', limit: 100 })).toHaveLength(
      left.length,
    );
    const notes = await twins.first.prisma.outboxMessage.count({
      where: { communityId: community.id, key: { startsWith: 'data.erased.pair:' } },
    });
    expect(notes).toBe(left.length);
    // Neither instance failed on the way: the one that waited for her lock found her gone.
    expect(errors).toEqual([]);
  });
});
