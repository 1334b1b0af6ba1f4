import type { Member, MemberRepository, MemberStatus } from '../../core/community.ts';
import { isNudgeKind } from '../../core/nudges/kinds.ts';
import { isTimeZone } from '../../core/time-zone.ts';
import { resolveLocale } from '../../i18n/index.ts';
import type { Member as MemberRow } from '../generated/client.ts';
import type { Db } from './db.ts';

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    communityId: row.communityId,
    externalUserId: row.externalUserId,
    displayName: row.displayName,
    locale: row.locale ? resolveLocale(row.locale) : null,
    timeZone: row.timeZone,
    status: row.status,
    quietFrom: row.quietFrom,
    quietTo: row.quietTo,
    snoozedUntil: row.snoozedUntil,
    // A kind renamed or removed since she opted out is dropped, not a crash.
    nudgeOptOut: row.nudgeOptOut.filter(isNudgeKind),
  };
}

/** Her row's columns named as Prisma names them, for raw SQL whose rows go through toMember. */
export const memberColumns = (m: string) =>
  `${m}.id::text AS "id", ${m}.community_id::text AS "communityId", ${m}.external_user_id AS "externalUserId",
   ${m}.display_name AS "displayName", ${m}.locale, ${m}.time_zone AS "timeZone", ${m}.status::text AS "status",
   ${m}.quiet_from AS "quietFrom", ${m}.quiet_to AS "quietTo", ${m}.snoozed_until AS "snoozedUntil",
   ${m}.nudge_opt_out AS "nudgeOptOut", ${m}.left_platform_at AS "leftPlatformAt", ${m}.erased_at AS "erasedAt",
   ${m}.created_at AS "createdAt", ${m}.updated_at AS "updatedAt"`;

export function createMemberRepository(prisma: Db): MemberRepository {
  return {
    async ensure({ communityId, externalUserId, displayName, locale, timeZone }, given) {
      const known = {
        ...(displayName !== undefined ? { displayName } : {}),
        ...(locale !== undefined ? { locale } : {}),
      };
      const told = timeZone && isTimeZone(timeZone) ? timeZone : undefined;
      // Read first (unless just read): she is usually known and unchanged, and then nothing is written.
      const found =
        given !== undefined
          ? given
          : await prisma.member
              .findUnique({ where: { communityId_externalUserId: { communityId, externalUserId } } })
              .then((row) => row && toMember(row));
      const adopt = told !== undefined && !found?.timeZone;
      if (found && !adopt && Object.entries(known).every(([key, value]) => found[key as keyof typeof known] === value))
        return found;
      const row = await prisma.member.upsert({
        where: { communityId_externalUserId: { communityId, externalUserId } },
        create: { communityId, externalUserId, ...known, ...(told ? { timeZone: told } : {}) },
        update: known,
      });
      if (adopt && !row.timeZone) {
        // Only where none is stored, so a zone she chose meanwhile is never overwritten.
        await prisma.member.updateMany({ where: { id: row.id, timeZone: null }, data: { timeZone: told } });
        return toMember(await prisma.member.findUniqueOrThrow({ where: { id: row.id } }));
      }
      return toMember(row);
    },
    async find(communityId, externalUserId) {
      const row = await prisma.member.findUnique({
        where: { communityId_externalUserId: { communityId, externalUserId } },
      });
      return row ? toMember(row) : null;
    },
    async get(id) {
      return toMember(await prisma.member.findUniqueOrThrow({ where: { id } }));
    },
    async many(ids) {
      return (await prisma.member.findMany({ where: { id: { in: [...ids] } } })).map(toMember);
    },
    async update(id, change) {
      return toMember(await prisma.member.update({ where: { id }, data: change }));
    },
    async countByStatus(communityId) {
      const groups = await prisma.member.groupBy({ by: ['status'], where: { communityId }, _count: { _all: true } });
      const counts: Record<MemberStatus, number> = { active: 0, paused: 0, left: 0 };
      for (const group of groups) counts[group.status] = group._count._all;
      return counts;
    },
  };
}
