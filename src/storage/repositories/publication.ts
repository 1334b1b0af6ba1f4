import type { Day } from '../../core/nudges/local-time.ts';
import { SlotTakenError, type PublicationRepository } from '../../core/posts/publication-ports.ts';
import type { SubmissionStatus } from '../../core/posts/submission.ts';
import type { Db } from './db.ts';
import { toSubmission } from './submissions.ts';

/** A local day as the DATE columns take it (midnight UTC of that day). */
const dateOf = (day: Day) => new Date(`${day}T00:00:00Z`);
const dayOf = (date: Date): Day => date.toISOString().slice(0, 10);

/** Publication order: the rank moderators can change (approval time by default), then age. */
const queueOrder = [
  { queueRank: { sort: 'asc' as const, nulls: 'last' as const } },
  { createdAt: 'asc' as const },
  { id: 'asc' as const },
];

const statuses: SubmissionStatus[] = ['pending', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'published'];

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === 'P2002';

export function createPublicationRepository(db: Db): PublicationRepository {
  return {
    async queue(communityId, limit, offset = 0) {
      const rows = await db.submission.findMany({
        where: { communityId, status: 'approved' },
        orderBy: queueOrder,
        take: limit,
        skip: offset,
      });
      return rows.map(toSubmission);
    },
    async queueLength(communityId) {
      return db.submission.count({ where: { communityId, status: 'approved' } });
    },
    async queueAuthors(communityId, limit) {
      const rows = await db.submission.findMany({
        where: { communityId, status: 'approved' },
        orderBy: queueOrder,
        take: limit,
        select: { authorId: true },
      });
      return rows.map((row) => row.authorId);
    },
    async nextApproved(communityId, notAuthorId) {
      // The lock first, then the read: the post as it is now, after whoever held it.
      const [first] = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM submissions
          WHERE community_id = $1::uuid AND status = 'approved' AND ($2::uuid IS NULL OR author_id <> $2::uuid)
          ORDER BY queue_rank ASC NULLS LAST, created_at ASC, id ASC
          LIMIT 1 FOR UPDATE`,
        communityId,
        notAuthorId,
      );
      if (!first) return null;
      const row = await db.submission.findUnique({ where: { id: first.id } });
      return row ? toSubmission(row) : null;
    },
    async lastPublishedAuthor(communityId) {
      const row = await db.submission.findFirst({
        where: { communityId, status: 'published' },
        orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
        select: { authorId: true },
      });
      return row?.authorId ?? null;
    },
    async takenSlots(communityId, day) {
      const rows = await db.submission.findMany({
        where: { communityId, status: 'published', publishedOn: dateOf(day), publishSlot: { not: null } },
        select: { publishSlot: true },
      });
      return rows.map((row) => row.publishSlot as number);
    },
    async publish(id, { day, slot, at }) {
      try {
        const { count } = await db.submission.updateMany({
          where: { id, status: 'approved' },
          data: {
            status: 'published',
            publishedOn: dateOf(day),
            publishSlot: slot,
            publishedAt: at,
            revision: { increment: 1 },
            updatedAt: at,
          },
        });
        return count === 1;
      } catch (error) {
        // submissions_one_per_slot: another instance published this slot first.
        if (isUniqueViolation(error)) throw new SlotTakenError();
        throw error;
      }
    },
    async setRank(id, rank) {
      // Not a decision: the revision (and the moderation card's buttons) stay as they are.
      const { count } = await db.submission.updateMany({
        where: { id, status: 'approved' },
        data: { queueRank: rank },
      });
      return count === 1;
    },
    async publishedCountOf(authorId) {
      return db.submission.count({ where: { authorId, status: 'published' } });
    },

    async isSkipped(communityId, day) {
      return (await db.publicationSkip.count({ where: { communityId, day: dateOf(day) } })) > 0;
    },
    async skipsFrom(communityId, from) {
      const rows = await db.publicationSkip.findMany({
        where: { communityId, day: { gte: dateOf(from) } },
        orderBy: { day: 'asc' },
        select: { day: true },
      });
      return rows.map((row) => dayOf(row.day));
    },
    async addSkip(communityId, day, createdById) {
      const { count } = await db.publicationSkip.createMany({
        data: [{ communityId, day: dateOf(day), createdById }],
        skipDuplicates: true,
      });
      return count === 1;
    },
    async removeSkip(communityId, day) {
      const { count } = await db.publicationSkip.deleteMany({ where: { communityId, day: dateOf(day) } });
      return count > 0;
    },

    async exportable(communityId) {
      const rows = await db.submission.findMany({
        where: { communityId, consent: 'social', status: { in: ['approved', 'published'] } },
        orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, ...queueOrder],
      });
      return rows.map(toSubmission);
    },
    async countByStatus(communityId) {
      const groups = await db.submission.groupBy({ by: ['status'], where: { communityId }, _count: { _all: true } });
      const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<SubmissionStatus, number>;
      for (const group of groups) counts[group.status] = group._count._all;
      return counts;
    },
    async publishedBetween(communityId, from, to) {
      return db.submission.count({
        where: { communityId, status: 'published', publishedOn: { gte: dateOf(from), lt: dateOf(to) } },
      });
    },
    async failedPublicationKeys(communityId) {
      const rows = await db.outboxMessage.findMany({
        where: {
          communityId,
          status: 'failed',
          OR: [{ key: { startsWith: 'posts.publish:' } }, { key: { startsWith: 'posts.publish-now:' } }],
        },
        orderBy: { createdAt: 'asc' },
        select: { key: true },
      });
      return rows.map((row) => row.key);
    },
  };
}
