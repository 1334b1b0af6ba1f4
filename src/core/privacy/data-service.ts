import { translator } from '../../i18n/index.ts';
import { createCircleService } from '../circles/circle-service.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member, Platform } from '../community.ts';
import { withdrawFromMatching } from '../matching/withdraw.ts';
import { localeFor } from '../nudges/checkin-messages.ts';
import { localDay } from '../nudges/local-time.ts';
import type { OutgoingFile } from '../reply-model.ts';
import type { Repositories, Store } from '../store.ts';
import { partName } from '../zip-parts.ts';
import { exportDocument, imageZips } from './export-file.ts';
import type { Erasure } from './ports.ts';

/** Outbox keys of what members' data sends: none holds her ids, so her erasure leaves them be. */
export const dataKeys = {
  exported: (memberId: string, minute: string) => `data.export:${memberId}:${minute}`,
  pairEnded: (pairId: string, partnerId: string) => `data.erased.pair:${pairId}:${partnerId}`,
  requestClosed: (requestId: string) => `data.erased.request:${requestId}`,
  postClosed: (postKey: string) => `data.erased.post:${postKey}`,
  showcaseRemoved: (postKey: string) => `data.erased.showcase:${postKey}`,
};

export interface ExportOutcome {
  records: number;
  images: number;
}

export interface EraseOutcome {
  erased: boolean;
  erasure?: Erasure;
}

/**
 * Members' data (GDPR): her export by DM, her erasure, her platform telling she left, and
 * the erasure after the retention period. Her partners are told kindly, through the outbox.
 */
