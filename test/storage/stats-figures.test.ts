import { afterAll, beforeAll, expect, it } from 'vitest';
import { membersOfRegion } from '../../src/core/regions/regions.ts';
import { periodWindow, type Period } from '../../src/core/stats/period.ts';
import type { RegionScope, StatsFigures } from '../../src/core/stats/ports.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { seedStats, statsNow, type StatsWorld } from '../support/stats-seed.ts';

/**
 * The figures of `stats` from the database, on seeded data whose every number was counted
 * by hand (test/support/stats-seed.ts): members by role, situation and status, the median
 * wait, requests in every state, pairs, check-ins, the monthly series cut in the
 * community's time zone, a period, and the region filter.
 */
describeEachDatabase('stats figures', (kind) => {
  let database: Database;
  let store: Store;
  let world: StatsWorld;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    world = await seedStats(store, database.prisma);
  });
  afterAll(() => database?.close());

  const figures = (period: Period, region: RegionScope | null = null): Promise<StatsFigures> => {
    const window = periodWindow(period, statsNow, 'Europe/Paris');
    return store.stats.figures({
      communityId: world.community.id,
      ...window,
      now: statsNow,
      timeZone: 'Europe/Paris',
      region,
    });
  };

  it('counts members by status, role and situation, and those who joined in the period', async () => {
    const { members } = await figures('6months');
    expect(members).toEqual({
      current: 8,
      byStatus: { active: 7, paused: 1, left: 1 },
      byRole: { mentor: 1, mentee: 5, both: 1, peer: 1 },
      bySituation: { student: 2, junior: 1, experienced: 1, 'career-change': 3, returning: 1, unknown: 0 },
      joined: 8,
    });
    expect((await figures('month')).members.joined).toBe(2);
    expect((await figures('all')).members.joined).toBe(9);
  });

  it('gives the waiting mentees and the median of how long they have waited (since joining, or since their last pair ended)', async () => {
    // a waits 10 days, b 2, d 4 (her pair ended); m2 is paired as a mentee, g paused, f gone.
    expect((await figures('month')).waiting).toEqual({ mentees: 3, medianDays: 4 });
  });

  it('counts the period’s requests by what became of them, a past-due one as expired', async () => {
    expect((await figures('6months')).requests).toEqual({
      sent: 7,
      offered: 3,
      accepted: 1,
      declined: 1,
      expired: 2,
      cancelled: 1,
      open: 2,
    });
    expect((await figures('month')).requests).toEqual({
      sent: 3,
      offered: 2,
      accepted: 0,
      declined: 0,
      expired: 0,
      cancelled: 1,
      open: 2,
    });
    expect((await figures('all')).requests).toMatchObject({ sent: 8, declined: 2 });
  });

  it('counts pairs active and paused now, started and ended in the period', async () => {
    expect((await figures('6months')).pairs).toEqual({ active: 2, paused: 1, started: 3, ended: 1 });
    expect((await figures('month')).pairs).toEqual({ active: 2, paused: 1, started: 0, ended: 1 });
    expect((await figures('all')).pairs).toEqual({ active: 2, paused: 1, started: 5, ended: 2 });
  });

  it('counts the check-ins due in the period by answer', async () => {
    expect((await figures('6months')).checkIns).toEqual({ due: 5, met: 2, notYet: 1, needHelp: 1 });
    expect((await figures('month')).checkIns).toEqual({ due: 0, met: 0, notYet: 0, needHelp: 0 });
    expect((await figures('all')).checkIns).toEqual({ due: 6, met: 3, notYet: 1, needHelp: 1 });
  });

  it('gives one entry per month of the chart, cut in the community’s time zone, zero-filled', async () => {
    expect((await figures('6months')).months).toEqual([
      { month: '2026-01', members: 2, pairs: 0, posts: 0 },
      { month: '2026-02', members: 1, pairs: 1, posts: 0 },
      { month: '2026-03', members: 1, pairs: 1, posts: 0 },
      { month: '2026-04', members: 1, pairs: 0, posts: 0 },
      { month: '2026-05', members: 1, pairs: 1, posts: 2 },
      { month: '2026-06', members: 2, pairs: 0, posts: 1 },
    ]);
    const year = (await figures('all')).months;
    expect(year.map((m) => m.month)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(year.slice(0, 6)).toEqual([
      { month: '2025-07', members: 0, pairs: 0, posts: 0 },
      { month: '2025-08', members: 0, pairs: 0, posts: 0 },
      { month: '2025-09', members: 0, pairs: 1, posts: 0 },
      { month: '2025-10', members: 0, pairs: 0, posts: 0 },
      { month: '2025-11', members: 1, pairs: 0, posts: 0 },
      { month: '2025-12', members: 0, pairs: 1, posts: 1 },
    ]);
  });

  it('filters by region: members of the region, and the requests, pairs, check-ins and posts that follow them', async () => {
    const lyon = await figures('6months', {
      memberIds: await membersOfRegion(store, world.community.id, 'auvergne rhone alpes'),
    });
    expect(lyon.members).toEqual({
      current: 5,
      byStatus: { active: 4, paused: 1, left: 1 },
      byRole: { mentor: 1, mentee: 4, both: 0, peer: 0 },
      bySituation: { student: 0, junior: 0, experienced: 1, 'career-change': 3, returning: 1, unknown: 0 },
      joined: 5,
    });
    expect(lyon.waiting).toEqual({ mentees: 2, medianDays: 7 });
    expect(lyon.requests).toEqual({ sent: 5, offered: 3, accepted: 1, declined: 1, expired: 0, cancelled: 1, open: 2 });
    expect(lyon.pairs).toEqual({ active: 1, paused: 1, started: 2, ended: 1 });
    expect(lyon.checkIns).toEqual({ due: 5, met: 2, notYet: 1, needHelp: 1 });
    expect(lyon.months.map((m) => [m.members, m.pairs, m.posts])).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 1],
    ]);

    const nowhere = await figures('6months', { memberIds: [] });
    expect(nowhere.members.current).toBe(0);
    expect(nowhere.waiting).toEqual({ mentees: 0, medianDays: null });
    expect(nowhere.requests.sent).toBe(0);
    expect(nowhere.pairs).toEqual({ active: 0, paused: 0, started: 0, ended: 0 });
  });

  it('reads nothing of another community', async () => {
    const other = await store.communities.find('discord', 'G-stats-other');
    const window = periodWindow('all', statsNow, 'Europe/Paris');
    const theirs = await store.stats.figures({
      communityId: other!.id,
      ...window,
      now: statsNow,
      timeZone: 'Europe/Paris',
      region: null,
    });
    expect(theirs.members.current).toBe(2);
    expect(theirs.pairs.active).toBe(1);
    expect(theirs.requests.sent).toBe(1);
    expect(theirs.months.reduce((sum, m) => sum + m.posts, 0)).toBe(0);
  });
});
