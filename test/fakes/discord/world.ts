import {
  ChannelType,
  InteractionType,
  type APIApplicationCommand,
  type APIChannel,
  type APIDMChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type InteractionResponseType,
} from 'discord.js';
import { createAttachmentStore } from './attachments.ts';
import { createMessageStore, type InteractionOrigin } from './message-store.ts';
import {
  dmChannelPayload,
  guildChannelPayload,
  memberPayload,
  rolePayload,
  userPayload,
  type GuildRecord,
} from './payloads.ts';
import { DEFAULT_BOT_PERMISSIONS, PERMISSIONS } from './permissions.ts';
import { nextSnowflake } from './snowflake.ts';
import type { FakeGuild, FakeGuildInit } from './types.ts';

/** What the fake remembers about an interaction to answer its callback and webhook routes. */
export interface InteractionRecord extends InteractionOrigin {
  token: string;
  channelId: string | null;
  /** The message a component was on: what UPDATE_MESSAGE and deferUpdate edit. */
  sourceMessage: APIMessage | null;
  ack: InteractionResponseType | null;
  originalMessageId: string | null;
}

export const DEFAULT_GUILDS: FakeGuildInit[] = [
  { name: 'Marraine Test', channels: [{ name: 'general' }, { name: 'annonces' }] },
];

