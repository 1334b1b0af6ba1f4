import { translator, type Translate } from '../../i18n/index.ts';
import type { Community, Member } from '../community.ts';
import { localeFor } from '../nudges/checkin-messages.ts';
import type { Day } from '../nudges/local-time.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories } from '../store.ts';

/** Outbox keys of everything publication sends: each logical message once, whichever instance or tick queues it. */
export const publicationKeys = {
  /** The showcase post of a slot of the daily publication. */
  slot: (day: Day, slot: number) => `posts.publish:${day}:${slot}`,
  /** The showcase post of a moderator's "publish now". */
  now: (submissionId: string) => `posts.publish-now:${submissionId}`,
  /** The DM telling her it is published. */
  told: (submissionId: string) => `publish.dm:${submissionId}`,
  noShowcase: (day: Day) => `publish.noShowcase:${day}`,
  /** Only the previous author's posts are left for this slot. */
  waiting: (day: Day, slot: number) => `publish.waiting:${day}:${slot}`,
  /** Tomorrow's slots cannot all be filled from the queue. */
  empty: (tomorrow: Day) => `publish.empty:${tomorrow}`,
  /** A publication's outbox row failed for good. */
  failed: (rowKey: string) => `publish.failed:${rowKey}`,
  /** The admin's export zip, at most one per admin and minute. */
  exported: (memberId: string, minute: string) => `posts.export:${memberId}:${minute}`,
};

/** A day as the community reads it ("mardi 6 janvier 2026"). */
export function formatDay(locale: Community['locale'], day: Day): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/**
 * A notice for the moderators, in the community's language: in the moderation queue
 * channel, or (none set) a DM to each moderator and admin user. Keyed: said once.
 */
export async function noticeModerators(
  repos: Repositories,
  community: Community,
  key: string,
  build: (t: Translate) => string,
  at: Date,
): Promise<number> {
  const message: Message = { text: build(translator(community.locale)) };
  const base = { communityId: community.id, platform: community.platform, message, availableAt: at };
  const channel = community.settings.channels.moderationQueue;
  if (channel)
    return (await repos.outbox.enqueue({ ...base, key, target: { kind: 'channel', channelId: channel } })) ? 1 : 0;
  let queued = 0;
  for (const userId of new Set([...community.settings.moderatorUsers, ...community.settings.adminUsers])) {
    if (await repos.outbox.enqueue({ ...base, key: `${key}:${userId}`, target: { kind: 'dm', userId } })) queued += 1;
  }
  return queued;
}

/** To her: her post is out, in the showcase channel. */
export function publishedNotice(community: Community, author: Member, channelId: string): Message {
  const t = translator(localeFor(author, community));
  return { text: t('publish.dm', { channel: `<#${channelId}>` }) };
}
