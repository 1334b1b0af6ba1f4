import type { Challenge, ChallengeRepository } from '../../core/challenges/ports.ts';
import type { Challenge as ChallengeRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toChallenge = (row: ChallengeRow): Challenge => ({
  id: row.id,
  communityId: row.communityId,
  challengerId: row.challengerId,
  challengedId: row.challengedId,
  status: row.status,
  submissionId: row.submissionId,
  createdAt: row.createdAt,
  closedAt: row.closedAt,
});

export function createChallengeRepository(db: Db): ChallengeRepository {
  return {
    async create(input) {
      // ON CONFLICT DO NOTHING: an open challenge to the same person (challenges_one_open)
      // gives nothing back instead of aborting the transaction.
      const [row] = await db.challenge.createManyAndReturn({ data: [input], skipDuplicates: true });
      return row ? toChallenge(row) : null;
    },
    async openCountBy(challengerId) {
      return db.challenge.count({ where: { challengerId, status: 'open' } });
    },
    async openBetween(challengerId, challengedId) {
      const row = await db.challenge.findFirst({ where: { challengerId, challengedId, status: 'open' } });
      return row ? toChallenge(row) : null;
    },
    async closeOpenTo(challengedId, submissionId, at) {
      const rows = await db.challenge.updateManyAndReturn({
        where: { challengedId, status: 'open' },
        data: { status: 'closed', submissionId, closedAt: at },
      });
      return rows.map(toChallenge).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async links(communityId) {
      const rows = await db.challenge.findMany({
        where: { communityId, status: { in: ['open', 'closed'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toChallenge);
    },
  };
}
