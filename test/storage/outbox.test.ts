import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { LoggerPort } from '../../src/core/dispatcher.ts';
import { DeliveryError, type OutboxRow, type PlatformRef, type Transport } from '../../src/core/outbox.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { useOutboxDatabase } from '../support/outbox-database.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A transport that records what it sends and fails as told. */
function fakeTransport(overrides: Partial<Transport> = {}) {
  const sent: OutboxRow[] = [];
  const failures: unknown[] = [];
  const transport: Transport = {
    async send(row): Promise<PlatformRef> {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(row);
      return { channelId: 'D1', messageId: `m${sent.length}` };
    },
    async edit() {},
    ...overrides,
  };
  return { transport, sent, failNext: (...errors: unknown[]) => failures.push(...errors) };
}

describeEachDatabase('outbox', (kind) => {
  const db = useOutboxDatabase(kind);
  const clock = createManualClock('2026-03-08T09:00:00Z');

  const entry = (key: string) => ({
    communityId: db.communityId,
    platform: 'slack' as const,
    key,
    target: { kind: 'dm' as const, userId: 'U1' },
    message: { text: `Bonjour ${key}` },
    availableAt: clock.now(),
  });

  function sender(transport: Transport, options = {}, logger: LoggerPort = silent) {
    return createOutboxSender({
      outbox: db.store.outbox,
      transports: { slack: transport },
      clock,
      logger,
      options: { spacingMs: { discord: 0, slack: 0 }, ...options },
    });
  }

  it('sends a message once, even when the same logical message is enqueued twice', async () => {
    expect(await db.store.outbox.enqueue(entry('welcome:1'))).toBe(true);
    expect(await db.store.outbox.enqueue(entry('welcome:1'))).toBe(false);
    const { transport, sent } = fakeTransport();
    const s = sender(transport);
    expect(await s.tick()).toBe(1);
    expect(await s.tick()).toBe(0);
    expect(sent.map((r) => r.key)).toEqual(['welcome:1']);
    expect(await db.store.outbox.get(db.communityId, 'welcome:1')).toMatchObject({
      status: 'sent',
      platformRef: { channelId: 'D1', messageId: 'm1' },
    });
  });

  it('waits for a message’s time before sending it', async () => {
    await db.store.outbox.enqueue({ ...entry('later'), availableAt: new Date(clock.now().getTime() + 60_000) });
    const { transport, sent } = fakeTransport();
    expect(await sender(transport).tick()).toBe(0);
    clock.advance(60_000);
    expect(await sender(transport).tick()).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('retries a failed send with growing backoff, then parks it as failed where admins see it', async () => {
    await db.store.outbox.enqueue(entry('flaky'));
    // Each failure may have come after the platform took the message: it is looked for each time.
    let looked = 0;
    const { transport, sent, failNext } = fakeTransport({ findDelivered: async () => ((looked += 1), null) });
    failNext(new Error('boom 1'), new Error('boom 2'), new Error('boom 3'));
    const s = sender(transport, { maxAttempts: 3, backoffMs: { base: 1_000, max: 60_000 } });

    await s.tick();
    const first = await db.store.outbox.get(db.communityId, 'flaky');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1' });
    const firstDelay = first!.availableAt.getTime() - clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(1_000);
    expect(await s.tick()).toBe(0); // not due yet

    clock.advance(firstDelay);
    await s.tick();
    const second = await db.store.outbox.get(db.communityId, 'flaky');
    expect(second!.availableAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(2_000);

    clock.advance(10_000);
    await s.tick();
    expect(await db.store.outbox.get(db.communityId, 'flaky')).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'boom 3',
    });
    expect((await db.store.outbox.failed(db.communityId)).map((r) => r.key)).toEqual(['flaky']);
    expect(sent).toHaveLength(0);

    expect(looked).toBe(2);

    expect(await db.store.outbox.requeueFailed(db.communityId, clock.now())).toBe(1);
    await s.tick();
    expect(looked).toBe(3);
    expect(sent.map((r) => r.key)).toEqual(['flaky']);
  });

  it('waits as long as the platform’s rate limit says, without counting it as a failed attempt', async () => {
    await db.store.outbox.enqueue(entry('limited'));
    const { transport, sent, failNext } = fakeTransport();
    failNext(new DeliveryError('rate-limited', 'slow down', 30_000));
    const s = sender(transport, { maxAttempts: 1 });
    await s.tick();
    const row = await db.store.outbox.get(db.communityId, 'limited');
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row!.availableAt.getTime() - clock.now().getTime()).toBe(30_000);
    clock.advance(29_999);
    expect(await s.tick()).toBe(0);
    clock.advance(1);
    await s.tick();
    expect(sent).toHaveLength(1);
  });

  it('logs a burst of rate limits as one line, then one count when it stops, not a line each', async () => {
    const keys = ['burst:1', 'burst:2', 'burst:3', 'burst:4', 'burst:5'];
    for (const key of keys) await db.store.outbox.enqueue(entry(key));
    const { transport, failNext } = fakeTransport();
    failNext(...keys.map(() => new DeliveryError('rate-limited', 'slow down', 30_000)));
    const lines: { details: object; message: string }[] = [];
    const logger = { ...silent, warn: (details: object, message: string) => void lines.push({ details, message }) };
    const s = sender(transport, { batchSize: 10 }, logger);
    await s.tick();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ details: { platform: 'slack', retryAfterMs: 30_000 } });
    await s.stop();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ details: { more: { slack: 4 }, seconds: 10 } });
    // Nothing lost: every row waits its turn.
    expect((await db.store.outbox.counts(db.communityId)).pending).toBeGreaterThanOrEqual(keys.length);
  });

  it('fails at once when the platform says no retry can work', async () => {
    await db.store.outbox.enqueue(entry('closed-dms'));
    const { transport, failNext } = fakeTransport();
    failNext(new DeliveryError('permanent', 'Cannot send messages to this user'));
    await sender(transport).tick();
    expect(await db.store.outbox.get(db.communityId, 'closed-dms')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('never gives the same row to two senders at once', async () => {
    for (let i = 0; i < 30; i += 1) await db.store.outbox.enqueue(entry(`bulk:${i}`));
    const { transport, sent } = fakeTransport();
    const a = sender(transport, { batchSize: 7 });
    const b = sender(transport, { batchSize: 7 });
    while ((await Promise.all([a.tick(), b.tick()])).some((n) => n > 0));
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((r) => r.key)).size).toBe(30);
  });

  describe('after a sender died mid-send', () => {
    /** A sender claims the row and begins sending it, then dies. */
    async function dieWhileSending(key: string) {
      const [row] = await db.store.outbox.claim(clock.now(), 10, 1_000, ['slack']);
      expect(row?.key).toBe(key);
      expect(
        await db.store.outbox.begin(
          { id: row!.id, token: row!.leaseToken! },
          clock.now(),
          new Date(clock.now().getTime() + 1_000),
        ),
      ).not.toBeNull();
      clock.advance(1_001);
    }

    it('finds a message a dead sender had already delivered, instead of sending it again', async () => {
      await db.store.outbox.enqueue(entry('interrupted'));
      await dieWhileSending('interrupted');
      const { transport, sent } = fakeTransport({
        findDelivered: async () => ({ channelId: 'D1', messageId: 'found' }),
      });
      await sender(transport).tick();
      expect(sent).toHaveLength(0);
      expect(await db.store.outbox.get(db.communityId, 'interrupted')).toMatchObject({
        status: 'sent',
        platformRef: { messageId: 'found' },
      });
    });

    it('sends an interrupted message the platform never got', async () => {
      await db.store.outbox.enqueue(entry('lost'));
      await dieWhileSending('lost');
      const { transport, sent } = fakeTransport({ findDelivered: async () => null });
      await sender(transport).tick();
      expect(sent.map((r) => r.key)).toEqual(['lost']);
    });

    it('parks an interrupted message it cannot check rather than risk a duplicate', async () => {
      await db.store.outbox.enqueue(entry('unknown'));
      await dieWhileSending('unknown');
      const { transport, sent } = fakeTransport();
      await sender(transport).tick();
      expect(sent).toHaveLength(0);
      expect(await db.store.outbox.get(db.communityId, 'unknown')).toMatchObject({ status: 'failed' });
    });

    it('sends without looking a row whose dead sender never began it', async () => {
      await db.store.outbox.enqueue(entry('never-begun'));
      await db.store.outbox.claim(clock.now(), 10, 1_000, ['slack']);
      clock.advance(1_001);
      let looked = 0;
      const { transport, sent } = fakeTransport({ findDelivered: async () => ((looked += 1), null) });
      await sender(transport).tick();
      expect(looked).toBe(0);
      expect(sent.map((r) => r.key)).toEqual(['never-begun']);
    });

    it('leaves a row alone while its sender’s lease runs', async () => {
      await db.store.outbox.enqueue(entry('leased'));
      await db.store.outbox.claim(clock.now(), 10, 60_000, ['slack']);
      const { transport, sent } = fakeTransport();
      expect(await sender(transport).tick()).toBe(0);
      expect(sent).toHaveLength(0);
    });
  });

  it('counts messages by state for the admin panel', async () => {
    await db.store.outbox.enqueue(entry('a'));
    await db.store.outbox.enqueue(entry('b'));
    const { transport } = fakeTransport();
    await sender(transport, { batchSize: 1 }).tick();
    expect(await db.store.outbox.counts(db.communityId)).toEqual({ pending: 1, sending: 0, sent: 1, failed: 0 });
  });
});
