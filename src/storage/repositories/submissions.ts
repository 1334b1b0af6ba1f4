import type { SubmissionChange, SubmissionDraft, SubmissionRepository } from '../../core/posts/ports.ts';
import type { Category, Consent, Credit, Submission } from '../../core/posts/submission.ts';
import type { Submission as SubmissionRow } from '../generated/client.ts';
import type { Db } from './db.ts';

export const toSubmission = (row: SubmissionRow): Submission => ({
  id: row.id,
  communityId: row.communityId,
  authorId: row.authorId,
  category: row.category as Category,
  caption: row.caption,
  image: row.imageSha256
    ? { sha256: row.imageSha256, name: row.imageName ?? 'image', mime: row.imageMime ?? 'application/octet-stream' }
    : null,
  credit: row.credit as Credit,
  creditHandle: row.creditHandle,
  consent: row.consent as Consent,
  status: row.status,
  revision: row.revision,
  decidedById: row.decidedById,
  decidedAt: row.decidedAt,
  decisionNote: row.decisionNote,
  queueRank: row.queueRank,
  // A DATE column comes back as midnight UTC of that day.
  publishedOn: row.publishedOn ? row.publishedOn.toISOString().slice(0, 10) : null,
  publishSlot: row.publishSlot,
  publishedAt: row.publishedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

function changeData(change: SubmissionChange, at: Date) {
  return {
    status: change.status,
    revision: { increment: 1 },
    updatedAt: at,
    ...(change.caption !== undefined ? { caption: change.caption } : {}),
    ...(change.image !== undefined
      ? {
          imageSha256: change.image?.sha256 ?? null,
          imageName: change.image?.name ?? null,
          imageMime: change.image?.mime ?? null,
        }
      : {}),
    ...(change.creditHandle !== undefined ? { creditHandle: change.creditHandle } : {}),
    ...(change.decidedById !== undefined ? { decidedById: change.decidedById } : {}),
    ...(change.decidedAt !== undefined ? { decidedAt: change.decidedAt } : {}),
    ...(change.decisionNote !== undefined ? { decisionNote: change.decisionNote } : {}),
    ...(change.queueRank !== undefined ? { queueRank: change.queueRank } : {}),
  };
}

export function createSubmissionRepository(db: Db): SubmissionRepository {
  return {
    async create(submission) {
      const { image, ...rest } = submission;
      const row = await db.submission.create({
        data: {
          ...rest,
          updatedAt: submission.createdAt,
          imageSha256: image?.sha256 ?? null,
          imageName: image?.name ?? null,
          imageMime: image?.mime ?? null,
        },
      });
      return toSubmission(row);
    },
    async get(id) {
      const row = await db.submission.findUnique({ where: { id } });
      return row ? toSubmission(row) : null;
    },
    async lock(id) {
      // The lock first, then the read: what the row is now, after any decision that held it.
      const locked = await db.$queryRawUnsafe<{ id: string }[]>(
        'SELECT id FROM submissions WHERE id = $1::uuid FOR UPDATE',
        id,
      );
      if (locked.length === 0) return null;
      const row = await db.submission.findUnique({ where: { id } });
      return row ? toSubmission(row) : null;
    },
    async transition(id, { from, revision }, change, at) {
      const [row] = await db.submission.updateManyAndReturn({
        where: { id, revision, status: { in: [...from] } },
        data: changeData(change, at),
      });
      return row ? toSubmission(row) : null;
    },
    async listOf(authorId, statuses) {
      const rows = await db.submission.findMany({
        where: { authorId, ...(statuses ? { status: { in: [...statuses] } } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return rows.map(toSubmission);
    },
    async draftOf(memberId) {
      const row = await db.submissionDraft.findUnique({ where: { memberId } });
      return row ? (row.values as SubmissionDraft) : null;
    },
    async saveDraft(memberId, draft) {
      const values = JSON.parse(JSON.stringify(draft)) as object;
      await db.submissionDraft.upsert({ where: { memberId }, create: { memberId, values }, update: { values } });
    },
    async deleteDraft(memberId) {
      await db.submissionDraft.deleteMany({ where: { memberId } });
    },
  };
}
