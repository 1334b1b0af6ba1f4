import { isTimeZone } from './time-zone.ts';
import type { Community, CommunitySettings, Member } from './community.ts';
import { communitySettingsSchema } from './community.ts';
import { FieldErrors } from './errors.ts';
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
}

/**
 * Admin settings of a community. Callers check that the actor is an admin (the
 * dispatcher does, from what the platform says, never from the client); every change
 * is written to the audit log with what it changed.
 */
export function createSettingsService({ store }: { store: Store }) {
  return {
    async update(community: Community, actor: Member, change: SettingsChange): Promise<Community> {
      if (change.timeZone !== undefined && !isTimeZone(change.timeZone)) {
        throw new FieldErrors({ timeZone: text('admin.invalid.timeZone', { value: change.timeZone }) });
      }
      const channels = { ...community.settings.channels };
      for (const [key, value] of Object.entries(change.channels ?? {})) {
        if (value) channels[key as ChannelSetting] = value;
        else delete channels[key as ChannelSetting];
      }
      const settings = communitySettingsSchema.parse({
        ...community.settings,
        channels,
        ...(change.moderatorRoles ? { moderatorRoles: change.moderatorRoles } : {}),
        ...(change.moderatorUsers ? { moderatorUsers: change.moderatorUsers } : {}),
        ...(change.adminUsers ? { adminUsers: change.adminUsers } : {}),
      });
      const before = { locale: community.locale, timeZone: community.timeZone, ...community.settings };
      const after = {
        locale: change.locale ?? community.locale,
        timeZone: change.timeZone ?? community.timeZone,
        ...settings,
      };
      const changed = Object.fromEntries(
        Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before])),
      );
      if (Object.keys(changed).length === 0) return community;
      return store.transaction(async (repos) => {
        const updated = await repos.communities.update(community.id, {
          locale: after.locale,
          timeZone: after.timeZone,
          settings,
        });
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
