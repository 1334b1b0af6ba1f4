import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type APIInteractionDataResolvedGuildMember,
  type APIInteractionGuildMember,
  type APIUser,
  type GuildMemberFlags,
  type InteractionType,
  type Locale,
} from 'discord.js';
import { userPayload } from './payloads.ts';
import { DEFAULT_BOT_PERMISSIONS, DM_APP_PERMISSIONS, PERMISSIONS } from './permissions.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';

/** Bots created since 2020 share their application's id; the fake does the same by default. */
export const DEFAULT_APPLICATION_ID = '1187654321098765432';
export const DEFAULT_BOT_USERNAME = 'Marraine';

/** Member data is dated, not "now": Discord's joined_at is when the member joined, long before. */
const JOINED_AT = '2024-03-08T09:00:00.000+00:00';

export interface InteractionUserInit {
  id: string;
  username: string;
  globalName?: string | null;
}

export interface InteractionContextInit {
  user: InteractionUserInit;
  /** Omit for an interaction in the bot's DMs: the payload then has `user` instead of `member`. */
  guildId?: string | null;
  /** The channel the interaction happened in; a new id when omitted. */
  channelId?: string;
  channelName?: string;
  /** The user's client locale, e.g. 'fr' or 'en-US'. */
  locale?: `${Locale}`;
  guildLocale?: `${Locale}`;
  /** The member's total permissions in the channel, a bitfield string: see PERMISSIONS. */
  permissions?: string;
  /** Role ids of the member. */
  roles?: string[];
  nick?: string | null;
  /** The bot's permissions in the channel. */
  appPermissions?: string;
  /** interact() replaces it with the fake's own id. */
  applicationId?: string;
}

export interface MemberInit {
  roles?: string[];
  nick?: string | null;
  permissions?: string;
}

export const toUser = (u: InteractionUserInit): APIUser => userPayload(u);

/** A member as `resolved.members` carries it: no `user`, `deaf` or `mute`, but permissions. */
export function resolvedMember(init: MemberInit = {}): APIInteractionDataResolvedGuildMember {
  return {
    roles: init.roles ?? [],
    nick: init.nick ?? null,
    avatar: null,
    banner: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    joined_at: JOINED_AT,
    flags: 0 as GuildMemberFlags,
    permissions: init.permissions ?? PERMISSIONS.member,
  };
}

function interactionMember(user: APIUser, init: InteractionContextInit): APIInteractionGuildMember {
  return {
    ...resolvedMember({ roles: init.roles, nick: init.nick, permissions: init.permissions }),
    user,
    deaf: false,
    mute: false,
    unusual_dm_activity_until: null,
  } as APIInteractionGuildMember;
}

/** The fields every interaction has, for a guild channel or for the bot's DMs. */
export function interactionBase<T extends InteractionType>(type: T, init: InteractionContextInit) {
  const user = toUser(init.user);
  const channelId = init.channelId ?? nextSnowflake();
  const guildId = init.guildId ?? null;
  const common = {
    id: nextSnowflake(),
    application_id: init.applicationId ?? DEFAULT_APPLICATION_ID,
    type,
    token: randomToken(),
    version: 1 as const,
    locale: (init.locale ?? 'fr') as Locale,
    entitlements: [],
    // Guild-installed app: the guild authorised it, or '0' in the bot's own DMs.
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId ?? '0' },
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: channelId,
  };
  if (!guildId) {
    return {
      ...common,
      app_permissions: init.appPermissions ?? DM_APP_PERMISSIONS,
      context: InteractionContextType.BotDM,
      channel: {
        id: channelId,
        type: ChannelType.DM as const,
        name: null,
        last_message_id: null,
        flags: 0,
        recipients: [user],
      },
      user,
    };
  }
  return {
    ...common,
    app_permissions: init.appPermissions ?? DEFAULT_BOT_PERMISSIONS,
    context: InteractionContextType.Guild,
    guild_id: guildId,
    guild: { id: guildId, locale: (init.guildLocale ?? 'fr') as Locale, features: [] },
    guild_locale: (init.guildLocale ?? 'fr') as Locale,
    channel: {
      id: channelId,
      type: ChannelType.GuildText as const,
      guild_id: guildId,
      name: init.channelName ?? 'general',
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    },
    member: interactionMember(user, init),
  };
}
