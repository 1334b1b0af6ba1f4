import { strToU8 } from 'fflate';
import { translator, type Translate } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { AuditEntry, Community, Member } from '../community.ts';
import { localeFor } from '../nudges/checkin-messages.ts';
import { localDay } from '../nudges/local-time.ts';
import { csvCell } from '../posts/export.ts';
import type { Store } from '../store.ts';

export type DatedEntry = AuditEntry & { at: Date };

/** Who acted, as the log shows it: a member, "deleted member", or the bot itself (schedules). */
export type Actor = { kind: 'member'; member: Member } | { kind: 'deleted' } | { kind: 'bot' };

/** The actors of `entries`, by actor id: a member whose row was erased reads "deleted member". */
export async function actorsOf(store: Store, entries: readonly DatedEntry[]): Promise<Map<string, Actor>> {
  const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const [members, erased] = await Promise.all([store.members.many(ids), store.privacy.erasedIds(ids)]);
  const byId = new Map(members.map((m) => [m.id, m]));
  return new Map(
    ids.map((id): [string, Actor] => {
      const member = byId.get(id);
      return [id, !member || erased.has(id) ? { kind: 'deleted' } : { kind: 'member', member }];
    }),
  );
}

export const actorOf = (actors: Map<string, Actor>, entry: DatedEntry): Actor =>
  entry.actorId ? (actors.get(entry.actorId) ?? { kind: 'deleted' }) : { kind: 'bot' };

export const auditCsvColumns = [
  'at',
  'actor',
  'actor_user_id',
  'action',
  'target_type',
  'target_id',
  'details',
] as const;

/**
 * The log as CSV: a header, one line per entry, CRLF, with a BOM. Every cell goes through
 * csvCell: display names and details hold member text, which must neither break the quoting
 * nor run as a spreadsheet formula.
 */
export function auditCsv(t: Translate, entries: readonly DatedEntry[], actors: Map<string, Actor>): string {
  const lines = entries.map((entry) => {
    const actor = actorOf(actors, entry);
    const name =
      actor.kind === 'member'
        ? (actor.member.displayName ?? actor.member.externalUserId)
        : actor.kind === 'deleted'
          ? t('admin.audit.deleted')
          : t('admin.audit.bot');
    const userId = actor.kind === 'member' ? actor.member.externalUserId : '';
    return [
      entry.at.toISOString(),
      name,
      userId,
      entry.action,
      entry.targetType ?? '',
      entry.targetId ?? '',
      JSON.stringify(entry.details ?? {}),
    ]
      .map(csvCell)
      .join(',');
  });
  return `\uFEFF${[auditCsvColumns.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The admin's CSV export of the whole log, sent by DM through the outbox. */
export async function exportAuditLog(
  { store, clock }: { store: Store; clock: Clock },
  community: Community,
  admin: Member,
  limit = 100_000,
): Promise<number> {
  const now = clock.now();
  const t = translator(localeFor(admin, community));
  const entries = await store.auditLog.list(community.id, { limit });
  const csv = auditCsv(t, entries, await actorsOf(store, entries));
  const file = await store.files.put(Buffer.from(strToU8(csv)), 'text/csv');
  await store.transaction(async (repos) => {
    await repos.outbox.enqueue({
      communityId: community.id,
      platform: community.platform,
      key: `audit.export:${admin.id}:${now.toISOString().slice(0, 16)}`,
      target: { kind: 'dm', userId: admin.externalUserId },
      message: {
        text: t('admin.audit.dm', { count: entries.length }),
        files: [
          {
            sha256: file.sha256,
            name: `marraine-journal-${localDay(now, community.timeZone)}.csv`,
            mime: 'text/csv',
            description: t('admin.audit.fileDescription'),
          },
        ],
      },
      availableAt: now,
    });
    await repos.auditLog.record({
      communityId: community.id,
      actorId: admin.id,
      action: 'audit.exported',
      targetType: 'community',
      targetId: community.id,
      details: { entries: entries.length },
    });
  });
  return entries.length;
}