export function createWorld(options: { applicationId: string; botUser: APIUser; guilds: FakeGuildInit[] }) {
  const { applicationId, botUser } = options;
  const users = new Map<string, APIUser>([[botUser.id, botUser]]);
  const guilds = new Map<string, GuildRecord>();
  const channels = new Map<string, APIChannel>();
  const dmByRecipient = new Map<string, string>();
  /** DM channels a test's interactions named, by their user. */
  const dmAliases = new Map<string, string>();
  const threadMembers = new Map<string, Set<string>>();
  const commands = new Map<string, APIApplicationCommand[]>();
  const interactions = new Map<string, InteractionRecord>();
  const attachments = createAttachmentStore();
  const messages = createMessageStore(botUser, applicationId, attachments);
  const views: FakeGuild[] = options.guilds.map(setUpGuild);

  function setUpGuild(init: FakeGuildInit): FakeGuild {
    const id = init.id ?? nextSnowflake();
    const ownerId = init.ownerId ?? nextSnowflake();
    const joinedAt = new Date().toISOString();
    // The @everyone role's id is the guild's id; the bot's managed role comes with its invite.
    const roles = [
      rolePayload({ id, name: '@everyone', permissions: PERMISSIONS.member, position: 0 }),
      ...(init.roles ?? []).map((r, i) =>
        rolePayload({
          id: r.id ?? nextSnowflake(),
          name: r.name,
          permissions: r.permissions ?? '0',
          position: i + 1,
          color: r.color,
        }),
      ),
    ];
    const botRole = rolePayload({
      id: nextSnowflake(),
      name: botUser.username,
      permissions: init.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      position: roles.length,
      botId: botUser.id,
    });
    roles.push(botRole);
    const roleId = (ref: string) => roles.find((r) => r.id === ref || r.name === ref)?.id ?? ref;

    const record: GuildRecord = {
      id,
      name: init.name ?? 'Marraine Test',
      ownerId,
      preferredLocale: init.preferredLocale ?? 'fr',
      joinedAt,
      roles,
      members: new Map(),
    };
    const addMember = (user: APIUser, roleRefs: string[], nick: string | null = null) => {
      users.set(user.id, user);
      record.members.set(user.id, memberPayload(user, roleRefs.map(roleId), joinedAt, nick));
    };
    addMember(botUser, [botRole.id]);
    const owner = init.members?.find((m) => m.user.id === ownerId);
    if (!owner) addMember(userPayload({ id: ownerId, username: 'owner' }), []);
    for (const m of init.members ?? []) {
      addMember(userPayload({ ...m.user, id: m.user.id ?? nextSnowflake() }), m.roles ?? [], m.nick ?? null);
    }
    (init.channels ?? []).forEach((c, position) => {
      const channel = guildChannelPayload({
        id: c.id ?? nextSnowflake(),
        guildId: id,
        name: c.name,
        type: c.type ?? ChannelType.GuildText,
        position,
        parentId: c.parentId,
        topic: c.topic,
      });
      channels.set(channel.id, channel);
    });
    guilds.set(id, record);

    const channelRefs = [...channels.values()]
      .filter((c) => 'guild_id' in c && c.guild_id === id)
      .map((c) => ({ id: c.id, name: c.name ?? '', type: c.type }));
    return {
      id,
      name: record.name,
      ownerId,
      preferredLocale: record.preferredLocale,
      everyoneRoleId: id,
      botRoleId: botRole.id,
      channels: channelRefs,
      roles: roles.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions })),
      members: [...record.members.values()].map((m) => ({ user: m.user, roles: m.roles })),
      channelId(name: string) {
        const found = channelRefs.find((c) => c.name === name);
        if (!found) throw new Error(`Fake guild ${record.name} has no channel named ${name}`);
        return found.id;
      },
    };
  }

  function guildChannels(guildId: string): APIChannel[] {
    return [...channels.values()].filter((c) => 'guild_id' in c && c.guild_id === guildId);
  }

  /** The bot has one DM channel per user, as on Discord: opening it twice gives the same id. */
  function dmChannelWith(recipient: APIUser): APIDMChannel {
    const existing = dmByRecipient.get(recipient.id);
    if (existing) return channels.get(existing) as APIDMChannel;
    const channel = dmChannelPayload(nextSnowflake(), recipient);
    channels.set(channel.id, channel);
    dmByRecipient.set(recipient.id, channel.id);
    return channel;
  }

  /** By token, as callbacks and webhooks name them: a bench sends tens of thousands. */
  const interactionsByToken = new Map<string, InteractionRecord>();

  /** Learns the user, member and channel an interaction carries, so later REST reads find them. */
  function registerInteraction(payload: APIInteraction): InteractionRecord {
    const user = (payload.member?.user ?? payload.user) as APIUser;
    users.set(user.id, user);
    const guildId = payload.guild_id ?? null;
    const guild = guildId ? guilds.get(guildId) : undefined;
    if (guild && payload.member && !guild.members.has(user.id)) {
      const { permissions: _permissions, ...member } = payload.member;
      guild.members.set(user.id, member as APIGuildMember);
    }
    if (payload.channel?.type === ChannelType.DM && !channels.has(payload.channel.id)) {
      // A test's DM click names a channel of its own: it is her DM too, but the DM the bot
      // already opened with her stays hers (Discord has one per user), so keep both.
      channels.set(payload.channel.id, dmChannelPayload(payload.channel.id, user));
      dmAliases.set(payload.channel.id, user.id);
      if (!dmByRecipient.has(user.id)) dmByRecipient.set(user.id, payload.channel.id);
    }
    const data = payload.data as { name?: string } | undefined;
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      user,
      guildId,
      commandName: payload.type === InteractionType.ApplicationCommand ? (data?.name ?? null) : null,
      channelId: payload.channel?.id ?? payload.channel_id ?? null,
      sourceMessage: 'message' in payload && payload.message ? payload.message : null,
      ack: null,
      originalMessageId: null,
    };
    interactions.set(record.id, record);
    interactionsByToken.set(record.token, record);
    return record;
  }

  /** A command the bot registered gets its real id (and guild_id for a guild command), as Discord sends. */
  function withRegisteredCommand(payload: APIInteraction): APIInteraction {
    if (payload.type !== InteractionType.ApplicationCommand) return payload;
    const data = payload.data;
    const match = (c: APIApplicationCommand) => c.name === data.name && c.type === data.type;
    const registered =
      (payload.guild_id ? commands.get(payload.guild_id)?.find(match) : undefined) ??
      commands.get('global')?.find(match);
    if (!registered) return payload;
    return {
      ...payload,
      data: { ...data, id: registered.id, ...(registered.guild_id ? { guild_id: registered.guild_id } : {}) },
    } as APIInteraction;
  }

  return {
    applicationId,
    botUser,
    users,
    guilds,
    channels,
    threadMembers,
    commands,
    interactions,
    messages,
    attachments,
    views,
    guildChannels,
    dmChannelWith,
    registerInteraction,
    withRegisteredCommand,
    interactionByToken: (token: string) => interactionsByToken.get(token),
    recipientOf: (channelId: string) =>
      dmAliases.get(channelId) ?? [...dmByRecipient.entries()].find(([, dm]) => dm === channelId)?.[0] ?? null,
    /** A stand-in for a user Discord would know but the test never mentioned. */
    userOrStub: (id: string) => users.get(id) ?? userPayload({ id, username: `user-${id.slice(-6)}` }),
  };
}

export type World = ReturnType<typeof createWorld>;
