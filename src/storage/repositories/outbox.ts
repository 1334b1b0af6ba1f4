import type { Platform } from '../../core/community.ts';
import type { OutboxRepository, OutboxRow, OutboxStatus, OutboxTarget, PlatformRef } from '../../core/outbox.ts';
import type { Message } from '../../core/reply.ts';
import type { Db } from './db.ts';

interface RawRow {
  id: string;
  community_id: string;
  platform: Platform;
  key: string;
  target: OutboxTarget;
  message: Message;
  status: OutboxStatus;
  attempts: number;
  available_at: Date;
  last_error: string | null;
  platform_ref: PlatformRef | null;
  previous?: OutboxStatus;
}

function toRow(raw: RawRow): OutboxRow {
  return {
    id: raw.id,
    communityId: raw.community_id,
    platform: raw.platform,
    key: raw.key,
    target: raw.target,
    message: raw.message,
    status: raw.status,
    attempts: Number(raw.attempts),
    availableAt: new Date(raw.available_at),
    lastError: raw.last_error,
    platformRef: raw.platform_ref,
    ...(raw.previous === 'sending' ? { recovered: true } : {}),
  };
}

const columns = `id, community_id, platform::text AS platform, key, target, message, status::text AS status, attempts,
  available_at, last_error, platform_ref`;

export function createOutboxRepository(db: Db): OutboxRepository {
  return {
    async enqueue(entry) {
      const created = await db.outboxMessage.createMany({
        data: [
          {
            communityId: entry.communityId,
            platform: entry.platform,
            key: entry.key,
            target: entry.target as object,
            message: entry.message as object,
            availableAt: entry.availableAt,
          },
        ],
        skipDuplicates: true,
      });
      return created.count === 1;
    },

    async claim(now, limit, leaseMs, platforms) {
      // One statement: rows are locked, skipped by other senders, and leased together,
      // so several instances share the queue without sending a row twice.
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `WITH due AS (
           SELECT id, status AS previous FROM outbox_messages
           WHERE ((status = 'pending' AND available_at <= $1) OR (status = 'sending' AND lease_until < $1))
             AND platform::text = ANY($4::text[])
           ORDER BY available_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox_messages o SET status = 'sending', lease_until = $3, attempts = o.attempts + 1
         FROM due WHERE o.id = due.id
         RETURNING o.id, o.community_id, o.platform::text AS platform, o.key, o.target, o.message, o.status::text AS status,
           o.attempts, o.available_at, o.last_error, o.platform_ref, due.previous::text AS previous`,
        now,
        limit,
        new Date(now.getTime() + leaseMs),
        platforms,
      );
      return rows.map(toRow).sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime());
    },

    async markSent(id, ref, now) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'sent', platformRef: ref as object, sentAt: now, leaseUntil: null, lastError: null } });
    },
    async retryLater(id, at, error, refund = false) {
      await db.outboxMessage.update({
        where: { id },
        data: { status: 'pending', availableAt: at, leaseUntil: null, lastError: error, ...(refund ? { attempts: { decrement: 1 } } : {}) },
      });
    },
    async markFailed(id, error) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'failed', leaseUntil: null, lastError: error } });
    },
    async failed(communityId, limit = 20) {
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `SELECT ${columns} FROM outbox_messages WHERE community_id = $1::uuid AND status = 'failed' ORDER BY created_at DESC LIMIT $2`,
        communityId,
        limit,
      );
      return rows.map(toRow);
    },
    async requeueFailed(communityId, now) {
      const { count } = await db.outboxMessage.updateMany({
        where: { communityId, status: 'failed' },
        data: { status: 'pending', availableAt: now, attempts: 0, lastError: null },
      });
      return count;
    },
    async get(communityId, key) {
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `SELECT ${columns} FROM outbox_messages WHERE community_id = $1::uuid AND key = $2`,
        communityId,
        key,
      );
      return rows[0] ? toRow(rows[0]) : null;
    },
    async counts(communityId) {
      const groups = await db.outboxMessage.groupBy({ by: ['status'], where: { communityId }, _count: { _all: true } });
      const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const group of groups) counts[group.status] = group._count._all;
      return counts;
    },
  };
}
