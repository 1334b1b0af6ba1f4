import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { defaultSources } from '../../src/core/nudges/sources.ts';
import type { OutboxRow, PlatformRef, Transport } from '../../src/core/outbox.ts';
import { createOutboxSender, type OutboxSender } from '../../src/jobs/outbox-sender.ts';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { seedPairs, seedReminders } from '../support/nudge-seed.ts';
import { silentLogger } from '../support/outbox-platform.ts';
import { createPostgresTwins } from '../support/postgres-twins.ts';

const hourMs = 3_600_000;
/**
 * 25 days, a tick every 6 hours (each zone's 10:00 comes a little before one, outside quiet
 * hours): each pair's first check-in, its reminder, and four weekly community reminders.
 */
const steps = 25 * 4;
const stepMs = 6 * hourMs;
const pairsPerZone = 4;
const zones = ['Europe/Paris', 'America/Montreal', 'Pacific/Noumea'];

/**
 * A platform that counts what it receives by what the member or channel sees (where, what,
 * and the day), not by outbox key: a nudge queued twice under two keys is caught too.
 */
function createCountingPlatform(day: () => string) {
  const seen = new Map<string, number>();
  const keys: string[] = [];
  let next = 0;
  const transport: Transport = {
    async send(row: OutboxRow): Promise<PlatformRef> {
      const what = JSON.stringify({ to: row.target, message: row.message, day: day() });
      seen.set(what, (seen.get(what) ?? 0) + 1);
      keys.push(row.key);
      return { channelId: `C-${row.key}`, messageId: `m${(next += 1)}` };
    },
    async edit() {},
  };
  return { transport, seen, keys };
}

// Real concurrent connections: the embedded PGlite would serialise the two instances.
describe.skipIf(!process.env.TEST_DATABASE_URL)('two bot instances on one PostgreSQL database (PostgreSQL)', () => {
  let twins: Awaited<ReturnType<typeof createPostgresTwins>>;
  beforeAll(async () => {
    twins = await createPostgresTwins();
  });
  afterAll(() => twins?.close());

  it('tick and send together for 25 days, and every nudge reaches its member or channel exactly once', async () => {
    const clock = createManualClock('2026-03-02T00:00:00Z');
    const platform = createCountingPlatform(() => clock.now().toISOString().slice(0, 10));
    const stores = [createStore(twins.first.prisma), createStore(twins.second.prisma)];
    const community = await stores[0]!.communities.ensure({
      platform: 'discord',
      externalId: 'G-twins',
      name: 'Twins',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    for (const [i, timeZone] of zones.entries()) {
      await seedPairs(twins.first.prisma, {
        communityId: community.id,
        count: pairsPerZone,
        startedAt: clock.now(),
        spreadDays: 5,
        timeZone,
        userBase: 400_000_000_000_000_000n + BigInt(i * 1000),
      });
    }
    await seedReminders(twins.first.prisma, {
      communityId: community.id,
      count: 2,
      cron: '30 18 * * 2',
      channelIds: ['C-delegates'],
    });

    const schedulers: Scheduler[] = stores.map((store) =>
      createScheduler({ store, clock, logger: silentLogger, sources: defaultSources }),
    );
    const senders: OutboxSender[] = stores.map((store) =>
      createOutboxSender({
        outbox: store.outbox,
        transports: { discord: platform.transport },
        clock,
        logger: silentLogger,
        options: { batchSize: 3, spacingMs: { discord: 0, slack: 0 } },
      }),
    );
    const drain = async (sender: OutboxSender) => {
      while ((await sender.tick()) > 0);
    };
    for (let step = 0; step < steps; step += 1) {
      // Both instances wake at the same minute: their ticks and their senders overlap.
      await Promise.all([...schedulers.map((s) => s.tick()), ...senders.map(drain)]);
      await Promise.all(senders.map(drain));
      clock.advance(stepMs);
    }

    const rows = await twins.first.prisma.outboxMessage.findMany({
      where: { communityId: community.id },
      select: { key: true, status: true },
    });
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    const pairs = pairsPerZone * zones.length;
    // Each member of each pair got her first check-in; each reminder its four Tuesdays (3 to 24 March).
    expect(rows.filter((r) => r.key.startsWith('checkin:')).length).toBe(pairs * 2);
    expect(rows.filter((r) => r.key.startsWith('reminder:')).length).toBe(2 * 4);
    // Every row sent once, and nothing seen twice by anyone, whatever its key.
    expect(platform.keys.slice().sort()).toEqual(rows.map((r) => r.key).sort());
    expect([...platform.seen.entries()].filter(([, n]) => n > 1)).toEqual([]);
  }, 120_000);
});