export function createDataService({
  store,
  clock,
  zipPartMaxBytes,
}: {
  store: Store;
  clock: Clock;
  /** The largest zip in one message (zip-parts.ts); smaller in tests. */
  zipPartMaxBytes?: number;
}) {
  const circles = createCircleService({ store, clock });

  /** Erases her in `repos` (a transaction) and queues what her leaving changes for others. */
  async function eraseIn(
    repos: Repositories,
    community: Community,
    member: Member,
    removePublished: boolean,
    why: 'asked' | 'retention',
  ): Promise<Erasure | null> {
    const now = clock.now();
    await repos.matching.lockMembers([member.id]);
    // Circles change under this lock only (no circle step locks members: no deadlock).
    await repos.circles.lock(community.id);
    // Another instance (or her second click) may have erased her while this one waited.
    const erasure = await repos.privacy.erase(member, now, { removePublished });
    if (!erasure) return null;
    for (const circleId of erasure.circleIds)
      await circles.erased(repos, community, circleId, erasure.tombstoneId, now);
    const base = { communityId: community.id, platform: community.platform, availableAt: now };
    for (const { pairId, partner, startedAt } of erasure.pairPartners) {
      const t = translator(localeFor(partner, community));
      const since = new Intl.DateTimeFormat(localeFor(partner, community), {
        dateStyle: 'long',
        timeZone: community.timeZone,
      }).format(startedAt);
      await repos.outbox.enqueue({
        ...base,
        key: dataKeys.pairEnded(pairId, partner.id),
        target: { kind: 'dm', userId: partner.externalUserId },
        message: { text: t('data.partnerLeft.pair', { since }) },
      });
    }
    for (const { requestId, partner } of erasure.requestPartners) {
      const t = translator(localeFor(partner, community));
      await repos.outbox.enqueue({
        ...base,
        key: dataKeys.requestClosed(requestId),
        target: { kind: 'dm', userId: partner.externalUserId },
        message: { text: t('data.partnerLeft.request') },
      });
    }
    const t = translator(community.locale);
    for (const key of erasure.openPostKeys) {
      await repos.outbox.enqueue({
        ...base,
        key: dataKeys.postClosed(key),
        target: { kind: 'edit', of: key },
        message: { text: t('data.postClosed') },
      });
    }
    for (const key of erasure.publishedPostKeys) {
      await repos.outbox.enqueue({
        ...base,
        key: dataKeys.showcaseRemoved(key),
        target: { kind: 'edit', of: key, remove: true },
        message: { text: t('data.postRemoved') },
      });
    }
    await repos.auditLog.record({
      communityId: community.id,
      actorId: why === 'asked' ? erasure.tombstoneId : null,
      action: why === 'asked' ? 'member.erased' : 'member.erased.retention',
      targetType: 'member',
      targetId: erasure.tombstoneId,
      details: { counts: erasure.counts, removedPublished: erasure.publishedPostKeys.length },
    });
    return erasure;
  }

  /** Whether anything beyond her bare member row is stored about her. */
  async function holdsAnything(member: Member): Promise<boolean> {
    const sections = await store.privacy.collect(member);
    return sections.some((s) => s.table !== 'members' && s.rows.length > 0);
  }

  return {
    collect: (member: Member) => store.privacy.collect(member),

    /** Sends her, by DM, everything stored about her: one JSON file, and her images zipped. */
    async export(community: Community, member: Member): Promise<ExportOutcome> {
      const now = clock.now();
      const sections = await store.privacy.collect(member);
      const document = exportDocument(community, member, sections, now);
      const t = translator(localeFor(member, community));
      const day = localDay(now, community.timeZone);
      const json = await store.files.put(Buffer.from(`${JSON.stringify(document, null, 2)}\n`), 'application/json');
      const files: OutgoingFile[] = [
        {
          sha256: json.sha256,
          name: `marraine-mes-donnees-${day}.json`,
          mime: 'application/json',
          description: t('data.export.jsonDescription'),
        },
      ];
      const images: { name: string; mime: string; bytes: Buffer }[] = [];
      for (const row of sections.find((s) => s.table === 'submissions')?.rows ?? []) {
        const sha = row.image_sha256;
        if (typeof sha !== 'string' || row.author_id !== member.id) continue;
        const bytes = await store.files.get(sha);
        if (bytes) images.push({ name: `images/${String(row.id)}`, mime: String(row.image_mime ?? ''), bytes });
      }
      // Her images in one zip, or several when one would be too large for a message: the
      // first goes with the JSON, each further one in a message of its own.
      const zips = images.length > 0 ? imageZips(images, now, zipPartMaxBytes) : [];
      const zipFiles: OutgoingFile[] = [];
      for (const [index, bytes] of zips.entries()) {
        const zip = await store.files.put(bytes, 'application/zip');
        zipFiles.push({
          sha256: zip.sha256,
          name: partName(`marraine-mes-images-${day}`, index, zips.length),
          mime: 'application/zip',
          description: t('data.export.zipDescription'),
        });
      }
      files.push(...zipFiles.slice(0, 1));
      const records = sections.reduce((sum, s) => sum + s.rows.length, 0);
      await store.transaction(async (repos) => {
        const key = dataKeys.exported(member.id, now.toISOString().slice(0, 16));
        const base = {
          communityId: community.id,
          platform: community.platform,
          target: { kind: 'dm' as const, userId: member.externalUserId },
          availableAt: now,
        };
        await repos.outbox.enqueue({
          ...base,
          key,
          message: { text: t('data.export.dm', { records, images: images.length }), files },
        });
        for (const [index, file] of zipFiles.entries()) {
          if (index === 0) continue;
          await repos.outbox.enqueue({
            ...base,
            key: `${key}:${index + 1}`,
            message: { text: t('data.export.imagesPart', { part: index + 1, parts: zipFiles.length }), files: [file] },
          });
        }
        await repos.auditLog.record({
          communityId: community.id,
          actorId: member.id,
          action: 'data.exported',
          targetType: 'member',
          targetId: member.id,
          details: { records, images: images.length },
        });
      });
      return { records, images: images.length };
    },

    /** Erases her personal data in this community; nothing stored about her says so. */
    async erase(community: Community, member: Member, options: { removePublished: boolean }): Promise<EraseOutcome> {
      if (!(await holdsAnything(member))) return { erased: false };
      const erasure = await store.transaction(async (repos) =>
        eraseIn(repos, community, member, options.removePublished, 'asked'),
      );
      return erasure ? { erased: true, erasure } : { erased: false };
    },

    /**
     * Her platform says she left (Discord: she left the server; Slack: her account was
     * deactivated): she is paused now, and erased after the community's retention period.
     * Unknown members are left unknown: nothing is created for them.
     */
    async leftPlatform(
      platform: Platform,
      communityExternalId: string,
      userExternalId: string,
    ): Promise<'paused' | 'unknown'> {
      const community = await store.communities.find(platform, communityExternalId);
      const member = community && (await store.members.find(community.id, userExternalId));
      if (!community || !member) return 'unknown';
      await store.transaction(async (repos) => {
        const now = clock.now();
        await repos.matching.lockMembers([member.id]);
        await repos.privacy.markLeftPlatform(member.id, now);
        if (member.status === 'active') {
          const paused = await repos.members.update(member.id, { status: 'paused' });
          await withdrawFromMatching(repos, community, paused, now);
        }
        await repos.auditLog.record({
          communityId: community.id,
          actorId: null,
          action: 'member.left_platform',
          targetType: 'member',
          targetId: member.id,
          details: { retentionDays: community.settings.privacy.retentionDays },
        });
      });
      return 'paused';
    },

    /**
     * She came back (joined the server again, account reactivated) before the retention
     * period ended: nothing is erased. She stays paused until she resumes in `profile`.
     */
    async backOnPlatform(
      platform: Platform,
      communityExternalId: string,
      userExternalId: string,
    ): Promise<'kept' | 'unknown'> {
      const community = await store.communities.find(platform, communityExternalId);
      const member = community && (await store.members.find(community.id, userExternalId));
      if (!community || !member) return 'unknown';
      // Slack sends user_change for any profile change: only a member who had left is news.
      await store.transaction(async (repos) => {
        if (await repos.privacy.clearLeftPlatform(member.id)) {
          await repos.auditLog.record({
            communityId: community.id,
            actorId: null,
            action: 'member.back_on_platform',
            targetType: 'member',
            targetId: member.id,
          });
        }
      });
      return 'kept';
    },

    /** Erases, in this community, every member who left her platform longer ago than the retention period. */
    async eraseExpired(community: Community, now: Date, limit = 50): Promise<number> {
      const before = new Date(now.getTime() - community.settings.privacy.retentionDays * 24 * 60 * 60 * 1000);
      let erased = 0;
      for (const member of await store.privacy.leftBefore(community.id, before, limit)) {
        if (await store.transaction(async (repos) => eraseIn(repos, community, member, false, 'retention')))
          erased += 1;
      }
      return erased;
    },
  };
}

export type DataService = ReturnType<typeof createDataService>;
