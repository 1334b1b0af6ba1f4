import { expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { DeliveryError, type Lease, type OutboxRow } from '../../src/core/outbox.ts';
import { createOutboxSender, type OutboxSenderSettings } from '../../src/jobs/outbox-sender.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { useOutboxDatabase } from '../support/outbox-database.ts';
import { createPlatform, silentLogger, type FakePlatform } from '../support/outbox-platform.ts';

describeEachDatabase('outbox leases, shared pace and doubtful sends', (kind) => {
  const db = useOutboxDatabase(kind);
  const clock = createManualClock('2026-03-08T09:00:00Z');

  const enqueue = (key: string) =>
    db.store.outbox.enqueue({
      communityId: db.communityId,
      platform: 'slack',
      key,
      target: { kind: 'dm', userId: 'U1' },
      message: { text: key },
      availableAt: clock.now(),
    });
  const leaseOf = (row: OutboxRow): Lease => ({ id: row.id, token: row.leaseToken! });
  const row = async (key: string) => (await db.store.outbox.get(db.communityId, key))!;
  const sender = (platform: FakePlatform, options: OutboxSenderSettings = {}) =>
    createOutboxSender({
      outbox: db.store.outbox,
      transports: { slack: platform.transport },
      clock,
      logger: silentLogger,
      options: {
        spacingMs: { discord: 0, slack: 0 },
        leaseMs: 1_000,
        backoffMs: { base: 1_000, max: 1_000 },
        ...options,
      },
    });

  it('a sender whose lease was taken over can no longer change the row', async () => {
    await enqueue('taken');
    const [first] = await db.store.outbox.claim(clock.now(), 10, 1_000, ['slack']);
    clock.advance(1_001);
    const [second] = await db.store.outbox.claim(clock.now(), 10, 1_000, ['slack']);
    expect(second).toMatchObject({ id: first!.id, recovered: true });
    expect(second!.leaseToken).not.toBe(first!.leaseToken);

    const stale = leaseOf(first!);
    expect(await db.store.outbox.begin(stale, clock.now(), new Date(clock.now().getTime() + 1_000))).toBeNull();
    expect(await db.store.outbox.saveProgress(stale, { channelId: 'T-stale' })).toBe(false);
    expect(await db.store.outbox.renew([stale], new Date(clock.now().getTime() + 60_000))).toEqual([]);
    expect(await db.store.outbox.markSent(stale, { channelId: 'C', messageId: 'stale' }, clock.now())).toBe(false);
    expect(await db.store.outbox.retryLater(stale, clock.now(), 'stale')).toBe(false);
    expect(await db.store.outbox.markFailed(stale, 'stale')).toBe(false);
    expect(await row('taken')).toMatchObject({
      status: 'sending',
      leaseToken: second!.leaseToken,
      progress: {},
      platformRef: null,
    });

    expect(await db.store.outbox.markSent(leaseOf(second!), { channelId: 'C', messageId: 'fresh' }, clock.now())).toBe(
      true,
    );
    expect(await row('taken')).toMatchObject({ status: 'sent', platformRef: { messageId: 'fresh' }, leaseToken: null });
  });

  it('renews the lease of a row while it is sent, so no other sender takes it however long the send lasts', async () => {
    await enqueue('slow');
    const platform = createPlatform();
    platform.blockNext();
    const sending = sender(platform, { renewMs: 10 }).tick();
    await platform.untilStarted(1);
    clock.advance(10_000); // ten leases later
    // The next renewal moves the lease past the clock's now.
    await vi.waitFor(
      async () => {
        const { leaseUntil } = await db.database.prisma.outboxMessage.findFirstOrThrow({ where: { key: 'slow' } });
        expect(leaseUntil!.getTime()).toBeGreaterThan(clock.now().getTime());
      },
      { timeout: 2_000 },
    );
    const other = createPlatform();
    expect(await sender(other).tick()).toBe(0);
    platform.release();
    await sending;
    expect(platform.delivered.map((d) => d.key)).toEqual(['slow']);
    expect(other.started).toEqual([]);
    expect(await row('slow')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a send that outlived its lease is found by the next sender instead of being sent again, and its first sender changes nothing', async () => {
    await enqueue('outlived');
    const platform = createPlatform();
    platform.blockNext(true); // the platform took it; the answer does not come back
    // This sender stops renewing (as a paused or partitioned process would) while its send hangs.
    const first = sender(platform, { renewMs: 3_600_000 }).tick();
    await platform.untilStarted(1);
    clock.advance(1_001);
    expect(await sender(platform).tick()).toBe(1);
    expect(platform.lookups).toEqual(['outlived']);
    const taken = await row('outlived');
    expect(taken).toMatchObject({ status: 'sent' });

    platform.release();
    await first;
    expect(platform.delivered.map((d) => d.key)).toEqual(['outlived']);
    expect(await row('outlived')).toEqual(taken);
  });

  it('looks for a message whose send failed after the platform may have taken it, and does not send it twice', async () => {
    await enqueue('timed-out');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('transient', 'timeout'), true);
    const s = sender(platform);
    await s.tick();
    expect(await row('timed-out')).toMatchObject({ status: 'pending', progress: { unsure: true } });
    clock.advance(2_000);
    await s.tick();
    expect(platform.lookups).toEqual(['timed-out']);
    expect(platform.delivered).toHaveLength(1);
    expect(await row('timed-out')).toMatchObject({ status: 'sent', platformRef: platform.delivered[0]!.ref });
    expect(await s.tick()).toBe(0);
  });

  it('sends a rate-limited message again without looking: the platform refused it', async () => {
    await enqueue('limited');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('rate-limited', 'slow down', 1_000));
    const s = sender(platform);
    await s.tick();
    clock.advance(1_000);
    await s.tick();
    expect(platform.lookups).toEqual([]);
    expect(platform.delivered.map((d) => d.key)).toEqual(['limited']);
  });

  it('an admin’s resend of a failed message that had in fact been delivered does not send it again', async () => {
    await enqueue('parked');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('transient', 'connection reset'), true);
    const s = sender(platform, { maxAttempts: 1 });
    await s.tick();
    expect(await row('parked')).toMatchObject({ status: 'failed' });

    expect(await db.store.outbox.requeueFailed(db.communityId, clock.now())).toBe(1);
    expect(await row('parked')).toMatchObject({ status: 'pending', progress: { unsure: true } });
    await s.tick();
    expect(platform.lookups).toEqual(['parked']);
    expect(platform.delivered).toHaveLength(1);
    expect(await row('parked')).toMatchObject({ status: 'sent', platformRef: platform.delivered[0]!.ref });
  });

  it('an admin’s resend of a failed message the platform never took sends it', async () => {
    await enqueue('refused');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('permanent', 'channel_not_found'));
    const s = sender(platform);
    await s.tick();
    await db.store.outbox.requeueFailed(db.communityId, clock.now());
    await s.tick();
    expect(platform.lookups).toEqual(['refused']);
    expect(platform.delivered.map((d) => d.key)).toEqual(['refused']);
  });

  it('reserves send slots one spacing apart in the database, so every sender keeps the same pace', async () => {
    const started = Date.now();
    const waits = [
      await db.store.outbox.reserveSlot('discord', 200),
      await db.store.outbox.reserveSlot('discord', 200),
      await db.store.outbox.reserveSlot('discord', 200),
    ];
    const elapsed = Date.now() - started;
    // Slots are kept to the millisecond: a wait may round up by one.
    expect(waits[0]).toBeLessThanOrEqual(1);
    expect(waits[1]).toBeGreaterThanOrEqual(200 - elapsed);
    expect(waits[1]).toBeLessThanOrEqual(201);
    expect(waits[2]).toBeGreaterThanOrEqual(400 - elapsed);
    expect(waits[2]).toBeLessThanOrEqual(401);
    expect(await db.store.outbox.reserveSlot('slack', 200)).toBeLessThanOrEqual(1); // each platform keeps its own pace
  });
});
