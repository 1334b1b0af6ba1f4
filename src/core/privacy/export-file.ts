import { translator } from '../../i18n/index.ts';
import type { Community, Member } from '../community.ts';
import { zipParts } from '../zip-parts.ts';
import type { ExportSection } from './ports.ts';

/** The tables an export explains; a table not listed gets the generic explanation. */
export const explainedTables = [
  'members',
  'profiles',
  'mentorship_requests',
  'pairs',
  'check_ins',
  'program_feedback',
  'blocks',
  'featured_suggestions',
  'cohort_rounds',
  'posted_requests',
  'submissions',
  'submission_drafts',
  'publication_skips',
  'challenges',
  'circle_requests',
  'circle_members',
  'circles',
  'events',
  'event_participants',
  'regions',
  'community_reminders',
  'communities',
  'audit_logs',
  'outbox_messages',
] as const;

const explanationKey = (table: string): 'data.section.other' =>
  ((explainedTables as readonly string[]).includes(table)
    ? `data.section.${table}`
    : 'data.section.other') as 'data.section.other';

/** Her export as one JSON document: what it is, then each part with what it holds, in French and English. */
export function exportDocument(community: Community, member: Member, sections: readonly ExportSection[], at: Date) {
  const fr = translator('fr');
  const en = translator('en');
  return {
    about: { fr: fr('data.export.about'), en: en('data.export.about') },
    exportedAt: at.toISOString(),
    community: { name: community.name, platform: community.platform },
    member: { id: member.id, platformUserId: member.externalUserId, displayName: member.displayName },
    parts: sections.map((section) => ({
      table: section.table,
      explanation: { fr: fr(explanationKey(section.table)), en: en(explanationKey(section.table)) },
      records: section.rows,
    })),
  };
}

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Her images zipped (stored as they are: images are compressed already), in parts small enough for a message. */
export function imageZips(
  images: readonly { name: string; mime: string; bytes: Buffer }[],
  at: Date,
  maxBytes?: number,
): Buffer[] {
  const entries = images.map((image) => ({
    path: `${image.name}.${extensions[image.mime] ?? 'bin'}`,
    bytes: new Uint8Array(image.bytes),
    stored: true,
  }));
  return zipParts([], entries, { mtime: at, ...(maxBytes ? { maxBytes } : {}) });
}
