import { isTimeZone } from './time-zone.ts';
import type { Community, CommunitySettings, Member, Platform } from './community.ts';
import { communitySettingsSchema } from './community.ts';
import { FieldErrors, UserError } from './errors.ts';
import { nudgeSettingsSchema, type NudgeSettings } from './nudges/kinds.ts';
import { text, type Locale } from '../i18n/index.ts';
import type { Store } from './store.ts';

export type ChannelSetting = keyof CommunitySettings['channels'];
export const channelSettings: readonly ChannelSetting[] = ['moderationQueue', 'showcase', 'matching', 'announcements'];

export interface SettingsChange {
  locale?: Locale;
  timeZone?: string;
  channels?: Partial<Record<ChannelSetting, string | null>>;
  moderatorRoles?: string[];
  moderatorUsers?: string[];
  adminUsers?: string[];
  /** Nudges: only the fields given change (the admin's "Reminders" page saves one at a time). */
  nudges?: Partial<NudgeSettings>;
  /** The daily posts: only the fields given change, like nudges. */
  posts?: Partial<PostsSettings>;
  /** Members' data: the retention period after a member left her platform. */
  privacy?: Partial<CommunitySettings['privacy']>;
}

export type PostsSettings = CommunitySettings['posts'];

type ListSetting = 'moderatorRoles' | 'moderatorUsers' | 'adminUsers';
const listSettings: readonly ListSetting[] = ['moderatorRoles', 'moderatorUsers', 'adminUsers'];

/**
 * A channel, role or user id as its platform writes it: a Discord snowflake, a Slack id
 * (capitals and digits), a playground name (`lea`, `moderation`). These are shown back in the panel (Discord refuses a select whose
 * default values are not snowflakes, which broke the panel for good) and written as mentions.
 */
const platformId: Record<Platform, RegExp> = {
  discord: /^\d{1,20}$/,
  slack: /^[A-Z0-9]{1,64}$/,
  playground: /^[a-z0-9-]{1,64}$/,
};

/** Whether every channel, role and user id in the change is one its platform could have sent. */
function idsLookRight(platform: Platform, change: SettingsChange): boolean {
  const ids = [
    ...Object.values(change.channels ?? {}).filter((id): id is string => Boolean(id)),
    ...listSettings.flatMap((key) => change[key] ?? []),
  ];
  return ids.every((id) => typeof id === 'string' && platformId[platform].test(id));
}

/**
 * The fields a change really alters, compared with the community as the admin saw it.
 * Only these are written, onto the row as it is at write time: a form sends every field,
 * and rewriting the unchanged ones would undo what another admin saved meanwhile.
 */
function alteredBy(change: SettingsChange, seen: Community): SettingsChange {
  const altered: SettingsChange = {};
  if (change.locale !== undefined && change.locale !== seen.locale) altered.locale = change.locale;
  if (change.timeZone !== undefined && change.timeZone !== seen.timeZone) altered.timeZone = change.timeZone;
  for (const [key, value] of Object.entries(change.channels ?? {}) as [ChannelSetting, string | null | undefined][]) {
    if ((value || undefined) !== seen.settings.channels[key])
      altered.channels = { ...altered.channels, [key]: value || null };
  }
  for (const key of listSettings) {
    const list = change[key];
    if (list && JSON.stringify(list) !== JSON.stringify(seen.settings[key])) altered[key] = list;
  }
  for (const [key, value] of Object.entries(change.nudges ?? {}) as [keyof NudgeSettings, unknown][]) {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(seen.settings.nudges[key]))
      altered.nudges = { ...altered.nudges, [key]: value };
  }
  for (const [key, value] of Object.entries(change.posts ?? {}) as [keyof PostsSettings, unknown][]) {
    if (value !== undefined && value !== seen.settings.posts[key]) altered.posts = { ...altered.posts, [key]: value };
  }
  for (const [key, value] of Object.entries(change.privacy ?? {}) as [
    keyof CommunitySettings['privacy'],
    number | undefined,
  ][]) {
    if (value !== undefined && value !== seen.settings.privacy[key])
      altered.privacy = { ...altered.privacy, [key]: value };
  }
  return altered;
}

function applied(altered: SettingsChange, current: Community) {
  const channels = { ...current.settings.channels };
  for (const [key, value] of Object.entries(altered.channels ?? {})) {
    if (value) channels[key as ChannelSetting] = value;
    else delete channels[key as ChannelSetting];
  }
  const settings = communitySettingsSchema.parse({
    ...current.settings,
    channels,
    nudges: { ...current.settings.nudges, ...altered.nudges },
    posts: { ...current.settings.posts, ...altered.posts },
    privacy: { ...current.settings.privacy, ...altered.privacy },
    ...Object.fromEntries(listSettings.filter((key) => altered[key]).map((key) => [key, altered[key]])),
  });
  return { locale: altered.locale ?? current.locale, timeZone: altered.timeZone ?? current.timeZone, settings };
}

/**
 * Admin settings of a community. Callers check that the actor is an admin (the
 * dispatcher does, from what the platform says, never from the client); every change
 * is written to the audit log with what it changed. Two admins saving at the same time
 * take turns on the community row, and each keeps what the other changed.
 */
export function createSettingsService({ store }: { store: Store }) {
  return {
    async update(community: Community, actor: Member, change: SettingsChange): Promise<Community> {
      if (change.timeZone !== undefined && !isTimeZone(change.timeZone)) {
        throw new FieldErrors({ timeZone: text('admin.invalid.timeZone', { value: change.timeZone }) });
      }
      // Values come from the admin's selects: one out of bounds is a forged or stale payload
      // (a text select sent under the id of the roles' select: fuzzing, seed 1316850512).
      if (!idsLookRight(community.platform, change)) throw new UserError('error.expired');
      if (change.nudges && !nudgeSettingsSchema.safeParse({ ...community.settings.nudges, ...change.nudges }).success)
        throw new UserError('error.expired');
      if (
        change.posts &&
        !communitySettingsSchema.shape.posts.safeParse({ ...community.settings.posts, ...change.posts }).success
      )
        throw new UserError('error.expired');
      if (
        change.privacy &&
        !communitySettingsSchema.shape.privacy.safeParse({ ...community.settings.privacy, ...change.privacy }).success
      )
        throw new UserError('error.expired');
      const altered = alteredBy(change, community);
      if (Object.keys(altered).length === 0) return community;
      return store.transaction(async (repos) => {
        const current = await repos.communities.lock(community.id);
        const next = applied(altered, current);
        const before = { locale: current.locale, timeZone: current.timeZone, ...current.settings };
        const after = { locale: next.locale, timeZone: next.timeZone, ...next.settings };
        const changed = Object.fromEntries(
          Object.entries(after).filter(
            ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before]),
          ),
        );
        if (Object.keys(changed).length === 0) return current;
        const updated = await repos.communities.update(community.id, next);
        await repos.auditLog.record({
          communityId: community.id,
          actorId: actor.id,
          action: 'settings.changed',
          targetType: 'community',
          targetId: community.id,
          details: { changed },
        });
        return updated;
      });
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
