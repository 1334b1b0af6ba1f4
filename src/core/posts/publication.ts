import { closeChallengesFor } from '../challenges/challenge-service.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { addDays, atLocalTime, localDay, type Day } from '../nudges/local-time.ts';
import type { Repositories, Store } from '../store.ts';
import { translator } from '../../i18n/index.ts';
import { postMessage } from './post-message.ts';
import { formatDay, noticeModerators, publicationKeys, publishedNotice } from './publication-messages.ts';
import { SlotTakenError, type PublishPlace } from './publication-ports.ts';
import { fillable } from './publication-rules.ts';
import type { Submission, SubmissionStatus } from './submission.ts';

/** Posts the queue panel lists, and how many its menu offers to pick from (a select holds 25). */
export const queueShown = 10;
export const queuePickable = 25;
/** How far ahead the day-before check looks into the queue (authors only): plenty for 5 slots a day. */
const lookahead = 50;

export interface QueueEntry {
  /** 1 for the next post to be published. */
  position: number;
  submission: Submission;
  author: Member;
}

export interface QueueView {
  entries: QueueEntry[];
  length: number;
  /** Days skipped from today on. */
  skips: Day[];
  /** When the daily publication next runs (not skipped), in the community's zone. */
  next: Date | null;
}

export interface PostStats {
  byStatus: Record<SubmissionStatus, number>;
  publishedThisMonth: number;
}

const publishHour = (community: Community) => community.settings.posts.hour * 60;

/**
 * The daily publication and the publication queue. Everything is computed from the
 * database at each call (never from timers), and each publication is one transaction
 * that takes the community's lock, re-reads the slot, marks the post published and queues
 * its messages: a late tick, a restart or a second instance neither loses nor repeats one,
 * and the unique index of one post per slot backs this up.
 */
