import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createMatchingService } from '../../src/core/matching/matching-service.ts';
import type { RequestStatus } from '../../src/core/matching/ports.ts';
import { requestExpiredSource, requestReminderSource } from '../../src/core/nudges/requests.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';
import { collect, enqueueAll, keys, recipients } from '../support/pair-nudges-fixtures.ts';

const day = 24 * 60 * 60 * 1000;
const created = new Date('2026-04-01T09:00:00Z');

describe('request nudges', () => {
  let database: Database;
  let store: Store;
  let community: Community;
  let ada: Member, nadia: Member, lina: Member;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStore(database.prisma);
    community = await store.communities.ensure({
      platform: 'discord',
      externalId: 'guild-request-nudges',
      name: 'Duchess',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    [ada, nadia, lina] = await Promise.all([
      createPerson(store, community, 'ada', menteeAnswers),
      createPerson(store, community, 'nadia', mentorAnswers()),
      createPerson(store, community, 'lina', mentorAnswers()),
    ]);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.prisma.pair.deleteMany({});
    await database.prisma.mentorshipRequest.deleteMany({});
    await database.prisma.outboxMessage.deleteMany({});
  });

  async function request(status: RequestStatus = 'pending', expiresAt = new Date(created.getTime() + 14 * day)) {
    const made = await store.matching.createRequest({
      communityId: community.id,
      menteeId: ada.id,
      mentorId: nadia.id,
      status,
      message: 'Bonjour <@everyone>',
      volunteered: false,
      expiresAt,
      createdAt: created,
    });
    if (!made) throw new Error('request not created');
    return made;
  }

  describe('requestReminder', () => {
    it('reminds the mentor once, on the third day in her time zone, with the offer and decline buttons', async () => {
      const waiting = await request();
      // 22:00 in Paris on the 3rd: not yet her reminder day (the 4th).
      expect(await collect(requestReminderSource, store, community, '2026-04-03T20:00:00Z')).toEqual([]);
      const due = await collect(requestReminderSource, store, community, '2026-04-03T22:30:00Z');
      expect(keys(due)).toEqual([`request.reminder:${waiting.id}`]);
      expect(recipients(due)).toEqual(['nadia']);
      expect(due[0]?.due).toEqual({ day: '2026-04-04' });
      const buttons = JSON.stringify(due[0]?.message.blocks);
      expect(buttons).toContain(`"${community.id}/requests:offer:${waiting.id}"`);
      expect(buttons).toContain(`"${community.id}/requests:decline:${waiting.id}"`);
      // Her message stays member text (no mention can come out of it).
      expect(due[0]?.message.text).toContain('\uE000Bonjour <@everyone>\uE001');

      const again = await collect(requestReminderSource, store, community, '2026-04-05T10:00:00Z');
      expect(keys(again)).toEqual(keys(due));
      expect(await enqueueAll(store, community, due, new Date())).toBe(1);
      expect(await enqueueAll(store, community, again, new Date())).toBe(0);
      expect(await database.prisma.outboxMessage.count({ where: { key: `request.reminder:${waiting.id}` } })).toBe(1);
    });

    it('stops once the mentor answered, and never comes for a request past due', async () => {
      const answered = await request();
      await store.matching.transition(answered.id, ['pending'], 'offered', new Date());
      expect(await collect(requestReminderSource, store, community, '2026-04-05T10:00:00Z')).toEqual([]);

      await database.prisma.mentorshipRequest.deleteMany({});
      await request('pending', new Date('2026-04-04T00:00:00Z'));
      expect(await collect(requestReminderSource, store, community, '2026-04-05T10:00:00Z')).toEqual([]);
    });
  });

  describe('requestExpired', () => {
    it('expires a pending request when its time is up, not before, and tells the mentee kindly with other mentors, not the mentor', async () => {
      const expiresAt = new Date('2026-04-15T09:00:00Z');
      const waiting = await request('pending', expiresAt);
      expect(await collect(requestExpiredSource, store, community, new Date(expiresAt.getTime() - 1))).toEqual([]);
      expect((await store.matching.getRequest(waiting.id))?.status).toBe('pending');

      const due = await collect(requestExpiredSource, store, community, expiresAt);
      expect((await store.matching.getRequest(waiting.id))?.status).toBe('expired');
      expect(keys(due)).toEqual([`request.expired:${waiting.id}`]);
      expect(recipients(due)).toEqual(['ada']);
      const text = due[0]?.message.text ?? '';
      expect(text).toContain('<@nadia>');
      expect(text).toContain('D’autres marraines pourraient t’accompagner : <@lina>.');
      expect(text).toContain('/marraine marraines');

      // Found again before being queued: the same key; queued, it is not computed again.
      expect(keys(await collect(requestExpiredSource, store, community, new Date(expiresAt.getTime() + day)))).toEqual(
        keys(due),
      );
      expect(await enqueueAll(store, community, due, expiresAt)).toBe(1);
      expect(await collect(requestExpiredSource, store, community, new Date(expiresAt.getTime() + day))).toEqual([]);
      expect(await database.prisma.outboxMessage.count()).toBe(1);
    });

    it('expires an offer she did not choose in time too, and says nothing once she has a mentor', async () => {
      const expiresAt = new Date('2026-04-15T09:00:00Z');
      const offered = await request('offered', expiresAt);
      await store.matching.createPair({
        communityId: community.id,
        menteeId: ada.id,
        mentorId: lina.id,
        requestId: null,
        startedAt: created,
      });
      expect(await collect(requestExpiredSource, store, community, expiresAt)).toEqual([]);
      expect((await store.matching.getRequest(offered.id))?.status).toBe('expired');
    });

    it('leaves alone a request answered before its time was up', async () => {
      const expiresAt = new Date('2026-04-15T09:00:00Z');
      const declined = await request('pending', expiresAt);
      await store.matching.transition(declined.id, ['pending'], 'declined', new Date('2026-04-10T09:00:00Z'));
      expect(await collect(requestExpiredSource, store, community, expiresAt)).toEqual([]);
      expect((await store.matching.getRequest(declined.id))?.status).toBe('declined');
    });
  });
});

