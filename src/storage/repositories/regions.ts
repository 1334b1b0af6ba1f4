import type { Region, RegionRepository } from '../../core/regions/ports.ts';
import type { Region as RegionRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toRegion = (row: RegionRow): Region => ({
  id: row.id,
  communityId: row.communityId,
  name: row.name,
  aliases: row.aliases ?? [],
  delegateId: row.delegateId,
  createdAt: row.createdAt,
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createRegionRepository(db: Db): RegionRepository {
  return {
    async list(communityId) {
      return (await db.region.findMany({ where: { communityId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(
        toRegion,
      );
    },
    async get(id) {
      if (!uuid.test(id)) return null;
      const row = await db.region.findUnique({ where: { id } });
      return row ? toRegion(row) : null;
    },
    async create(region) {
      const [row] = await db.region.createManyAndReturn({ data: [region], skipDuplicates: true });
      return row ? toRegion(row) : null;
    },
    async update(communityId, id, change) {
      if (!uuid.test(id)) return null;
      const { count } = await db.region.updateMany({ where: { id, communityId }, data: change });
      return count === 0 ? null : toRegion(await db.region.findUniqueOrThrow({ where: { id } }));
    },
    async remove(communityId, id) {
      if (!uuid.test(id)) return null;
      const row = await db.region.findFirst({ where: { id, communityId } });
      if (!row) return null;
      const { count } = await db.region.deleteMany({ where: { id, communityId } });
      return count === 0 ? null : toRegion(row);
    },
    async places(communityId) {
      // Only the region each one typed: a large community's profiles are not read whole.
      const rows = await db.$queryRawUnsafe<{ member_id: string; region: string }[]>(
        `SELECT p.member_id::text AS member_id, p.answers->>'region' AS region
           FROM profiles p
          WHERE p.community_id = $1::uuid AND coalesce(p.answers->>'region', '') <> ''`,
        communityId,
      );
      return rows.map((r) => ({ memberId: r.member_id, region: r.region }));
    },
  };
}
