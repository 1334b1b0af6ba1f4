import type { Community, CommunityRepository, CommunitySettings } from '../../core/community.ts';
import { communitySettingsSchema } from '../../core/community.ts';
import { resolveLocale } from '../../i18n/index.ts';
import type { Db } from './db.ts';
import type { Community as CommunityRow } from '../generated/client.ts';

export function toCommunity(row: CommunityRow): Community {
  return {
    id: row.id,
    platform: row.platform,
    externalId: row.externalId,
    name: row.name,
    locale: resolveLocale(row.locale),
    timeZone: row.timeZone,
    settings: communitySettingsSchema.parse(row.settings ?? {}),
  };
}

const json = (settings: CommunitySettings) => communitySettingsSchema.parse(settings) as object;

export function createCommunityRepository(prisma: Db): CommunityRepository {
  return {
    async ensure({ platform, externalId, name, locale, timeZone }) {
      // Read first: nearly every interaction finds its community unchanged, and a write
      // per interaction would cost a row version each time on PostgreSQL.
      const found = await prisma.community.findUnique({ where: { platform_externalId: { platform, externalId } } });
      if (found && (name === undefined || found.name === name)) return toCommunity(found);
      // Upsert keeps the name current (guilds get renamed), never resets settings, and
      // settles two first contacts racing each other.
      const row = await prisma.community.upsert({
        where: { platform_externalId: { platform, externalId } },
        create: {
          platform,
          externalId,
          name: name ?? externalId,
          ...(locale ? { locale } : {}),
          ...(timeZone ? { timeZone } : {}),
        },
        update: name ? { name } : {},
      });
      return toCommunity(row);
    },
    async find(platform, externalId) {
      const row = await prisma.community.findUnique({ where: { platform_externalId: { platform, externalId } } });
      return row ? toCommunity(row) : null;
    },
    async findById(id) {
      const row = await prisma.community.findUnique({ where: { id } });
      return row ? toCommunity(row) : null;
    },
    async get(id) {
      return toCommunity(await prisma.community.findUniqueOrThrow({ where: { id } }));
    },
    async lock(id) {
      // FOR UPDATE makes a second writer wait here until the first commits, then read its write.
      const locked = await prisma.$queryRaw<
        { id: string }[]
      >`SELECT id FROM communities WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new Error(`community ${id} not found`);
      return toCommunity(await prisma.community.findUniqueOrThrow({ where: { id } }));
    },
    async update(id, { settings, ...change }) {
      const row = await prisma.community.update({
        where: { id },
        data: { ...change, ...(settings ? { settings: json(settings) } : {}) },
      });
      return toCommunity(row);
    },
  };
}
