import type { AuditLog, CommunityRepository, MemberRepository, ProcessedEvents } from './community.ts';
import type { ProfileRepository } from './onboarding/profile.ts';
import type { OutboxRepository } from './outbox.ts';
import type { MatchingRepository, PostedRequestRepository } from './matching/ports.ts';
import type { NudgeRepository } from './nudges/checkin-ports.ts';
import type { CommunityReminderRepository, NudgeAttentionRepository } from './nudges/reminder-ports.ts';
import type { PairNudgeRepository } from './nudges/pair-ports.ts';

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
  nudges: NudgeRepository;
  reminders: CommunityReminderRepository;
  nudgeAttention: NudgeAttentionRepository;
  /** Reminders, silence and program end of pairs and requests. */
  pairNudges: PairNudgeRepository;
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
