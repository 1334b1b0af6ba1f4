import { expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { OutboxEntry, Transport } from '../../src/core/outbox.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { useOutboxDatabase } from '../support/outbox-database.ts';
import { createPlatform, silentLogger } from '../support/outbox-platform.ts';

const spacingMs = 20;
/** Longer than the spacing: one send at a time could not keep the pace. */
const sendMs = 3 * spacingMs;
const concurrency = 4;
/**
 * How late a send may start after its slot (a starved event loop on a loaded 2-core machine),
 * which brings it closer to the next one; over a run of sends the slots' spacing still shows.
 */
const latenessMs = 150;
/**
 * The pacer reads its clock as a send may start; the platform reads it when the send reaches
 * it, a few microtasks later, and those may take longer for one send than for the next.
 */
const handOverMs = 1;

describeEachDatabase('outbox sender: several rows in flight', (kind) => {
  const db = useOutboxDatabase(kind);
  const clock = createManualClock('2026-03-08T09:00:00Z');

  const enqueue = (key: string, fields: Partial<OutboxEntry> = {}) =>
    db.store.outbox.enqueue({
      communityId: db.communityId,
      platform: 'slack',
      key,
      target: { kind: 'dm', userId: `U-${key}` },
      message: { text: key },
      availableAt: clock.now(),
      ...fields,
    });
  const sender = (transport: Transport, options: { spacing?: number; batchSize?: number } = {}) =>
    createOutboxSender({
      outbox: db.store.outbox,
      transports: { slack: transport },
      clock,
      logger: silentLogger,
      options: {
        concurrency,
        batchSize: options.batchSize ?? 25,
        spacingMs: { discord: 0, slack: options.spacing ?? spacingMs },
        waitMs: 1_000,
      },
    });

  /** The platform's transport, counting how many sends it holds at once. */
  function counting(transport: Transport) {
    let inFlight = 0;
    const seen = { most: 0 };
    const send: Transport['send'] = async (row, context) => {
      inFlight += 1;
      seen.most = Math.max(seen.most, inFlight);
      try {
        return await transport.send(row, context);
      } finally {
        inFlight -= 1;
      }
    };
    return { transport: { ...transport, send }, seen };
  }

  it('keeps several sends in flight, each row sent once, no two sends within half a spacing, and the pace over every run', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `nudge:${i}`);
    for (const key of keys) await enqueue(key);
    const platform = createPlatform({ sendMs });
    const { transport, seen } = counting(platform.transport);
    const s = sender(transport, { batchSize: 10 });
    for (let n = await s.tick(); n > 0; n = await s.tick());

    expect(await db.store.outbox.counts(db.communityId)).toEqual({
      pending: 0,
      sending: 0,
      sent: keys.length,
      failed: 0,
    });
    expect(platform.delivered.map((d) => d.key).sort()).toEqual([...keys].sort());
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.most).toBeLessThanOrEqual(concurrency);
    const starts = platform.delivered.map((d) => d.at).sort((a, b) => a - b);
    // A send that started late is made up by the next one, never by two at once (see createPacer).
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(spacingMs / 2 - handOverMs);
    for (let i = 0; i < starts.length; i += 1) {
      for (let j = i + 1; j < starts.length; j += 1) {
        expect(starts[j]! - starts[i]!, `sends ${i} and ${j}`).toBeGreaterThanOrEqual((j - i) * spacingMs - latenessMs);
      }
    }
  });

  it('sends the rows of one conversation, of one edited message and of an `after` one by one, in order, beside the others', async () => {
    // One member's three DMs; a post and its edit; a private space and the message that links to it; and others.
    for (const key of ['dm:1', 'dm:2', 'dm:3']) await enqueue(key, { target: { kind: 'dm', userId: 'U-same' } });
    await enqueue('post', { target: { kind: 'channel', channelId: 'C1' } });
    await enqueue('post:edit', { target: { kind: 'edit', of: 'post' }, message: { text: 'Fermé' } });
    await enqueue('space', { target: { kind: 'group', userIds: ['U-a', 'U-b'] } });
    await enqueue('welcome', {
      target: { kind: 'dm', userId: 'U-a' },
      after: 'space',
      message: { text: 'Votre espace : {{space}}' },
    });
    for (let i = 0; i < 6; i += 1) await enqueue(`other:${i}`);
    const platform = createPlatform({ sendMs: 15 });
    const { transport, seen } = counting(platform.transport);

    await sender(transport, { spacing: 0 }).tick();

    // One tick sent everything: no row had to be put back to wait for another one sent beside it.
    expect(await db.store.outbox.counts(db.communityId)).toEqual({ pending: 0, sending: 0, sent: 13, failed: 0 });
    expect(seen.most).toBeGreaterThan(1);
    const order = platform.started.filter((key) => ['dm:1', 'dm:2', 'dm:3', 'space', 'welcome'].includes(key));
    expect(order.filter((key) => key.startsWith('dm:'))).toEqual(['dm:1', 'dm:2', 'dm:3']);
    expect(order.indexOf('space')).toBeLessThan(order.indexOf('welcome'));
    const post = platform.delivered.find((d) => d.key === 'post')!;
    expect(platform.edits).toEqual([{ ref: post.ref, message: { text: 'Fermé' } }]);
    expect(platform.delivered.find((d) => d.key === 'welcome')!.message.text).toBe(
      `Votre espace : <#${platform.delivered.find((d) => d.key === 'space')!.ref.channelId}>`,
    );
  });
});
