import { randomUUID } from 'node:crypto';
import type { Member } from '../../core/community.ts';
import type { Erasure, ExportSection, PrivacyRepository } from '../../core/privacy/ports.ts';
import type { Db } from './db.ts';
import { toMember } from './members.ts';

type Row = Record<string, unknown>;

/**
 * Where each table mentions a member, by column. Erasing points these columns to the
 * anonymous row; the export reads them. A table added with a member column and missing
 * here is caught by the test that scans every table and column of the database.
 */
const memberColumns: Record<string, string[]> = {
  mentorship_requests: ['mentee_id', 'mentor_id'],
  pairs: ['mentee_id', 'mentor_id'],
  featured_suggestions: ['mentee_id', 'mentor_id'],
  cohort_rounds: ['started_by_id'],
  posted_requests: ['mentee_id'],
  check_ins: ['answered_by_id', 'taken_by_id'],
  program_feedback: ['member_id'],
  community_reminders: ['created_by_id'],
  submissions: ['author_id', 'decided_by_id'],
  publication_skips: ['created_by_id'],
  challenges: ['challenger_id', 'challenged_id'],
  circle_requests: ['member_id'],
  circle_members: ['member_id'],
  events: ['created_by_id'],
  event_participants: ['member_id'],
  audit_logs: ['actor_id'],
};

/** Rows deleted outright: they are hers alone and count for nothing once she is gone. */
const deletedWithHer: Record<string, string[]> = {
  profiles: ['member_id'],
  submission_drafts: ['member_id'],
  blocks: ['blocker_id', 'blocked_id'],
};

/** Texts of hers at least this long are looked for in messages and the log; a shorter one ("Lyon") could be anyone's. */
const distinctiveLength = 12;

