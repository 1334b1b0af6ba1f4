import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Community } from '../../src/core/community.ts';
import { communityReminderSource, reminderCatchUpMs } from '../../src/core/nudges/community-reminders.ts';
import type { DueNudge } from '../../src/core/nudges/due.ts';
import type { CommunityReminder } from '../../src/core/nudges/reminder-ports.ts';
import { withoutMarkers } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';

/**
 * A community reminder is due at each occurrence of its cron in the community's time
 * zone: found by every tick until the next one under the same key (so the outbox posts it
 * once), caught up for a day after a downtime, and never posted later than that.
 */
describe('community reminder source', () => {
  let database: Database;
  let store: Store;
  let community: Community;
  let reminder: CommunityReminder;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStore(database.prisma);
    community = await store.communities.ensure({
      platform: 'slack',
      externalId: 'T-reminders',
      timeZone: 'Europe/Paris',
    });
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.prisma.communityReminder.deleteMany({});
    // The first Tuesday of the month at 18:00 in Paris.
    reminder = await store.reminders.create({
      communityId: community.id,
      channelId: 'C-delegates',
      text: 'Réunion des déléguées ce soir <!channel>',
      schedule: 'le premier mardi du mois à 18h',
      cron: '0 18 * * 2#1',
      createdById: null,
    });
  });

  const collect = (at: string, c: Community = community) =>
    communityReminderSource.collect({ repos: store, community: c, now: new Date(at) });
  /** What the scheduler does with a due nudge: enqueue it under its key. */
  async function enqueue(due: DueNudge[]) {
    for (const nudge of due) {
      await store.outbox.enqueue({
        communityId: community.id,
        platform: 'slack',
        key: nudge.key,
        target: { kind: 'channel', channelId: (nudge.to as { channelId: string }).channelId },
        message: nudge.message,
        availableAt: 'at' in nudge.due ? nudge.due.at : new Date(),
      });
    }
  }
  const posted = () =>
    database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: `reminder:${reminder.id}:` } },
      orderBy: { key: 'asc' },
    });

  it('is due at its occurrence, to its channel, with the admin text as member text', async () => {
    expect(await collect('2026-04-07T15:59:59Z')).toEqual([]);
    const [due, ...rest] = await collect('2026-04-07T16:00:00Z');
    expect(rest).toEqual([]);
    expect(due).toMatchObject({
      kind: 'communityReminder',
      key: `reminder:${reminder.id}:2026-04-07T16:00:00.000Z`,
      to: { channelId: 'C-delegates' },
      due: { at: new Date('2026-04-07T16:00:00Z') },
    });
    expect(due!.message.text).not.toBe(reminder.text);
    expect(withoutMarkers(due!.message.text)).toBe(reminder.text);
  });

  it('is queued once per occurrence, however many ticks find it', async () => {
    for (const at of [
      '2026-04-07T16:00:00Z',
      '2026-04-07T16:01:00Z',
      '2026-04-07T23:00:00Z',
      '2026-04-08T10:00:00Z',
      '2026-05-05T16:00:30Z',
      '2026-05-05T16:05:00Z',
    ]) {
      await enqueue(await collect(at));
    }
    expect((await posted()).map((row) => row.key)).toEqual([
      `reminder:${reminder.id}:2026-04-07T16:00:00.000Z`,
      `reminder:${reminder.id}:2026-05-05T16:00:00.000Z`,
    ]);
  });

  it('catches up an occurrence missed less than a day ago, and skips an older one', async () => {
    const at = new Date('2026-04-07T16:00:00Z').getTime();
    expect(await collect(new Date(at + reminderCatchUpMs).toISOString())).toHaveLength(1);
    expect(await collect(new Date(at + reminderCatchUpMs + 60_000).toISOString())).toEqual([]);
    // Down from before April's meeting to after it by more than a day: nothing late, May comes on time.
    expect(await collect('2026-04-20T09:00:00Z')).toEqual([]);
  });

  it('gives nothing for a disabled reminder, or when the community turned community reminders off', async () => {
    await store.reminders.setEnabled(community.id, reminder.id, false);
    expect(await collect('2026-04-07T16:00:00Z')).toEqual([]);
    await store.reminders.setEnabled(community.id, reminder.id, true);
    const off = {
      ...community,
      settings: {
        ...community.settings,
        nudges: { ...community.settings.nudges, disabled: ['communityReminder' as const] },
      },
    };
    expect(await collect('2026-04-07T16:00:00Z', off)).toEqual([]);
  });

  it('follows the community time zone across the change to summer time', async () => {
    await store.reminders.create({
      communityId: community.id,
      channelId: 'C-daily',
      text: 'Bonjour',
      schedule: 'tous les jours à 9h',
      cron: '0 9 * * *',
      createdById: null,
    });
    const keys = async (at: string) =>
      (await collect(at))
        .filter((d) => 'channelId' in d.to && d.to.channelId === 'C-daily')
        .map((d) => (d.due as { at: Date }).at.toISOString());
    expect(await keys('2026-03-28T08:30:00Z')).toEqual(['2026-03-28T08:00:00.000Z']);
    // Sunday 29 March: Paris is UTC+2 from 02:00, so 9:00 is 07:00 UTC.
    expect(await keys('2026-03-29T07:00:00Z')).toEqual(['2026-03-29T07:00:00.000Z']);
    expect(await keys('2026-03-29T06:59:00Z')).toEqual(['2026-03-28T08:00:00.000Z']);
  });
});
