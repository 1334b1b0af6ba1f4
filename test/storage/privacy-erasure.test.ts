import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import {
  scanDatabase,
  seedEverything,
  tablesWithoutMembers,
  type Found,
  type PrivacyWorld,
} from '../support/privacy-seed.ts';

/**
 * Erasure as the GDPR asks it: Ada has a record in every table that can hold one; her
 * export holds every row a scan of the whole database finds about her; once erased, the
 * same scan (every table and column the catalog lists, bytes included) finds none of her
 * ids or texts, while what counts (a pair existed, a post was published) remains.
 */
describeEachDatabase('erasing a member', (kind) => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let database: Database;
  let services: Services;
  let world: PrivacyWorld;
  let before: Found[];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    world = await seedEverything(services, database.prisma, clock);
    before = await scanDatabase(database.prisma, [world.tag, world.ada.id]);
  }, 60_000);
  afterAll(() => database?.close());

  it('finds her, before, in every table that can hold a member', async () => {
    const tables = await database.prisma.$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const expected = tables
      .map((t) => t.table_name)
      .filter((t) => !tablesWithoutMembers.includes(t))
      .sort();
    expect([...new Set(before.map((f) => f.table))].sort()).toEqual(expected);
  });

  it('exports every row the scan finds about her', async () => {
    const parts = await services.data.collect(world.ada);
    const missing = before.filter((found) => {
      // Her images and files are in the export as files (the zip), not as rows.
      if (found.table === 'stored_files') return false;
      const part = parts.find((p) => p.table === found.table);
      return !part?.rows.some((row) =>
        Object.entries(found.key).every(
          ([column, value]) => String(row[column]).startsWith(value) || String(row[column]) === value,
        ),
      );
    });
    expect(missing).toEqual([]);
  });

  it('leaves none of her ids or texts anywhere once erased, and keeps the counts', async () => {
    const counted = async () => ({
      pairs: await database.prisma.pair.count({ where: { communityId: world.community.id } }),
      published: await database.prisma.submission.count({
        where: { communityId: world.community.id, status: 'published' },
      }),
      requests: await database.prisma.mentorshipRequest.count({ where: { communityId: world.community.id } }),
    });
    const counts = await counted();
    await services.data.export(world.community, world.ada);
    const outcome = await services.data.erase(world.community, world.ada, { removePublished: false });
    expect(outcome.erased).toBe(true);
    expect(await scanDatabase(database.prisma, [world.tag, world.ada.id, world.ada.externalUserId])).toEqual([]);
    expect(await counted()).toEqual(counts);
    // An open event no longer counts her: its groups must not place her stand-in.
    expect(
      await database.prisma.eventParticipant.count({ where: { event: { communityId: world.community.id } } }),
    ).toBe(0);
    // Her mentor is told, kindly, with nothing of hers in the message.
    const told = await database.prisma.outboxMessage.findMany({
      where: { communityId: world.community.id, key: { startsWith: 'data.erased.pair:' } },
    });
    expect(told.map((row) => row.target)).toEqual([{ kind: 'dm', userId: world.mentor.externalUserId }]);
  });

  it('finds nothing the second time, and says so', async () => {
    const again = await services.store.members.ensure({
      communityId: world.community.id,
      externalUserId: world.ada.externalUserId,
      displayName: world.ada.displayName,
    });
    expect(again.id).not.toBe(world.ada.id);
    expect(await services.data.erase(world.community, again, { removePublished: false })).toEqual({ erased: false });
    // Erasing the old row again (a second instance, a double click) finds her gone.
    expect(await services.data.erase(world.community, world.ada, { removePublished: false })).toEqual({
      erased: false,
    });
  });
});
