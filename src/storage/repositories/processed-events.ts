import type { ProcessedEvents } from '../../core/community.ts';
import type { Member as MemberRow } from '../generated/client.ts';
import type { Db } from './db.ts';
import { memberColumns, toMember } from './members.ts';

export function createProcessedEvents(prisma: Db): ProcessedEvents {
  return {
    async claim(platform, key) {
      // One statement, so two instances receiving the same retry cannot both win.
      const inserted = await prisma.$executeRaw`
        INSERT INTO processed_events (platform, event_key) VALUES (${platform}::"Platform", ${key})
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
    async claimWithMember(platform, key, { communityId, externalUserId }) {
      // The same claim as above, and her row beside it (none: the LEFT JOIN gives nulls).
      const [row] = await prisma.$queryRawUnsafe<(Partial<MemberRow> & { claimed: boolean })[]>(
        `WITH claim AS (
           INSERT INTO processed_events (platform, event_key) VALUES ($1::"Platform", $2)
           ON CONFLICT DO NOTHING RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM claim) AS claimed, ${memberColumns('m')}
         FROM (VALUES (1)) AS one
         LEFT JOIN members m ON m.community_id = $3::uuid AND m.external_user_id = $4`,
        platform,
        key,
        communityId,
        externalUserId,
      );
      if (!row) throw new Error('the delivery claim returned no row');
      const { claimed, ...member } = row;
      return { claimed, member: member.id ? toMember(member as MemberRow) : null };
    },
    async release(platform, key) {
      await prisma.processedEvent.deleteMany({ where: { platform, eventKey: key } });
    },
    async purge(before) {
      const { count } = await prisma.processedEvent.deleteMany({ where: { processedAt: { lt: before } } });
      return count;
    },
  };
}
