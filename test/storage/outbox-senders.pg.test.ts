import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/core/store.ts';
import { createOutboxSender, type OutboxSender } from '../../src/jobs/outbox-sender.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPlatform, silentLogger } from '../support/outbox-platform.ts';

const rows = 8;
// A lease shorter than a send, renewed every quarter lease: a renewal must be starved for
// a whole lease (300 ms) to lose a row, which a loaded 2-core machine did at 100 ms (load 7:
// two rows parked as failed, as they should be when a lease is truly lost).
const sendMs = 450;
const leaseMs = 300;
const spacingMs = 200;
/**
 * Each send reserves a slot in the database, `spacingMs` after the previous one, and starts
 * no earlier than it. It may start later (the reservation's round trip, a starved event
 * loop: up to ~150 ms seen on a loaded 2-core machine), which brings it closer to the
 * next one. So over any k successive sends, at least k spacings minus that lateness pass;
 * unshared pacing fails this at once: both senders start their first sends together, and
 * each keeps only its own pace (one spacing for every second send).
 */
const latenessMs = 150;

// Real concurrent connections: the embedded PGlite would serialise the two senders.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two outbox senders, with sends slower than a lease (PostgreSQL)',
  () => {
    let database: Database;
    let store: Store;
    let communityId: string;

    beforeAll(async () => {
      database = await createTestDatabase('PostgreSQL');
      store = createStore(database.prisma);
      communityId = (await store.communities.ensure({ platform: 'slack', externalId: 'T-senders', name: 'Test' })).id;
    });
    afterAll(() => database?.close());

    it('send each message exactly once, and keep one shared pace between them', async () => {
      for (let i = 0; i < rows; i += 1) {
        await store.outbox.enqueue({
          communityId,
          platform: 'slack',
          key: `bulk:${i}`,
          target: { kind: 'dm', userId: `U${i}` },
          message: { text: `n°${i}` },
          availableAt: systemClock.now(),
        });
      }
      // Without findDelivered, a row taken over mid-send would be parked as failed: renewal is what keeps each row with one sender.
      const platform = createPlatform({ sendMs, lookup: false });
      const make = () =>
        createOutboxSender({
          outbox: store.outbox,
          transports: { slack: platform.transport },
          clock: systemClock,
          logger: silentLogger,
          options: { batchSize: 2, leaseMs, renewMs: leaseMs / 4, spacingMs: { discord: 0, slack: spacingMs } },
        });
      const bySender = new Map<OutboxSender, number>();
      const run = async (sender: OutboxSender) => {
        let handled = 0;
        for (let n = await sender.tick(); n > 0; n = await sender.tick()) handled += n;
        bySender.set(sender, handled);
      };
      await Promise.all([run(make()), run(make())]);

      // Both senders are done and the queue is empty: nothing more can reach the platform.
      expect(await store.outbox.counts(communityId)).toEqual({ pending: 0, sending: 0, sent: rows, failed: 0 });
      expect(platform.delivered.map((d) => d.key).sort()).toEqual(
        Array.from({ length: rows }, (_, i) => `bulk:${i}`).sort(),
      );
      expect([...bySender.values()].every((n) => n > 0)).toBe(true);

      const starts = platform.delivered.map((d) => d.at).sort((a, b) => a - b);
      for (let i = 0; i < starts.length; i += 1) {
        for (let j = i + 1; j < starts.length; j += 1) {
          expect(starts[j]! - starts[i]!, `sends ${i} and ${j}`).toBeGreaterThanOrEqual(
            (j - i) * spacingMs - latenessMs,
          );
        }
      }
    });
  },
);
