import type { PostedRequest, PostedRequestRepository } from '../../core/matching/ports.ts';
import type { PostedRequest as PostedRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toPosted = (row: PostedRow): PostedRequest => ({
  id: row.id,
  communityId: row.communityId,
  menteeId: row.menteeId,
  note: row.note,
  status: row.status,
  messageKey: row.messageKey,
  revision: row.revision,
  postedAt: row.postedAt,
  closedAt: row.closedAt,
});

export function createPostedRequestRepository(db: Db): PostedRequestRepository {
  return {
    async openOf(menteeId) {
      const row = await db.postedRequest.findFirst({ where: { menteeId, status: 'open' } });
      return row ? toPosted(row) : null;
    },
    async create(post) {
      // The partial unique index keeps one open post per mentee; a concurrent one returns nothing.
      const [row] = await db.postedRequest.createManyAndReturn({ data: [post], skipDuplicates: true });
      return row ? toPosted(row) : null;
    },
    async revise(id, change) {
      const row = await db.postedRequest.update({
        where: { id },
        data: {
          revision: { increment: 1 },
          ...(change.note !== undefined ? { note: change.note } : {}),
          ...(change.closedAt ? { status: 'closed' as const, closedAt: change.closedAt } : {}),
        },
      });
      return toPosted(row);
    },
  };
}
