import type { PrismaClient } from '../generated/client.ts';
import { createAuditLog } from './audit-log.ts';
import { createCommunityRepository } from './communities.ts';
import { createMemberRepository } from './members.ts';
import { createProcessedEvents } from './processed-events.ts';

export function createRepositories(prisma: PrismaClient) {
  return {
    communities: createCommunityRepository(prisma),
    members: createMemberRepository(prisma),
    auditLog: createAuditLog(prisma),
    processedEvents: createProcessedEvents(prisma),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
