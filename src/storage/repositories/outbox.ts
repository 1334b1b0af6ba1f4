import { randomBytes } from 'node:crypto';
import type { Platform } from '../../core/community.ts';
import type {
  EditTurn,
  Lease,
  OutboxProgress,
  OutboxRepository,
  OutboxRow,
  OutboxStatus,
  OutboxTarget,
  PlatformRef,
} from '../../core/outbox.ts';
import type { Message } from '../../core/reply-model.ts';
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
  lease_token: string | null;
  progress: OutboxProgress | null;
  after: string | null;
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
    leaseToken: raw.lease_token,
    progress: raw.progress ?? {},
    ...(raw.after ? { after: raw.after } : {}),
    ...(raw.previous === 'sending' ? { recovered: true } : {}),
  };
}

const columns = (alias = '') =>
  [
    'id',
    'community_id',
    'platform::text AS platform',
    'key',
    'target',
    'message',
    'status::text AS status',
    'attempts',
    'available_at',
    'last_error',
    'platform_ref',
    'lease_token::text AS lease_token',
    'progress',
    'after',
  ]
    .map((c) => `${alias}${c}`)
    .join(', ');

/** Entries per INSERT of enqueueMany: big enough to make the round trips few, small enough to keep one parameter modest. */
const enqueueChunk = 500;

/**
 * Time-ordered ids (UUIDv7, as Prisma's uuid(7) default makes them): claims and edits order
 * rows by id after time, so rows enqueued together keep their order. The 12 bits after the
 * milliseconds count up within one millisecond.
 */
