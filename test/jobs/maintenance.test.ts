import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import type { Platform } from '../../src/core/community.ts';
import { createMaintenance } from '../../src/jobs/maintenance.ts';
import type { Database } from '../../src/storage/database.ts';
import { createRepositories } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

const day = 24 * 60 * 60_000;
const silent = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describeEachDatabase('maintenance: old delivery keys', (kind) => {
  let database: Database;
  let repos: ReturnType<typeof createRepositories>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    repos = createRepositories(database.prisma);
  });
  afterAll(() => database?.close());
  beforeEach(() => database.prisma.$executeRawUnsafe('DELETE FROM processed_events'));

  /** Claims each key, dated `ageMs` ago by the database's own clock. */
  async function processed(ageMs: number, ...keys: string[]) {
    for (const key of keys) expect(await repos.processedEvents.claim('slack', key)).toBe(true);
    await database.prisma.$executeRaw`
      UPDATE processed_events SET processed_at = now() - make_interval(secs => ${ageMs / 1000}) WHERE event_key = ANY(${keys})`;
  }

  async function keys() {
    const rows = await database.prisma.$queryRaw<
      { event_key: string }[]
    >`SELECT event_key FROM processed_events ORDER BY event_key`;
    return rows.map((row) => row.event_key);
  }

  it('forgets keys older than seven days and keeps the newer ones', async () => {
    await processed(8 * day, 'old-1', 'old-2');
    await processed(6 * day, 'recent');
    await processed(0, 'now');
    const maintenance = createMaintenance({
      processedEvents: repos.processedEvents,
      clock: systemClock,
      logger: silent,
    });

    expect(await maintenance.runOnce()).toBe(2);
    expect(await keys()).toEqual(['now', 'recent']);
    // A forgotten key is new again; a kept one is still a replay.
    expect(await repos.processedEvents.claim('slack', 'old-1')).toBe(true);
    expect(await repos.processedEvents.claim('slack', 'recent')).toBe(false);
  });

  it('runs at start and then on its schedule, until stopped', async () => {
    await processed(8 * day, 'before-start');
    const maintenance = createMaintenance({
      processedEvents: repos.processedEvents,
      clock: systemClock,
      logger: silent,
      options: { everyMs: 20 },
    });
    maintenance.start();
    try {
      await expect.poll(keys).toEqual([]);
      await processed(8 * day, 'while-running');
      await expect.poll(keys).toEqual([]);
    } finally {
      await maintenance.stop();
    }
  });

  it('lets several instances purge at the same time, each key forgotten once', async () => {
    const old = Array.from({ length: 40 }, (_, i) => `old-${String(i).padStart(2, '0')}`);
    await processed(8 * day, ...old);
    await processed(day, 'kept');
    const instances = Array.from({ length: 3 }, () =>
      createMaintenance({ processedEvents: repos.processedEvents, clock: systemClock, logger: silent }),
    );

    const purged = await Promise.all(instances.map((instance) => instance.runOnce()));
    expect(purged.reduce((sum, count) => sum + count, 0)).toBe(old.length);
    expect(await keys()).toEqual(['kept']);
  });

  it('gives back a released key, for its platform only', async () => {
    const both: Platform[] = ['slack', 'discord'];
    for (const platform of both) expect(await repos.processedEvents.claim(platform, 'retry-me')).toBe(true);
    await repos.processedEvents.release('slack', 'retry-me');
    expect(await repos.processedEvents.claim('slack', 'retry-me')).toBe(true);
    expect(await repos.processedEvents.claim('discord', 'retry-me')).toBe(false);
  });
});
