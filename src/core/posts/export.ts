import { strToU8 } from 'fflate';
import { translator, type Translate } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import type { StoredFileInfo } from '../files.ts';
import { localeFor } from '../nudges/checkin-messages.ts';
import { localDay } from '../nudges/local-time.ts';
import type { Store } from '../store.ts';
import { partName, zipParts, type ZipEntry } from '../zip-parts.ts';
import { publicationKeys } from './publication-messages.ts';
import type { Submission } from './submission.ts';

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** One exported post, as the CSV and the JSON give it. */
export interface ExportedPost {
  caption: string;
  /** The credit as the showcase shows it: her name, the handle she typed, or anonymous. */
  credit: string;
  category: string;
  categoryLabel: string;
  /** The image's path in the zip (`images/…`), or empty for a quote. */
  image: string;
  /** The local day it was published, or empty while it waits in the queue. */
  publishedOn: string;
}

/**
 * One CSV cell: quoted, quotes doubled, and a cell a spreadsheet would take for a formula
 * (starting with =, +, -, @, or a tab or carriage return before one) prefixed with an
 * apostrophe: captions are member text, and must not run as formulas in whoever opens it.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${inert.replaceAll('"', '""')}"`;
}

export const csvColumns = ['caption', 'credit', 'category', 'image', 'published_on'] as const;

/** The CSV of the posts: a header, one line per post, CRLF, with a BOM so spreadsheets read UTF-8. */
export function postsCsv(posts: readonly ExportedPost[]): string {
  const lines = [
    csvColumns.join(','),
    ...posts.map((p) => [p.caption, p.credit, p.categoryLabel, p.image, p.publishedOn].map(csvCell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function creditOf(t: Translate, submission: Submission, author: Member | undefined): string {
  if (submission.credit === 'handle' && submission.creditHandle) return submission.creditHandle;
  if (submission.credit === 'name') return author?.displayName ?? (author ? `@${author.externalUserId}` : '');
  return t('admin.posts.export.anonymous');
}

/**
 * The admin's export for the community's public social accounts: the approved and
 * published posts whose author agreed to them, as CSV and JSON plus their images, in one
 * zip. The zip is stored like any file and sent to her by DM through the outbox.
 */
export function createPostsExport({
  store,
  clock,
  zipPartMaxBytes,
}: {
  store: Store;
  clock: Clock;
  /** The largest zip in one message (zip-parts.ts); smaller in tests. */
  zipPartMaxBytes?: number;
}) {
  return {
    async run(community: Community, admin: Member): Promise<{ posts: number; file: StoredFileInfo }> {
      const now = clock.now();
      const t = translator(localeFor(admin, community));
      const submissions = await store.publication.exportable(community.id);
      const authors = new Map(
        (await store.members.many([...new Set(submissions.map((s) => s.authorId))])).map((m) => [m.id, m]),
      );
      const images: ZipEntry[] = [];
      const posts: ExportedPost[] = [];
      for (const submission of submissions) {
        let image = '';
        if (submission.image) {
          const bytes = await store.files.get(submission.image.sha256);
          if (bytes) {
            image = `images/${submission.id}.${extensions[submission.image.mime] ?? 'bin'}`;
            // Images are compressed already: stored as they are.
            images.push({ path: image, bytes: new Uint8Array(bytes), stored: true });
          }
        }
        posts.push({
          caption: submission.caption,
          credit: creditOf(t, submission, authors.get(submission.authorId)),
          category: submission.category,
          categoryLabel: t(`posts.category.${submission.category}`),
          image,
          publishedOn: submission.publishedOn ?? '',
        });
      }
      const head = [
        { path: 'posts.csv', bytes: strToU8(postsCsv(posts)) },
        { path: 'posts.json', bytes: strToU8(`${JSON.stringify(posts, null, 2)}\n`) },
      ];
      // Several zips when one would be too large for a message: one message each.
      const zips = zipParts(head, images, { mtime: now, ...(zipPartMaxBytes ? { maxBytes: zipPartMaxBytes } : {}) });
      const stored: StoredFileInfo[] = [];
      for (const zip of zips) stored.push(await store.files.put(zip, 'application/zip'));
      const file = stored[0] as StoredFileInfo;
      const day = localDay(now, community.timeZone);
      const key = publicationKeys.exported(admin.id, now.toISOString().slice(0, 16));
      await store.transaction(async (repos) => {
        for (const [index, part] of stored.entries()) {
          const text = [
            ...(index === 0 ? [t('admin.posts.export.dm', { count: posts.length })] : []),
            ...(stored.length > 1 ? [t('admin.posts.export.part', { part: index + 1, parts: stored.length })] : []),
          ].join('\n');
          await repos.outbox.enqueue({
            communityId: community.id,
            platform: community.platform,
            key: index === 0 ? key : `${key}:${index + 1}`,
            target: { kind: 'dm', userId: admin.externalUserId },
            message: {
              text,
              files: [
                {
                  sha256: part.sha256,
                  name: partName(`marraine-posts-${day}`, index, stored.length),
                  mime: 'application/zip',
                  description: t('admin.posts.export.fileDescription'),
                },
              ],
            },
            availableAt: now,
          });
        }
        await repos.auditLog.record({
          communityId: community.id,
          actorId: admin.id,
          action: 'posts.exported',
          targetType: 'community',
          targetId: community.id,
          details: { posts: posts.length, sha256: file.sha256, parts: stored.length },
        });
      });
      return { posts: posts.length, file };
    },
  };
}
