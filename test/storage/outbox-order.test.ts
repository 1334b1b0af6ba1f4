import { expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { DeliveryError, spaceLinkToken, type OutboxEntry } from '../../src/core/outbox.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { useOutboxDatabase } from '../support/outbox-database.ts';
import { createPlatform, silentLogger, type FakePlatform } from '../support/outbox-platform.ts';

describeEachDatabase('outbox order: edits and messages that wait for another', (kind) => {
  const db = useOutboxDatabase(kind);
  const clock = createManualClock('2026-03-08T09:00:00Z');

  const enqueue = (key: string, fields: Partial<OutboxEntry> = {}) =>
    db.store.outbox.enqueue({
      communityId: db.communityId,
      platform: 'slack',
      key,
      target: { kind: 'channel', channelId: 'C1' },
      message: { text: key },
      availableAt: clock.now(),
      ...fields,
    });
  const edit = (key: string, of: string, text: string) =>
    enqueue(key, { target: { kind: 'edit', of }, message: { text } });
  const row = async (key: string) => (await db.store.outbox.get(db.communityId, key))!;
  const sender = (platform: FakePlatform, batchSize = 25) =>
    createOutboxSender({
      outbox: db.store.outbox,
      transports: { slack: platform.transport },
      clock,
      logger: silentLogger,
      options: {
        spacingMs: { discord: 0, slack: 0 },
        waitMs: 1_000,
        batchSize,
        backoffMs: { base: 5_000, max: 5_000 },
      },
    });
  /** Ticks, moving the clock past every wait, until nothing is due or waiting. */
  async function drain(s: ReturnType<typeof sender>) {
    for (let round = 0; round < 20; round += 1) {
      await s.tick();
      const { pending, sending } = await db.store.outbox.counts(db.communityId);
      if (pending + sending === 0) return;
      clock.advance(6_000);
    }
    throw new Error('the outbox did not drain');
  }

  it('an edit waits, without using an attempt, for the message it edits, then replaces it', async () => {
    await enqueue('post', { availableAt: new Date(clock.now().getTime() + 60_000) });
    await edit('post:edit:1', 'post', 'Fermé');
    const platform = createPlatform();
    const s = sender(platform);
    await s.tick();
    expect(await row('post:edit:1')).toMatchObject({ status: 'pending', attempts: 0, lastError: 'waiting for post' });
    clock.advance(60_000);
    await drain(s);
    const [post] = platform.delivered;
    expect(platform.edits).toEqual([{ ref: post!.ref, message: { text: 'Fermé' } }]);
    expect(await row('post:edit:1')).toMatchObject({ status: 'sent', platformRef: post!.ref });
  });

  it('an older edit retried after a newer one was sent is skipped, so the newer one stays', async () => {
    await enqueue('post');
    const platform = createPlatform();
    const s = sender(platform);
    await s.tick();
    await edit('post:edit:1', 'post', 'Révision 1');
    platform.failNext(new DeliveryError('transient', 'timeout'));
    await s.tick(); // the first edit fails, and waits its backoff
    await edit('post:edit:2', 'post', 'Révision 2');
    await s.tick(); // meanwhile the second one is sent
    expect(platform.edits.map((e) => e.message.text)).toEqual(['Révision 2']);
    await drain(s);
    const ref = platform.delivered[0]!.ref;
    expect(platform.shown(ref.messageId)).toEqual({ text: 'Révision 2' });
    expect(platform.edits.map((e) => e.message.text)).toEqual(['Révision 2']);
    expect(await row('post:edit:1')).toMatchObject({ status: 'sent', progress: { supersededBy: 'post:edit:2' } });
  });

  it('a newer edit waits while an older one is being sent, then applies last', async () => {
    await enqueue('post');
    const platform = createPlatform();
    await sender(platform).tick();
    await edit('post:edit:1', 'post', 'Révision 1');
    platform.blockNext();
    const first = sender(platform, 1).tick();
    await platform.untilStarted(2); // the post, then the first edit, now held
    await edit('post:edit:2', 'post', 'Révision 2');
    const other = sender(platform);
    await other.tick();
    expect(await row('post:edit:2')).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: 'waiting for an earlier edit of post',
    });
    platform.release();
    await first;
    await drain(other);
    expect(platform.edits.map((e) => e.message.text)).toEqual(['Révision 1', 'Révision 2']);
    expect(platform.shown(platform.delivered[0]!.ref.messageId)).toEqual({ text: 'Révision 2' });
  });

  it('an edit of a message that failed, or that does not exist, fails with a clear reason', async () => {
    await enqueue('refused');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('permanent', 'channel_not_found'));
    const s = sender(platform);
    await s.tick();
    await edit('refused:edit', 'refused', 'x');
    await edit('ghost:edit', 'ghost', 'x');
    await s.tick();
    expect(await row('refused:edit')).toMatchObject({
      status: 'failed',
      lastError: 'the message to edit (refused) could not be sent',
    });
    expect(await row('ghost:edit')).toMatchObject({
      status: 'failed',
      lastError: 'the message to edit (ghost) does not exist',
    });
    expect(platform.edits).toEqual([]);
  });

  const welcome = (after: string) =>
    enqueue('welcome', {
      after,
      message: {
        text: `Bienvenue ! Ton espace est ouvert : ${spaceLinkToken}`,
        blocks: [
          { type: 'text', text: 'Bienvenue !' },
          { type: 'context', text: spaceLinkToken },
        ],
      },
    });

  it('a message after another waits for it, then links to where it went', async () => {
    await enqueue('space', {
      target: { kind: 'group', userIds: ['U1', 'U2'] },
      availableAt: new Date(clock.now().getTime() + 60_000),
    });
    await welcome('space');
    const platform = createPlatform();
    const s = sender(platform);
    await s.tick();
    expect(await row('welcome')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(platform.delivered).toEqual([]);
    clock.advance(60_000);
    await drain(s);
    expect(platform.delivered.map((d) => d.key)).toEqual(['space', 'welcome']);
    const link = `<#${platform.delivered[0]!.ref.channelId}>`;
    expect(platform.delivered[1]!.message).toEqual({
      text: `Bienvenue ! Ton espace est ouvert : ${link}`,
      blocks: [
        { type: 'text', text: 'Bienvenue !' },
        { type: 'context', text: link },
      ],
    });
  });

  it('a message after one that failed still goes out, without the link and its lead-in colon', async () => {
    await enqueue('space', { target: { kind: 'group', userIds: ['U1', 'U2'] } });
    await welcome('space');
    const platform = createPlatform();
    platform.failNext(new DeliveryError('permanent', 'too_many_users'));
    await drain(sender(platform));
    expect(await row('space')).toMatchObject({ status: 'failed' });
    expect(platform.delivered.map((d) => d.message)).toEqual([
      { text: 'Bienvenue ! Ton espace est ouvert', blocks: [{ type: 'text', text: 'Bienvenue !' }] },
    ]);
  });
});
