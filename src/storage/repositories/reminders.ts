import type {
  CommunityReminder,
  CommunityReminderRepository,
  NudgeAttentionRepository,
} from '../../core/nudges/reminder-ports.ts';
import type { CommunityReminder as ReminderRow } from '../generated/client.ts';
import type { Db } from './db.ts';

const toReminder = (row: ReminderRow): CommunityReminder => ({
  id: row.id,
  communityId: row.communityId,
  channelId: row.channelId,
  text: row.text,
  schedule: row.schedule,
  cron: row.cron,
  enabled: row.enabled,
  createdById: row.createdById,
  createdAt: row.createdAt,
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createReminderRepository(db: Db): CommunityReminderRepository {
  return {
    async create(input) {
      return toReminder(await db.communityReminder.create({ data: input }));
    },
    async list(communityId, { enabled } = {}) {
      const rows = await db.communityReminder.findMany({
        where: { communityId, ...(enabled !== undefined ? { enabled } : {}) },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toReminder);
    },
    async setEnabled(communityId, id, enabled) {
      // An id from an old button may be anything: not a uuid is "not found", not a database error.
      if (!uuid.test(id)) return null;
      const { count } = await db.communityReminder.updateMany({ where: { id, communityId }, data: { enabled } });
      return count === 0 ? null : toReminder(await db.communityReminder.findUniqueOrThrow({ where: { id } }));
    },
    async remove(communityId, id) {
      if (!uuid.test(id)) return null;
      const row = await db.communityReminder.findFirst({ where: { id, communityId } });
      if (!row) return null;
      const { count } = await db.communityReminder.deleteMany({ where: { id, communityId } });
      return count === 0 ? null : toReminder(row);
    },
  };
}

export function createNudgeAttentionRepository(db: Db): NudgeAttentionRepository {
  return {
    async pairsNeedingAttention(communityId, ghostAfter, limit = 25) {
      const rows = await db.pair.findMany({
        where: {
          communityId,
          status: { in: ['active', 'paused'] },
          OR: [
            { silentCheckIns: { gte: ghostAfter } },
            { checkIns: { some: { answer: 'need_help', takenById: null } } },
          ],
        },
        include: {
          mentee: { select: { id: true, externalUserId: true } },
          mentor: { select: { id: true, externalUserId: true } },
          _count: { select: { checkIns: { where: { answer: 'need_help', takenById: null } } } },
        },
        orderBy: [{ silentCheckIns: 'desc' }, { startedAt: 'asc' }],
        take: limit,
      });
      return rows.map((row) => ({
        pairId: row.id,
        mentee: row.mentee,
        mentor: row.mentor,
        silentCheckIns: row.silentCheckIns,
        helpWanted: row._count.checkIns,
      }));
    },
  };
}