export function createPublicationService({ store, clock }: { store: Store; clock: Clock }) {
  /** Marks it published and queues the showcase post, her DM, and the close of challenges to her. */
  async function publishOne(
    repos: Repositories,
    community: Community,
    submission: Submission,
    place: PublishPlace,
    key: string,
    actor: Member | null,
  ): Promise<number> {
    const showcase = community.settings.channels.showcase as string;
    if (!(await repos.publication.publish(submission.id, place))) return 0;
    const author = await repos.members.get(submission.authorId);
    const t = translator(community.locale);
    const base = { communityId: community.id, platform: community.platform, availableAt: place.at };
    let queued = 0;
    if (
      await repos.outbox.enqueue({
        ...base,
        key,
        target: { kind: 'channel', channelId: showcase },
        message: postMessage(t, submission, author),
      })
    )
      queued += 1;
    if (
      await repos.outbox.enqueue({
        ...base,
        key: publicationKeys.told(submission.id),
        target: { kind: 'dm', userId: author.externalUserId },
        message: publishedNotice(community, author, showcase),
      })
    )
      queued += 1;
    queued += await closeChallengesFor(repos, community, submission, place.at);
    await repos.auditLog.record({
      communityId: community.id,
      actorId: actor?.id ?? null,
      action: actor ? 'posts.published_now' : 'posts.published',
      targetType: 'submission',
      targetId: submission.id,
      details: { day: place.day, slot: place.slot },
    });
    return queued;
  }

  /** One slot of a day, in one transaction; `stop` when later slots cannot be filled either. */
  async function fillSlot(
    communityId: string,
    day: Day,
    slot: number,
    now: Date,
  ): Promise<{ queued: number; stop: boolean }> {
    try {
      return await store.transaction(async (repos) => {
        // The community's lock: publications of one community take turns, on any instance.
        const community = await repos.communities.lock(communityId);
        if (slot >= community.settings.posts.perDay || (await repos.publication.isSkipped(communityId, day)))
          return { queued: 0, stop: true };
        if ((await repos.publication.takenSlots(communityId, day)).includes(slot)) return { queued: 0, stop: false };
        if (!community.settings.channels.showcase) {
          const queued = await noticeModerators(
            repos,
            community,
            publicationKeys.noShowcase(day),
            (t) => t('publish.notice.noShowcase'),
            now,
          );
          return { queued, stop: true };
        }
        const previous = await repos.publication.lastPublishedAuthor(communityId);
        const next = await repos.publication.nextApproved(communityId, previous);
        if (!next) {
          // Posts are waiting, but all by the author published last: never twice in a row.
          const waiting = previous !== null && (await repos.publication.queueLength(communityId)) > 0;
          const queued = waiting
            ? await noticeModerators(
                repos,
                community,
                publicationKeys.waiting(day, slot),
                (t) => t('publish.notice.sameAuthor'),
                now,
              )
            : 0;
          return { queued, stop: true };
        }
        return {
          queued: await publishOne(
            repos,
            community,
            next,
            { day, slot, at: now },
            publicationKeys.slot(day, slot),
            null,
          ),
          stop: false,
        };
      });
    } catch (error) {
      // Another instance published this slot first: its post is the one.
      if (error instanceof SlotTakenError) return { queued: 0, stop: false };
      throw error;
    }
  }

  /**
   * From the publication hour on, the day before: tomorrow's slots (after today's still
   * free) cannot all be filled from the approved queue. Said once to the moderators.
   */
  async function warnTomorrow(community: Community, today: Day, todayFree: number, now: Date): Promise<number> {
    const tomorrow = addDays(today, 1);
    const key = publicationKeys.empty(tomorrow);
    if (!community.settings.channels.showcase || (await store.outbox.get(community.id, key))) return 0;
    if (await store.publication.isSkipped(community.id, tomorrow)) return 0;
    const { perDay } = community.settings.posts;
    const [authors, previous] = await Promise.all([
      store.publication.queueAuthors(community.id, lookahead),
      store.publication.lastPublishedAuthor(community.id),
    ]);
    // A feed that never started (nothing approved or published yet) is not warned about.
    if (previous === null && authors.length === 0) return 0;
    const needed = todayFree + perDay;
    const filled = fillable(authors, previous, needed);
    if (filled >= needed) return 0;
    const ready = Math.max(0, filled - todayFree);
    return store.transaction((repos) =>
      noticeModerators(
        repos,
        community,
        key,
        (t) => t('publish.notice.emptyTomorrow', { day: formatDay(community.locale, tomorrow), count: ready, perDay }),
        now,
      ),
    );
  }

  async function nextPublication(community: Community, now: Date, skips: readonly Day[]): Promise<Date | null> {
    const today = localDay(now, community.timeZone);
    for (let d = 0; d <= 366; d += 1) {
      const day = addDays(today, d);
      const at = atLocalTime(day, publishHour(community), community.timeZone);
      if (!skips.includes(day) && at > now) return at;
    }
    return null;
  }

  /** Queue edits take the community's lock too: two moderators reordering take turns. */
  async function locateInQueue(repos: Repositories, community: Community, submissionId: string) {
    await repos.communities.lock(community.id);
    const items = await repos.publication.queue(community.id, queuePickable + 1);
    const index = items.findIndex((s) => s.id === submissionId);
    if (index < 0) throw new UserError('publish.error.notInQueue');
    return { items, index, submission: items[index] as Submission };
  }

  const rankOf = (submission: Submission) => submission.queueRank ?? submission.createdAt.getTime();

  return {
    /**
     * The daily publication of one community at `now`: from the local publication hour of
     * today on (a late tick, a restart catch up within the same local day), every slot of
     * today not yet published nor skipped, then the day-before check. Returns messages queued.
     */
    async runDaily(community: Community, now: Date): Promise<number> {
      const { perDay } = community.settings.posts;
      const today = localDay(now, community.timeZone);
      if (now < atLocalTime(today, publishHour(community), community.timeZone)) return 0;
      // Reads first, without a lock: most ticks find the day done and write nothing.
      const [taken, skipped, queued] = await Promise.all([
        store.publication.takenSlots(community.id, today),
        store.publication.isSkipped(community.id, today),
        store.publication.queueLength(community.id),
      ]);
      let sent = 0;
      let free = skipped
        ? 0
        : Array.from({ length: perDay }, (_, slot) => slot).filter((slot) => !taken.includes(slot)).length;
      // Nothing approved: nothing to publish (nor to say about a missing showcase channel).
      const work = !skipped && free > 0 && queued > 0;
      if (work) {
        for (let slot = 0; slot < perDay; slot += 1) {
          if (taken.includes(slot)) continue;
          const { queued: count, stop } = await fillSlot(community.id, today, slot, now);
          sent += count;
          if (stop) break;
        }
        free = perDay - (await store.publication.takenSlots(community.id, today)).length;
      }
      return sent + (await warnTomorrow(community, today, skipped ? 0 : Math.max(0, free), now));
    },

    /**
     * A moderator publishes one approved post at once, outside the daily slots (the next
     * daily post still follows the never-twice-in-a-row rule after it). Not her own post.
     */
    async publishNow(community: Community, actor: Member, submissionId: string): Promise<Submission> {
      return store.transaction(async (repos) => {
        const current = await repos.communities.lock(community.id);
        const submission = await repos.submissions.lock(submissionId);
        if (!submission || submission.communityId !== community.id) throw new UserError('error.expired');
        if (submission.status === 'published') throw new UserError('publish.error.alreadyPublished');
        if (submission.status !== 'approved') throw new UserError('publish.error.notInQueue');
        if (submission.authorId === actor.id) throw new UserError('publish.error.own');
        if (!current.settings.channels.showcase) throw new UserError('publish.error.noShowcase');
        const now = clock.now();
        await publishOne(
          repos,
          current,
          submission,
          { day: localDay(now, current.timeZone), slot: null, at: now },
          publicationKeys.now(submission.id),
          actor,
        );
        return submission;
      });
    },

    /** The next approved posts in order, the skipped days, and when the next publication runs. */
    async queue(community: Community, size = queuePickable): Promise<QueueView> {
      const now = clock.now();
      const [items, length, skips] = await Promise.all([
        store.publication.queue(community.id, size),
        store.publication.queueLength(community.id),
        store.publication.skipsFrom(community.id, localDay(now, community.timeZone)),
      ]);
      const authors = new Map(
        (await store.members.many([...new Set(items.map((s) => s.authorId))])).map((m) => [m.id, m]),
      );
      const entries = items.flatMap((submission, i) => {
        const author = authors.get(submission.authorId);
        return author ? [{ position: i + 1, submission, author }] : [];
      });
      return { entries, length, skips, next: await nextPublication(community, now, skips) };
    },

    /** One place up, or to the top of the queue. Not her own post (another moderator does it). */
    async move(community: Community, actor: Member, submissionId: string, where: 'up' | 'top'): Promise<void> {
      await store.transaction(async (repos) => {
        const { items, index, submission } = await locateInQueue(repos, community, submissionId);
        if (submission.authorId === actor.id) throw new UserError('publish.error.own');
        if (index === 0) return;
        const first = items[0] as Submission;
        const previous = items[index - 1] as Submission;
        const before = items[index - 2];
        // Strictly between the two posts it goes between (one rank below the first for the top).
        const rank = where === 'top' || !before ? rankOf(first) - 1 : (rankOf(before) + rankOf(previous)) / 2;
        await repos.publication.setRank(submission.id, rank);
        await repos.auditLog.record({
          communityId: community.id,
          actorId: actor.id,
          action: 'posts.queue_moved',
          targetType: 'submission',
          targetId: submission.id,
          details: { where, from: index + 1, to: where === 'top' ? 1 : index },
        });
      });
    },

    /** Nothing is published that day (today or later). */
    async skip(community: Community, actor: Member, day: Day): Promise<boolean> {
      if (day < localDay(clock.now(), community.timeZone)) throw new UserError('publish.error.pastDay');
      return store.transaction(async (repos) => {
        const added = await repos.publication.addSkip(community.id, day, actor.id);
        if (added)
          await repos.auditLog.record({
            communityId: community.id,
            actorId: actor.id,
            action: 'posts.day_skipped',
            targetType: 'community',
            targetId: community.id,
            details: { day },
          });
        return added;
      });
    },

    async unskip(community: Community, actor: Member, day: Day): Promise<boolean> {
      return store.transaction(async (repos) => {
        const removed = await repos.publication.removeSkip(community.id, day);
        if (removed)
          await repos.auditLog.record({
            communityId: community.id,
            actorId: actor.id,
            action: 'posts.day_unskipped',
            targetType: 'community',
            targetId: community.id,
            details: { day },
          });
        return removed;
      });
    },

    /**
     * Publications whose message failed for good (after the outbox's retries): each one
     * is told to the moderators once. Admins also see them in the failed count of `admin`.
     */
    async reportFailures(community: Community, now: Date): Promise<number> {
      const keys = await store.publication.failedPublicationKeys(community.id);
      let queued = 0;
      for (const key of keys) {
        const notice = publicationKeys.failed(key);
        if (await store.outbox.get(community.id, notice)) continue;
        const day = /^posts\.publish:(\d{4}-\d{2}-\d{2}):/.exec(key)?.[1];
        queued += await store.transaction((repos) =>
          noticeModerators(
            repos,
            community,
            notice,
            (t) =>
              day
                ? t('publish.notice.failed', { day: formatDay(community.locale, day) })
                : t('publish.notice.failedNow'),
            now,
          ),
        );
      }
      return queued;
    },

    /** Submissions by state and posts published this (local) month. */
    async stats(community: Community): Promise<PostStats> {
      const today = localDay(clock.now(), community.timeZone);
      const monthStart = `${today.slice(0, 7)}-01`;
      const [byStatus, publishedThisMonth] = await Promise.all([
        store.publication.countByStatus(community.id),
        store.publication.publishedBetween(community.id, monthStart, `${addDays(monthStart, 32).slice(0, 7)}-01`),
      ]);
      return { byStatus, publishedThisMonth };
    },
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