function stringsIn(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

const where = (columns: string[]) => columns.map((c) => `${c} = $1::uuid`).join(' OR ');

export function createPrivacyRepository(db: Db): PrivacyRepository {
  const query = <T = Row>(sql: string, ...params: unknown[]) => db.$queryRawUnsafe<T[]>(sql, ...params);
  const execute = (sql: string, ...params: unknown[]) => db.$executeRawUnsafe(sql, ...params);

  /** Everything she typed that is kept: profile answers, notes, messages, captions, feedback. */
  async function textsOf(member: Member): Promise<string[]> {
    const id = member.id;
    const texts: string[] = [];
    const profile = await query<{ answers: unknown; pending_input: unknown }>(
      `SELECT answers, pending_input FROM profiles WHERE member_id = $1::uuid`,
      id,
    );
    for (const p of profile) {
      const answers = (p.answers ?? {}) as Row;
      // Her own words only: the choices (role, domains…) are the questionnaire's words.
      for (const key of ['stacks', 'region', 'bio']) stringsIn(answers[key], texts);
      stringsIn(p.pending_input, texts);
    }
    const pick = async (sql: string) =>
      (await query<{ text: string | null }>(sql, id)).forEach((r) => r.text && texts.push(r.text));
    await pick(`SELECT message AS text FROM mentorship_requests WHERE mentee_id = $1::uuid`);
    await pick(`SELECT decline_reason AS text FROM mentorship_requests WHERE mentor_id = $1::uuid`);
    await pick(`SELECT note AS text FROM posted_requests WHERE mentee_id = $1::uuid`);
    await pick(`SELECT went_well AS text FROM program_feedback WHERE member_id = $1::uuid`);
    await pick(`SELECT caption AS text FROM submissions WHERE author_id = $1::uuid`);
    await pick(`SELECT credit_handle AS text FROM submissions WHERE author_id = $1::uuid`);
    await pick(`SELECT image_name AS text FROM submissions WHERE author_id = $1::uuid`);
    await pick(`SELECT decision_note AS text FROM submissions WHERE decided_by_id = $1::uuid`);
    for (const d of await query<{ values: unknown }>(
      `SELECT "values" FROM submission_drafts WHERE member_id = $1::uuid`,
      id,
    ))
      stringsIn(d.values, texts);
    return texts;
  }

  /**
   * What identifies her inside JSON and text columns (outbox, audit details), as stored
   * (plain and JSON-escaped): her ids, and her distinctive texts. Short texts ("Lyon") and
   * her display name are not looked for: another member may have the same, and messages name
   * people by mention (her platform id), so another "Marie"'s messages about Lyon are neither
   * exported to her nor erased with her.
   */
  async function needlesOf(member: Member): Promise<string[]> {
    const texts = (await textsOf(member)).filter((t) => t.trim().length >= distinctiveLength);
    return [
      ...new Set([member.id, member.externalUserId, ...texts].flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])),
    ];
  }

  /** SQL that is true when any of the columns' text holds any needle ($2 = text[]). */
  const holds = (columns: string[]) =>
    `EXISTS (SELECT 1 FROM unnest($2::text[]) AS n WHERE ${columns.map((c) => `strpos(${c}::text, n) > 0`).join(' OR ')})`;
  const outboxColumns = ['key', 'target', 'message', 'progress', 'after', 'platform_ref'];

  return {
    async collect(member) {
      const id = member.id;
      const sections: ExportSection[] = [];
      const add = async (table: string, sql: string, ...params: unknown[]) => {
        const rows = await query(sql, id, ...params);
        if (rows.length > 0) sections.push({ table, rows: rows.map(plainRow) });
      };
      await add('members', `SELECT * FROM members WHERE id = $1::uuid`);
      for (const [table, columns] of Object.entries({ ...deletedWithHer, ...memberColumns })) {
        if (table === 'audit_logs' || table === 'check_ins') continue;
        await add(table, `SELECT * FROM ${table} WHERE ${where(columns)}`);
      }
      await add(
        'check_ins',
        `SELECT * FROM check_ins WHERE ${where(memberColumns.check_ins!)} OR pair_id IN (SELECT id FROM pairs WHERE mentee_id = $1::uuid OR mentor_id = $1::uuid)`,
      );
      await add(
        'circles',
        `SELECT * FROM circles WHERE id IN (SELECT circle_id FROM circle_members WHERE member_id = $1::uuid)`,
      );
      await add(
        'events',
        `SELECT * FROM events WHERE created_by_id = $1::uuid OR id IN (SELECT event_id FROM event_participants WHERE member_id = $1::uuid)`,
      );
      await add('regions', `SELECT * FROM regions WHERE delegate_id = $1::uuid`);
      // Where the community's settings name her (moderators and admins by user id).
      await add(
        'communities',
        `SELECT id, name, settings FROM communities WHERE id = $2::uuid AND $1::uuid IS NOT NULL AND strpos(settings::text, $3) > 0`,
        member.communityId,
        member.externalUserId,
      );
      const needles = await needlesOf(member);
      await add(
        'audit_logs',
        `SELECT * FROM audit_logs WHERE community_id = $3::uuid AND (actor_id = $1::uuid OR ${holds(['target_id', 'details'])}) ORDER BY id`,
        needles,
        member.communityId,
      );
      await add(
        'outbox_messages',
        `SELECT * FROM outbox_messages WHERE community_id = $3::uuid AND $1::uuid IS NOT NULL AND ${holds(outboxColumns)} ORDER BY created_at`,
        needles,
        member.communityId,
      );
      // Every table once: `events` and `check_ins` may have been added twice above.
      const merged = new Map<string, ExportSection>();
      for (const section of sections) {
        const known = merged.get(section.table);
        if (!known) merged.set(section.table, section);
        else
          for (const row of section.rows)
            if (!known.rows.some((r) => JSON.stringify(r) === JSON.stringify(row))) known.rows.push(row);
      }
      return [...merged.values()];
    },

    async erase(member, now, { removePublished }) {
      const id = member.id;
      if (!(await db.member.findUnique({ where: { id }, select: { id: true } }))) return null;
      const needles = await needlesOf(member);
      const images = (
        await query<{ image_sha256: string }>(
          `SELECT DISTINCT image_sha256 FROM submissions WHERE author_id = $1::uuid AND image_sha256 IS NOT NULL`,
          id,
        )
      ).map((r) => r.image_sha256);
      // Files sent to her by DM (her exports) go with her.
      const sentFiles = (
        await query<{ message: { files?: { sha256: string }[] } }>(
          `SELECT message FROM outbox_messages WHERE community_id = $2::uuid AND target->>'kind' = 'dm' AND target->>'userId' = $1 AND message->'files' IS NOT NULL`,
          member.externalUserId,
          member.communityId,
        )
      ).flatMap((r) => (r.message.files ?? []).map((f) => f.sha256));

      const tombstoneId = randomUUID();
      await db.member.create({
        data: {
          id: tombstoneId,
          communityId: member.communityId,
          externalUserId: `erased:${tombstoneId}`,
          status: 'left',
          erasedAt: now,
        },
      });

      // What was open closes, and the people on the other side are told (by the service).
      const pairs = await query<{ id: string; partner: string; started_at: Date }>(
        `UPDATE pairs SET status = 'ended', ended_at = $2, end_reason = 'member-erased'
         WHERE (mentee_id = $1::uuid OR mentor_id = $1::uuid) AND status IN ('active', 'paused')
         RETURNING id, CASE WHEN mentee_id = $1::uuid THEN mentor_id ELSE mentee_id END AS partner, started_at`,
        id,
        now,
      );
      const requests = await query<{ id: string; partner: string }>(
        `UPDATE mentorship_requests SET status = 'cancelled', closed_at = $2
         WHERE (mentee_id = $1::uuid OR mentor_id = $1::uuid) AND status IN ('pending', 'offered')
         RETURNING id, CASE WHEN mentee_id = $1::uuid THEN mentor_id ELSE mentee_id END AS partner`,
        id,
        now,
      );
      const posts = await query<{ message_key: string }>(
        `UPDATE posted_requests SET status = 'closed', closed_at = $2 WHERE mentee_id = $1::uuid AND status = 'open' RETURNING message_key`,
        id,
        now,
      );
      const circles = await query<{ circle_id: string }>(
        `UPDATE circle_members SET left_at = $2 WHERE member_id = $1::uuid AND left_at IS NULL RETURNING circle_id`,
        id,
        now,
      );
      await execute(
        `UPDATE circle_requests SET status = 'withdrawn', closed_at = $2 WHERE member_id = $1::uuid AND status = 'waiting'`,
        id,
        now,
      );
      // An event whose groups are not published yet must not place her stand-in in a group.
      await execute(
        `DELETE FROM event_participants WHERE member_id = $1::uuid AND event_id IN (SELECT id FROM events WHERE status = 'open')`,
        id,
      );
      await execute(
        `UPDATE challenges SET status = 'cancelled', closed_at = $2 WHERE (challenger_id = $1::uuid OR challenged_id = $1::uuid) AND status = 'open'`,
        id,
        now,
      );
      await execute(
        `UPDATE submissions SET status = 'withdrawn' WHERE author_id = $1::uuid AND status IN ('pending', 'changes_requested', 'approved')`,
        id,
      );
      const published = await query<{ id: string; published_on: Date | null; publish_slot: number | null }>(
        `SELECT id, published_on, publish_slot FROM submissions WHERE author_id = $1::uuid AND status = 'published'`,
        id,
      );
      const publishedKeys = removePublished
        ? published.flatMap((s) => [
            `posts.publish-now:${s.id}`,
            ...(s.published_on && s.publish_slot !== null
              ? [`posts.publish:${s.published_on.toISOString().slice(0, 10)}:${s.publish_slot}`]
              : []),
          ])
        : [];
      const publishedPostKeys = publishedKeys.length
        ? (
            await query<{ key: string }>(
              `SELECT key FROM outbox_messages WHERE community_id = $1::uuid AND key = ANY($2::text[]) AND status = 'sent'`,
              member.communityId,
              publishedKeys,
            )
          ).map((r) => r.key)
        : [];

      // Her free texts go; what they were attached to stays for counts.
      await execute(
        `UPDATE mentorship_requests SET message = NULL, decline_reason = NULL WHERE mentee_id = $1::uuid`,
        id,
      );
      await execute(`UPDATE mentorship_requests SET decline_reason = NULL WHERE mentor_id = $1::uuid`, id);
      await execute(`UPDATE posted_requests SET note = NULL WHERE mentee_id = $1::uuid`, id);
      await execute(`UPDATE program_feedback SET went_well = NULL WHERE member_id = $1::uuid`, id);
      await execute(
        `UPDATE submissions SET caption = '', credit = 'anonymous', credit_handle = NULL, image_sha256 = NULL, image_name = NULL, image_mime = NULL, decision_note = NULL WHERE author_id = $1::uuid`,
        id,
      );
      await execute(`UPDATE submissions SET decision_note = NULL WHERE decided_by_id = $1::uuid`, id);
      await execute(`UPDATE regions SET delegate_id = NULL WHERE delegate_id = $1::uuid`, id);
      // What a circle's members share (her region, say) is told to them from her answers.
      await execute(
        `UPDATE circles SET shared = '{}'::jsonb WHERE id IN (SELECT circle_id FROM circle_members WHERE member_id = $1::uuid) AND ${holds(['shared'])}`,
        id,
        needles,
      );

      const counts: Record<string, number> = {};
      for (const [table, columns] of Object.entries(deletedWithHer)) {
        const n = await execute(`DELETE FROM ${table} WHERE ${where(columns)}`, id);
        if (n > 0) counts[table] = n;
      }
      for (const [table, columns] of Object.entries(memberColumns)) {
        for (const column of columns) {
          const n = await execute(
            `UPDATE ${table} SET ${column} = $2::uuid WHERE ${column} = $1::uuid`,
            id,
            tombstoneId,
          );
          if (n > 0) counts[table] = (counts[table] ?? 0) + n;
        }
      }
      // The audit log keeps what happened, by "deleted member": her ids and words leave its details.
      await execute(
        `UPDATE audit_logs SET target_id = $2::text WHERE community_id = $3::uuid AND target_id = $1::text`,
        id,
        tombstoneId,
        member.communityId,
      );
      await execute(
        `UPDATE audit_logs SET details = (replace(replace(details::text, $1::text, $2::text), $4::text, 'erased'))::jsonb - 'reason' - 'text' - 'note' - 'caption'
         WHERE community_id = $3::uuid AND (strpos(details::text, $1) > 0 OR strpos(details::text, $4) > 0 OR actor_id = $2::uuid)`,
        id,
        tombstoneId,
        member.communityId,
        member.externalUserId,
      );
      const auditLeft = await query<{ id: bigint; details: unknown }>(
        `SELECT id, details FROM audit_logs WHERE community_id = $1::uuid AND ${holds(['details'])}`,
        member.communityId,
        needles,
      );
      for (const row of auditLeft)
        await execute(`UPDATE audit_logs SET details = '{"erased":true}'::jsonb WHERE id = $1`, row.id);

      // The community's lists of moderators and admins by user id.
      const community = await db.community.findUniqueOrThrow({ where: { id: member.communityId } });
      const settings = community.settings as Row;
      let changed = false;
      for (const list of ['moderatorUsers', 'adminUsers']) {
        const users = settings[list];
        if (Array.isArray(users) && users.includes(member.externalUserId)) {
          settings[list] = users.filter((u) => u !== member.externalUserId);
          changed = true;
        }
      }
      if (changed) await db.community.update({ where: { id: community.id }, data: { settings: settings as object } });

      // Messages: not sent yet to or about her are cancelled; sent ones keep their row
      // (its key stops a resend, its reference lets the bot delete its message) but lose their words.
      const outbox = `community_id = $1::uuid AND ${holds(outboxColumns)}`;
      const cancelled = await execute(
        `DELETE FROM outbox_messages WHERE ${outbox} AND status <> 'sent'`,
        member.communityId,
        needles,
      );
      const scrubbed = await execute(
        `UPDATE outbox_messages SET message = '{"text":""}'::jsonb, progress = '{}'::jsonb, last_error = NULL,
           target = CASE WHEN ${holds(['target'])} THEN '{"kind":"dm","userId":"erased"}'::jsonb ELSE target END,
           key = replace(key, $3, $4), after = replace(after, $3, $4)
         WHERE ${outbox} AND status = 'sent'`,
        member.communityId,
        needles,
        id,
        tombstoneId,
      );
      counts.outbox_messages = cancelled + scrubbed;

      // Her images and her exports, unless another post uses the same bytes.
      const files = [...new Set([...images, ...sentFiles])];
      if (files.length > 0) {
        counts.stored_files = await execute(
          `DELETE FROM stored_files WHERE sha256 = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM submissions WHERE image_sha256 = stored_files.sha256)`,
          files,
        );
      }
      await db.member.delete({ where: { id } });

      const partners = new Map(
        (
          await db.member.findMany({
            where: { id: { in: [...pairs.map((p) => p.partner), ...requests.map((r) => r.partner)] } },
          })
        ).map((m) => [m.id, toMember(m)]),
      );
      const partnerOf = (memberId: string) => {
        const partner = partners.get(memberId);
        return partner && !partner.externalUserId.startsWith('erased:') ? partner : null;
      };
      return {
        tombstoneId,
        pairPartners: pairs.flatMap((p) => {
          const partner = partnerOf(p.partner);
          return partner ? [{ pairId: p.id, partner, startedAt: p.started_at }] : [];
        }),
        requestPartners: requests.flatMap((r) => {
          const partner = partnerOf(r.partner);
          return partner ? [{ requestId: r.id, partner }] : [];
        }),
        openPostKeys: posts.map((p) => p.message_key),
        publishedPostKeys,
        circleIds: [...new Set(circles.map((c) => c.circle_id))],
        counts,
      } satisfies Erasure;
    },

    async markLeftPlatform(memberId, at) {
      await db.member.updateMany({ where: { id: memberId, leftPlatformAt: null }, data: { leftPlatformAt: at } });
    },
    async clearLeftPlatform(memberId) {
      return (
        (
          await db.member.updateMany({
            where: { id: memberId, leftPlatformAt: { not: null } },
            data: { leftPlatformAt: null },
          })
        ).count > 0
      );
    },
    async leftBefore(communityId, before, limit) {
      const rows = await db.member.findMany({
        where: { communityId, erasedAt: null, leftPlatformAt: { lte: before } },
        orderBy: { leftPlatformAt: 'asc' },
        take: limit,
      });
      return rows.map(toMember);
    },
    async erasedIds(ids) {
      const rows = await db.member.findMany({
        where: { id: { in: [...ids] }, erasedAt: { not: null } },
        select: { id: true },
      });
      return new Set(rows.map((r) => r.id));
    },
  };
}

/** A row as JSON can hold it: dates as ISO text, big integers as text, bytes left out. */
function plainRow(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date
        ? value.toISOString()
        : typeof value === 'bigint'
          ? value.toString()
          : value instanceof Uint8Array
            ? `(${value.length} bytes)`
            : value,
    ]),
  );
}
