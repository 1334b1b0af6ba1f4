import { z } from 'zod';
import type { Locale } from '../i18n/index.ts';
import { matchingWeightsSchema } from './matching/score.ts';
import { nudgeSettingsSchema, type NudgeKind } from './nudges/kinds.ts';

export type Platform = 'discord' | 'slack' | 'playground';

/** A channel, role or user id as its platform writes it: a Discord snowflake, a Slack id (capitals and digits), a playground name. */
const platformIdPattern: Record<Platform, RegExp> = {
  discord: /^\d{1,20}$/,
  slack: /^[A-Z0-9]{1,64}$/,
  playground: /^[a-z0-9-]{1,64}$/,
};

/** Whether `id` is one the platform could have sent (a select's value may be anything when forged). */
export const isPlatformId = (platform: Platform, id: unknown): id is string =>
  typeof id === 'string' && platformIdPattern[platform].test(id);
export type MemberStatus = 'active' | 'paused' | 'left';

/**
 * What admins configure for their community. Stored as JSON and always read through
 * this schema, so an older row missing a newer field still parses with its default.
 */
export const communitySettingsSchema = z.object({
  channels: z
    .object({
      moderationQueue: z.string().optional(),
      showcase: z.string().optional(),
      matching: z.string().optional(),
      announcements: z.string().optional(),
    })
    .default({}),
  /** Discord roles whose members moderate. */
  moderatorRoles: z.array(z.string()).default([]),
  /** Members who moderate, by user id (Slack has no roles). */
  moderatorUsers: z.array(z.string()).default([]),
  /** Besides the platform's own admins (Discord: Manage Server; Slack: workspace admins), these users administer the bot. */
  adminUsers: z.array(z.string()).default([]),
  /** Mentor matching: weights of the score, how many suggestions, requests per mentee, expiry. */
  matching: z
    .object({
      weights: matchingWeightsSchema.prefault({}),
      suggestions: z.number().int().min(1).max(10).default(5),
      maxOpenRequests: z.number().int().min(1).max(10).default(3),
      requestExpiryDays: z.number().int().min(1).max(90).default(14),
    })
    .prefault({}),
  /** Nudges on a schedule: which kinds, when, how often (src/core/nudges/kinds.ts). */
  nudges: nudgeSettingsSchema,
  /** The daily "women in tech" posts (src/core/posts). */
  posts: z
    .object({
      /** Local hour (community time zone) of the daily publication. */
      hour: z.number().int().min(0).max(23).default(12),
      /** Posts published each day. */
      perDay: z.number().int().min(1).max(5).default(1),
      /** Largest image accepted, in megabytes. */
      maxImageMb: z.number().int().min(1).max(25).default(8),
      /**
       * Whether the author, and the decided card, name the moderator who decided; otherwise
       * they read "the moderators". A moderator clicking a card already decided is always told who.
       */
      showModeratorName: z.boolean().default(false),
    })
    .prefault({}),
  /** Members' data (src/core/privacy): how long a member who left the platform is kept before her data is erased. */
  privacy: z
    .object({
      retentionDays: z.number().int().min(1).max(3650).default(90),
    })
    .prefault({}),
});
export type CommunitySettings = z.output<typeof communitySettingsSchema>;

export interface Community {
  id: string;
  platform: Platform;
  externalId: string;
  name: string;
  locale: Locale;
  timeZone: string;
  settings: CommunitySettings;
}

export interface Member {
  id: string;
  communityId: string;
  externalUserId: string;
  displayName: string | null;
  /** Her own language when she chose one (Discord tells it); otherwise the community's. */
  locale: Locale | null;
  timeZone: string | null;
  status: MemberStatus;
  /** Her quiet hours in her time zone, minutes from midnight (from ≥ to spans midnight); null: the community's. */
  quietFrom: number | null;
  quietTo: number | null;
  /** No nudge reaches her before this moment. */
  snoozedUntil: Date | null;
  /** Kinds of nudges she turned off. */
  nudgeOptOut: NudgeKind[];
}

/** What a member may change of her nudges (profile → Reminders); null clears a field. */
export interface NudgePreferencesChange {
  timeZone?: string | null;
  quietFrom?: number | null;
  quietTo?: number | null;
  snoozedUntil?: Date | null;
  nudgeOptOut?: NudgeKind[];
}

export interface CommunityRepository {
  /**
   * Finds the community of a guild / workspace, creating it on first contact. A given
   * name replaces the stored one (servers get renamed); without one it is kept.
   */
  ensure(input: {
    platform: Platform;
    externalId: string;
    name?: string;
    locale?: Locale;
    timeZone?: string;
  }): Promise<Community>;
  find(platform: Platform, externalId: string): Promise<Community | null>;
  findById(id: string): Promise<Community | null>;
  get(id: string): Promise<Community>;
  /**
   * Reads the community and keeps it locked until the surrounding transaction ends, so
   * two writers of its settings take turns (call it inside `store.transaction`).
   */
  lock(id: string): Promise<Community>;
  update(
    id: string,
    change: { name?: string; locale?: Locale; timeZone?: string; settings?: CommunitySettings },
  ): Promise<Community>;
}

export interface MemberRepository {
  /**
   * `timeZone` (what her platform tells, Slack) is stored only when she has none yet: her own choice wins.
   * `found`: her row as just read (null: none), so it is not read again; nothing is written when it is current.
   */
  ensure(
    input: {
      communityId: string;
      externalUserId: string;
      displayName?: string | null;
      locale?: Locale | null;
      timeZone?: string;
    },
    found?: Member | null,
  ): Promise<Member>;
  find(communityId: string, externalUserId: string): Promise<Member | null>;
  get(id: string): Promise<Member>;
  many(ids: readonly string[]): Promise<Member[]>;
  update(
    id: string,
    change: {
      displayName?: string | null;
      locale?: Locale | null;
      timeZone?: string | null;
      status?: MemberStatus;
    } & NudgePreferencesChange,
  ): Promise<Member>;
  countByStatus(communityId: string): Promise<Record<MemberStatus, number>>;
}

export interface AuditEntry {
  communityId: string;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(communityId: string, options?: { limit?: number; action?: string }): Promise<(AuditEntry & { at: Date })[]>;
}

export interface ProcessedEvents {
  /** True the first time a delivery key is seen, false for every replay of it. */
  claim(platform: Platform, key: string): Promise<boolean>;
  /**
   * `claim`, and her member row read in the same round trip (null: none yet): every
   * interaction needs both, and the claim alone was one more message to the database.
   */
  claimWithMember(
    platform: Platform,
    key: string,
    member: { communityId: string; externalUserId: string },
  ): Promise<{ claimed: boolean; member: Member | null }>;
  /** Gives a claimed key back when nothing was done with it, so the platform's retry is processed. */
  release(platform: Platform, key: string): Promise<void>;
  /** Forgets keys older than `before`; platforms stop retrying within minutes. */
  purge(before: Date): Promise<number>;
}
