import type { Repositories, Store } from '../../core/store.ts';
import type { PrismaClient } from '../generated/client.ts';
import { createAuditLog } from './audit-log.ts';
import { createCommunityRepository } from './communities.ts';
import type { Db } from './db.ts';
import { createMemberRepository } from './members.ts';
import { createOutboxRepository } from './outbox.ts';
import { createProcessedEvents } from './processed-events.ts';
import { createProfileRepository } from './profiles.ts';

export function createRepositories(db: Db): Repositories {
  return {
    communities: createCommunityRepository(db),
    members: createMemberRepository(db),
    profiles: createProfileRepository(db),
    auditLog: createAuditLog(db),
    processedEvents: createProcessedEvents(db),
    outbox: createOutboxRepository(db),
  };
}

/** The core's Store over Prisma: repositories, and transactions that hand out the same repositories bound to the transaction. */
export function createStore(prisma: PrismaClient): Store {
  return {
    ...createRepositories(prisma),
    transaction: (work) => prisma.$transaction((tx) => work(createRepositories(tx)), { timeout: 15_000, maxWait: 10_000 }),
  };
}
export type { Repositories };
