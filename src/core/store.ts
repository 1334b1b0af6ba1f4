import type { ChallengeRepository } from './challenges/ports.ts';
import type { FileRepository } from './files.ts';
import type { SubmissionRepository } from './posts/ports.ts';
import type { PublicationRepository } from './posts/publication-ports.ts';
import type { AuditLog, CommunityRepository, MemberRepository, ProcessedEvents } from './community.ts';
import type { ProfileRepository } from './onboarding/profile.ts';
import type { OutboxRepository } from './outbox.ts';
import type { MatchingRepository, PostedRequestRepository } from './matching/ports.ts';
import type { NudgeRepository } from './nudges/checkin-ports.ts';
import type { CommunityReminderRepository, NudgeAttentionRepository } from './nudges/reminder-ports.ts';
import type { PairNudgeRepository } from './nudges/pair-ports.ts';
import type { CircleRepository } from './circles/ports.ts';
import type { EventRepository } from './events/ports.ts';
import type { RegionRepository } from './regions/ports.ts';
import type { StatsRepository } from './stats/ports.ts';
import type { PrivacyRepository } from './privacy/ports.ts';

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
  /** Bytes of images and exports (stored_files). */
  files: FileRepository;
  /** Posts members share, and their moderation. */
  submissions: SubmissionRepository;
  /** The publication queue and the daily publication. */
  publication: PublicationRepository;
  /** Who challenged whom to post. */
  challenges: ChallengeRepository;
  /** Peer circles and their waiting list. */
  circles: CircleRepository;
  /** Mentored events, who registered, and their groups. */
  events: EventRepository;
  /** The community's regions and their delegates. */
  regions: RegionRepository;
  /** The figures of `stats`, from SQL aggregates. */
  stats: StatsRepository;
  /** Everything about one member: her export, her erasure, her leaving the platform. */
  privacy: PrivacyRepository;
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Whether a failure came from an id that is no id, or names no row (a component id from a
   * stale or forged button): a reference to nothing, not an incident.
   */
  refersToNothing?(error: unknown): boolean;
}
