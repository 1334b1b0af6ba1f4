import type { AuditLog, CommunityRepository, MemberRepository, ProcessedEvents } from './community.ts';
import type { ProfileRepository } from './onboarding/profile.ts';
import type { OutboxRepository } from './outbox.ts';
import type { MatchingRepository, PostedRequestRepository } from './matching/ports.ts';

/** Every repository the core uses, as one port. */
export interface Repositories {
  communities: CommunityRepository;
  members: MemberRepository;
  profiles: ProfileRepository;
  auditLog: AuditLog;
  processedEvents: ProcessedEvents;
  outbox: OutboxRepository;
  matching: MatchingRepository;
  postedRequests: PostedRequestRepository;
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