function createIdMaker() {
  let lastMs = 0;
  let sequence = 0;
  return () => {
    let ms = Date.now();
    if (ms > lastMs) sequence = 0;
    else if (++sequence <= 0xfff) ms = lastMs;
    else [ms, sequence] = [lastMs + 1, 0];
    lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (sequence >> 8);
    bytes[7] = sequence & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
const nextId = createIdMaker();

/** The row is still this sender's: nobody claimed it since (a claim gives it a new token). */
const fenced = `id = $1::uuid AND lease_token = $2::uuid AND status = 'sending'`;

export function createOutboxRepository(db: Db): OutboxRepository {
  const update = async (set: string, lease: Lease, ...params: unknown[]) =>
    (await db.$executeRawUnsafe(
      `UPDATE outbox_messages SET ${set} WHERE ${fenced}`,
      lease.id,
      lease.token,
      ...params,
    )) === 1;

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
            ...(entry.after ? { after: entry.after } : {}),
          },
        ],
        skipDuplicates: true,
      });
      return created.count === 1;
    },

    async enqueueMany(entries) {
      let created = 0;
      for (let start = 0; start < entries.length; start += enqueueChunk) {
        const rows = entries.slice(start, start + enqueueChunk).map((e) => ({
          id: nextId(),
          community_id: e.communityId,
          platform: e.platform,
          key: e.key,
          target: e.target,
          message: e.message,
          available_at: e.availableAt.toISOString(),
          after: e.after ?? null,
        }));
        // One statement for the chunk; the unique (community, key) skips what exists, as enqueue does.
        created += await db.$executeRawUnsafe(
          `INSERT INTO outbox_messages (id, community_id, platform, key, target, message, available_at, after)
           SELECT r.id, r.community_id, r.platform::"Platform", r.key, r.target, r.message, r.available_at, r.after
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, community_id uuid, platform text, key text, target jsonb, message jsonb, available_at timestamptz, after text)
           ON CONFLICT (community_id, key) DO NOTHING`,
          JSON.stringify(rows),
        );
      }
      return created;
    },

    async claim(now, limit, leaseMs, platforms) {
      // One statement: rows are locked, skipped by other senders, and each gets its own
      // lease token, so a sender whose lease ran out can no longer change the row.
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `WITH due AS (
           SELECT id, status AS previous FROM outbox_messages
           WHERE ((status = 'pending' AND available_at <= $1) OR (status = 'sending' AND lease_until < $1))
             AND platform::text = ANY($4::text[])
           ORDER BY available_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox_messages o SET status = 'sending', lease_until = $3, lease_token = gen_random_uuid(), attempts = o.attempts + 1
         FROM due WHERE o.id = due.id
         RETURNING ${columns('o.')}, due.previous::text AS previous`,
        now,
        limit,
        new Date(now.getTime() + leaseMs),
        platforms,
      );
      return rows.map(toRow).sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime());
    },

    async renew(leases, until) {
      if (leases.length === 0) return [];
      const rows = await db.$queryRawUnsafe<{ id: string }[]>(
        `UPDATE outbox_messages o SET lease_until = $3
         FROM unnest($1::uuid[], $2::uuid[]) AS l(id, token)
         WHERE o.id = l.id AND o.lease_token = l.token AND o.status = 'sending'
         RETURNING o.id::text AS id`,
        leases.map((l) => l.id),
        leases.map((l) => l.token),
        until,
      );
      return rows.map((r) => r.id);
    },
    async begin(lease, now, until) {
      const rows = await db.$queryRawUnsafe<{ progress: OutboxProgress }[]>(
        `UPDATE outbox_messages SET lease_until = $3,
           progress = CASE WHEN progress->>'startedAt' IS NULL THEN progress || jsonb_build_object('startedAt', $4::text) ELSE progress END
         WHERE ${fenced} RETURNING progress`,
        lease.id,
        lease.token,
        until,
        now.toISOString(),
      );
      return rows[0]?.progress ?? null;
    },
    saveProgress: (lease, progress) => update(`progress = progress || $3::jsonb`, lease, JSON.stringify(progress)),
    markSent: (lease, ref, now, progress = {}) =>
      update(
        `status = 'sent', platform_ref = $3::jsonb, sent_at = $4, lease_until = NULL, lease_token = NULL, last_error = NULL, progress = progress || $5::jsonb`,
        lease,
        JSON.stringify(ref),
        now,
        JSON.stringify(progress),
      ),
    retryLater: (lease, at, error, { refund = false, unsure = false } = {}) =>
      update(
        `status = 'pending', available_at = $3, last_error = $4, lease_until = NULL, lease_token = NULL,
         attempts = attempts - (CASE WHEN $5::boolean THEN 1 ELSE 0 END),
         progress = CASE WHEN $6::boolean THEN progress || '{"unsure": true}'::jsonb ELSE progress END`,
        lease,
        at,
        error,
        refund,
        unsure,
      ),
    markFailed: (lease, error) =>
      update(`status = 'failed', last_error = $3, lease_until = NULL, lease_token = NULL`, lease, error),

    async editTurn(row): Promise<EditTurn> {
      if (row.target.kind !== 'edit') return { kind: 'go' };
      // Enqueue order (created_at, then the time-ordered id) decides which edit is newer.
      const others = await db.$queryRawUnsafe<{ key: string; status: OutboxStatus; newer: boolean }[]>(
        `SELECT o.key, o.status::text AS status, (o.created_at, o.id) > (me.created_at, me.id) AS newer
         FROM outbox_messages o JOIN outbox_messages me ON me.id = $1::uuid
         WHERE o.community_id = me.community_id AND o.id <> me.id AND o.status <> 'failed'
           AND o.target->>'kind' = 'edit' AND o.target->>'of' = $2
         ORDER BY o.created_at DESC, o.id DESC`,
        row.id,
        row.target.of,
      );
      const newest = others.find((o) => o.newer);
      if (newest) return { kind: 'superseded', by: newest.key };
      return others.some((o) => o.status === 'sending') ? { kind: 'wait' } : { kind: 'go' };
    },

    async reserveSlot(platform, spacingMs) {
      // Times are the database's, so instances whose clocks disagree still share one pace.
      const [slot] = await db.$queryRawUnsafe<{ wait_ms: number }[]>(
        `INSERT INTO send_pacing (platform, next_at) VALUES ($1::"Platform", clock_timestamp() + make_interval(secs => $2::float8 / 1000))
         ON CONFLICT (platform) DO UPDATE
           SET next_at = GREATEST(send_pacing.next_at, clock_timestamp()) + make_interval(secs => $2::float8 / 1000)
         RETURNING GREATEST(0, EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000 - $2::float8)::float8 AS wait_ms`,
        platform,
        spacingMs,
      );
      return Math.ceil(Number(slot?.wait_ms ?? 0));
    },

    async failed(communityId, limit = 20) {
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `SELECT ${columns()} FROM outbox_messages WHERE community_id = $1::uuid AND status = 'failed' ORDER BY created_at DESC LIMIT $2`,
        communityId,
        limit,
      );
      return rows.map(toRow);
    },
    async requeueFailed(communityId, now) {
      // A failed row may have failed after the platform took it: its sender looks before resending.
      return db.$executeRawUnsafe(
        `UPDATE outbox_messages SET status = 'pending', available_at = $2, attempts = 0, last_error = NULL,
           progress = progress || '{"unsure": true}'::jsonb
         WHERE community_id = $1::uuid AND status = 'failed'`,
        communityId,
        now,
      );
    },
    async endLeases(now) {
      return db.$executeRawUnsafe(
        `UPDATE outbox_messages SET lease_until = $1 WHERE status = 'sending' AND lease_until > $1`,
        now,
      );
    },
    async get(communityId, key) {
      const rows = await db.$queryRawUnsafe<RawRow[]>(
        `SELECT ${columns()} FROM outbox_messages WHERE community_id = $1::uuid AND key = $2`,
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
