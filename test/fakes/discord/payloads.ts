import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  type APIChannel,
  type APIDMChannel,
  type APIGuild,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type APIThreadChannel,
  type APIUser,
  type ChannelFlags,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type RoleFlags,
  type ThreadMemberFlags,
  type UserFlags,
  type GatewayGuildCreateDispatchData,
  type Locale,
} from 'discord.js';

/** Objects as Discord serialises them: every field discord.js reads is present, even when null. */

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  joinedAt: string;
  roles: APIRole[];
  members: Map<string, APIGuildMember>;
}

export function userPayload(init: {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}): APIUser {
  return {
    id: init.id,
    username: init.username,
    discriminator: '0',
    global_name: init.globalName ?? null,
    avatar: null,
    avatar_decoration_data: null,
    ...(init.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
  };
}

export function rolePayload(init: {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color?: number;
  botId?: string;
}): APIRole {
  return {
    id: init.id,
    name: init.name,
    color: init.color ?? 0,
    colors: { primary_color: init.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: init.position,
    permissions: init.permissions,
    managed: Boolean(init.botId),
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(init.botId ? { tags: { bot_id: init.botId } } : {}),
  };
}

export function memberPayload(
  user: APIUser,
  roles: string[],
  joinedAt: string,
  nick: string | null = null,
): APIGuildMember {
  return {
    user,
    nick,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function guildChannelPayload(init: {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType;
  position: number;
  parentId?: string | null;
  topic?: string | null;
  permissionOverwrites?: APIOverwrite[];
}): APIChannel {
  const base = {
    id: init.id,
    type: init.type,
    guild_id: init.guildId,
    name: init.name,
    position: init.position,
    permission_overwrites: init.permissionOverwrites ?? [],
    parent_id: init.parentId ?? null,
    nsfw: false,
    flags: 0,
  };
  if (init.type === ChannelType.GuildCategory) return base as APIChannel;
  if (init.type === ChannelType.GuildVoice) {
    return {
      ...base,
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    } as APIChannel;
  }
  return {
    ...base,
    topic: init.topic ?? null,
    last_message_id: null,
    last_pin_timestamp: null,
    rate_limit_per_user: 0,
    default_auto_archive_duration: 4320,
    default_thread_rate_limit_per_user: 0,
  } as APIChannel;
}

export function dmChannelPayload(id: string, recipient: APIUser): APIDMChannel {
  return {
    id,
    type: ChannelType.DM,
    name: null,
    last_message_id: null,
    flags: 0 as ChannelFlags,
    recipients: [recipient],
  };
}

export function threadPayload(init: {
  id: string;
  guildId: string;
  parentId: string;
  ownerId: string;
  name: string;
  type: ChannelType.PrivateThread | ChannelType.PublicThread | ChannelType.AnnouncementThread;
  autoArchiveDuration: number;
  invitable: boolean;
  rateLimitPerUser: number;
  now: string;
}): APIThreadChannel {
  return {
    id: init.id,
    type: init.type,
    guild_id: init.guildId,
    parent_id: init.parentId,
    owner_id: init.ownerId,
    name: init.name,
    last_message_id: null,
    rate_limit_per_user: init.rateLimitPerUser,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0 as ChannelFlags,
    thread_metadata: {
      archived: false,
      auto_archive_duration: init.autoArchiveDuration,
      archive_timestamp: init.now,
      locked: false,
      create_timestamp: init.now,
      ...(init.type === ChannelType.PrivateThread ? { invitable: init.invitable } : {}),
    },
    member: { id: init.id, user_id: init.ownerId, join_timestamp: init.now, flags: 0 as ThreadMemberFlags },
  } as APIThreadChannel;
}

/** The guild as GET /guilds/{id} returns it. */
export function guildPayload(guild: GuildRecord, applicationId: string | null = null): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: applicationId,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  } as APIGuild;
}

/** The guild as GUILD_CREATE carries it: the REST shape plus what only the gateway sends. */
export function gatewayGuildPayload(guild: GuildRecord, channels: APIChannel[]): GatewayGuildCreateDispatchData {
  // GUILD_CREATE's channels carry no guild_id: discord.js takes it from the guild.
  const strip = (c: APIChannel) => {
    const { guild_id: _guildId, ...rest } = c as APIChannel & { guild_id?: string };
    return rest;
  };
  return {
    ...guildPayload(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.values()],
    channels: channels.filter((c) => !('thread_metadata' in c)).map(strip),
    threads: channels.filter((c) => 'thread_metadata' in c),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}