/**
 * The expiry and her choice of that very offer, on two real connections at once: the
 * request ends accepted with a pair, or expired without one, never both. (PGlite runs
 * one statement at a time, so it cannot race.) 40 runs, rows reset between them.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('request expiry against a concurrent choice (PostgreSQL)', () => {
  let database: Database;
  let store: Store;
  let community: Community;
  let ada: Member, nadia: Member;
  const expiresAt = new Date('2026-04-15T09:00:00Z');
  // She clicks a moment before the deadline; the tick runs at it.
  const clock = createManualClock(new Date(expiresAt.getTime() - 1));

  beforeAll(async () => {
    database = await createTestDatabase('PostgreSQL');
    store = createStore(database.prisma);
    const made = await store.communities.ensure({ platform: 'slack', externalId: 'T-expiry-race', name: 'Duchess' });
    community = await store.communities.update(made.id, {
      settings: { ...made.settings, channels: { matching: 'C-match' } },
    });
    [ada, nadia] = await Promise.all([
      createPerson(store, community, 'ada', menteeAnswers),
      createPerson(store, community, 'nadia', mentorAnswers()),
    ]);
  });
  afterAll(() => database?.close());

  it('ends each request accepted or expired, never both', async () => {
    const matching = createMatchingService({ store, clock });
    const outcomes = { accepted: 0, expired: 0 };
    for (let run = 0; run < 40; run += 1) {
      await database.prisma.$executeRawUnsafe(
        `WITH p AS (DELETE FROM pairs WHERE community_id = $1::uuid), o AS (DELETE FROM outbox_messages WHERE community_id = $1::uuid)
         DELETE FROM mentorship_requests WHERE community_id = $1::uuid`,
        community.id,
      );
      const offer = await store.matching.createRequest({
        communityId: community.id,
        menteeId: ada.id,
        mentorId: nadia.id,
        status: 'offered',
        message: null,
        volunteered: false,
        expiresAt,
        createdAt: created,
      });
      if (!offer) throw new Error('request not created');
      const choice = matching.choose(community, ada, offer.id).then(
        () => 'chosen',
        (error: Error) => error.name,
      );
      const tick = collect(requestExpiredSource, store, community, expiresAt);
      const [chosen, due] = await Promise.all([choice, tick]);
      const status = (await store.matching.getRequest(offer.id))?.status;
      const pairs = await database.prisma.pair.count({ where: { requestId: offer.id } });
      if (status === 'accepted') {
        outcomes.accepted += 1;
        expect([chosen, pairs, due]).toEqual(['chosen', 1, []]);
      } else {
        outcomes.expired += 1;
        // The tick won: her click was refused (a UserError), no pair, and she is told once the tick's nudges are queued.
        expect([status, chosen, pairs]).toEqual(['expired', 'UserError', 0]);
        expect(keys(await collect(requestExpiredSource, store, community, expiresAt))).toEqual([
          `request.expired:${offer.id}`,
        ]);
      }
    }
    expect(outcomes.accepted + outcomes.expired).toBe(40);
  });
});
