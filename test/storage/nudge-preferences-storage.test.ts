import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Community } from '../../src/core/community.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

/** Her nudge preferences and the community reminders, stored the same on both databases. */
describeEachDatabase('nudge preferences and reminders storage', (kind) => {
  let database: Database;
  let store: Store;
  let community: Community;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    community = await store.communities.ensure({ platform: 'slack', externalId: 'T-storage' });
  });
  afterAll(() => database?.close());

  it('reads a new member with no preferences of her own', async () => {
    const member = await store.members.ensure({ communityId: community.id, externalUserId: 'U-new' });
    expect(member).toMatchObject({
      timeZone: null,
      quietFrom: null,
      quietTo: null,
      snoozedUntil: null,
      nudgeOptOut: [],
    });
  });

  it('round-trips quiet hours, snooze and opt-outs, and drops a kind that no longer exists', async () => {
    const member = await store.members.ensure({ communityId: community.id, externalUserId: 'U-prefs' });
    const until = new Date('2026-05-01T04:00:00Z');
    const updated = await store.members.update(member.id, {
      quietFrom: 22 * 60,
      quietTo: 7 * 60,
      snoozedUntil: until,
      nudgeOptOut: ['ghost', 'checkin'],
    });
    expect(updated).toMatchObject({
      quietFrom: 1320,
      quietTo: 420,
      snoozedUntil: until,
      nudgeOptOut: ['ghost', 'checkin'],
    });
    await database.prisma.member.update({ where: { id: member.id }, data: { nudgeOptOut: ['ghost', 'retiredKind'] } });
    expect((await store.members.get(member.id)).nudgeOptOut).toEqual(['ghost']);
  });

  it('adopts the platform time zone on first contact and never over her own', async () => {
    const first = await store.members.ensure({
      communityId: community.id,
      externalUserId: 'U-tz',
      timeZone: 'Pacific/Noumea',
    });
    expect(first.timeZone).toBe('Pacific/Noumea');
    await store.members.update(first.id, { timeZone: 'Europe/Paris' });
    expect(
      (await store.members.ensure({ communityId: community.id, externalUserId: 'U-tz', timeZone: 'Pacific/Noumea' }))
        .timeZone,
    ).toBe('Europe/Paris');
  });

  it('lists, toggles and removes reminders within their community only', async () => {
    const other = await store.communities.ensure({ platform: 'slack', externalId: 'T-other' });
    const input = {
      channelId: 'C1',
      text: 'Réunion',
      schedule: 'tous les jours à 9h',
      cron: '0 9 * * *',
      createdById: null,
    };
    const mine = await store.reminders.create({ communityId: community.id, ...input });
    const theirs = await store.reminders.create({ communityId: other.id, ...input });
    expect((await store.reminders.list(community.id)).map((r) => r.id)).toEqual([mine.id]);
    expect(await store.reminders.setEnabled(community.id, theirs.id, false)).toBeNull();
    expect(await store.reminders.setEnabled(community.id, 'not-a-uuid', false)).toBeNull();
    expect((await store.reminders.setEnabled(community.id, mine.id, false))?.enabled).toBe(false);
    expect(await store.reminders.list(community.id, { enabled: true })).toEqual([]);
    expect(await store.reminders.remove(community.id, theirs.id)).toBeNull();
    expect((await store.reminders.remove(community.id, mine.id))?.id).toBe(mine.id);
    expect(await store.reminders.list(other.id)).toHaveLength(1);
  });
});
