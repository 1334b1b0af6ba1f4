import type { AuditLog } from '../../core/community.ts';
import type { Db } from './db.ts';

export function createAuditLog(prisma: Db): AuditLog {
  return {
    async record({ communityId, actorId, action, targetType, targetId, details }) {
      await prisma.auditLog.create({
        data: { communityId, actorId, action, targetType, targetId, details: (details ?? {}) as object },
      });
    },
    async list(communityId, { limit = 50, action } = {}) {
      const rows = await prisma.auditLog.findMany({
        where: { communityId, ...(action ? { action } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map((row) => ({
        communityId: row.communityId,
        actorId: row.actorId,
        action: row.action,
        ...(row.targetType ? { targetType: row.targetType } : {}),
        ...(row.targetId ? { targetId: row.targetId } : {}),
        details: row.details as Record<string, unknown>,
        at: row.createdAt,
      }));
    },
  };
}
