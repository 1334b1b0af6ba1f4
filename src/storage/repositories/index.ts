import type { Repositories, Store } from '../../core/store.ts';
import type { PrismaClient } from '../generated/client.ts';
import { createAuditLog } from './audit-log.ts';
import { createCommunityRepository } from './communities.ts';
import type { Db } from './db.ts';
import { createChallengeRepository } from './challenges.ts';
import { createCircleRepository } from './circles.ts';
import { createEventRepository } from './events.ts';
import { createRegionRepository } from './regions.ts';
import { createFileRepository } from './files.ts';
import { createPublicationRepository } from './publication.ts';
import { createSubmissionRepository } from './submissions.ts';
import { createMatchingRepository } from './matching.ts';
import { createMemberRepository } from './members.ts';
import { createNudgeRepository } from './nudges.ts';
import { createOutboxRepository } from './outbox.ts';
import { createPairNudgeRepository } from './pair-nudges.ts';
import { createPostedRequestRepository } from './posted-requests.ts';
import { createProcessedEvents } from './processed-events.ts';
import { createProfileRepository } from './profiles.ts';
import { createNudgeAttentionRepository, createReminderRepository } from './reminders.ts';
import { createStatsRepository } from './stats.ts';
import { createPrivacyRepository } from './privacy.ts';
import { createCommunityCache, type CommunityCache, type CommunityCacheOptions } from '../community-cache.ts';

export function createRepositories(db: Db): Repositories {
  return {
    communities: createCommunityRepository(db),
    members: createMemberRepository(db),
    profiles: createProfileRepository(db),
    auditLog: createAuditLog(db),
    processedEvents: createProcessedEvents(db),
    outbox: createOutboxRepository(db),
    matching: createMatchingRepository(db),
    postedRequests: createPostedRequestRepository(db),
    nudges: createNudgeRepository(db),
    reminders: createReminderRepository(db),
    nudgeAttention: createNudgeAttentionRepository(db),
    pairNudges: createPairNudgeRepository(db),
    files: createFileRepository(db),
    submissions: createSubmissionRepository(db),
    publication: createPublicationRepository(db),
    challenges: createChallengeRepository(db),
    circles: createCircleRepository(db),
    events: createEventRepository(db),
    regions: createRegionRepository(db),
    stats: createStatsRepository(db),
    privacy: createPrivacyRepository(db),
  };
}

/**
 * The core's Store over Prisma: repositories, and transactions that hand out the same
 * repositories bound to the transaction. `onEnqueue` is called once something was put
 * in the outbox and committed, so the sender can wake up without polling after every
 * interaction.
 */
/**
 * A read of an id from outside that is no id (PostgreSQL's invalid_text_representation, 22P02,
 * as Prisma's driver adapters report it, from a query or a raw one: "abc" for a uuid) or names no row (P2025, from
 * `…OrThrow` and `update`): a stale or forged component, not an incident.
 */
function refersToNothing(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.meta?.driverAdapterError?.cause?.originalCode === '22P02' || e?.code === 'P2025';
}

/**
 * Community rows come through the process's cache (see community-cache.ts): every write
 * that can change one (its update, a member's erasure taking her off its lists) forgets
 * it, and forgets it again once the transaction it ran in has ended.
 */
function cached(repos: Repositories, cache: CommunityCache, touched?: Set<string>): Repositories {
  return {
    ...repos,
    communities: cache.wrap(repos.communities, touched),
    privacy: {
      ...repos.privacy,
      erase: async (member, now, options) => {
        touched?.add(member.communityId);
        try {
          return await repos.privacy.erase(member, now, options);
        } finally {
          cache.forget(member.communityId);
        }
      },
    },
  };
}

export function createStore(
  prisma: PrismaClient,
  options: { onEnqueue?: () => void; communityCache?: CommunityCacheOptions } = {},
): Store {
  const notify = options.onEnqueue ?? (() => {});
  const cache = createCommunityCache(options.communityCache ?? {});
  const watched = (repos: Repositories, onEnqueue: () => void): Repositories => ({
    ...repos,
    outbox: {
      ...repos.outbox,
      enqueue: async (entry) => {
        const created = await repos.outbox.enqueue(entry);
        if (created) onEnqueue();
        return created;
      },
      enqueueMany: async (entries) => {
        const created = await repos.outbox.enqueueMany(entries);
        if (created > 0) onEnqueue();
        return created;
      },
    },
  });
  return {
    ...watched(cached(createRepositories(prisma), cache), notify),
    refersToNothing,
    async transaction(work) {
      let enqueued = false;
      const touched = new Set<string>();
      try {
        const result = await prisma.$transaction(
          (tx) => work(watched(cached(createRepositories(tx), cache, touched), () => (enqueued = true))),
          { timeout: 15_000, maxWait: 10_000 },
        );
        if (enqueued) notify();
        return result;
      } finally {
        for (const id of touched) cache.forget(id);
      }
    },
  };
}
export type { Repositories };
