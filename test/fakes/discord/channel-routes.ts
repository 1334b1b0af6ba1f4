import { ChannelType, GatewayIntentBits, type APIChannel, type APIOverwrite, type APIThreadChannel } from 'discord.js';
import { created, invalidFormBody, noContent, ok, unknown } from './api-errors.ts';
import type { Route, RouteContext, RouteResult } from './http-server.ts';
import { invalidMessageBody, type MessageBody } from './message-store.ts';
import { guildChannelPayload, threadPayload } from './payloads.ts';
import { nextSnowflake } from './snowflake.ts';
import type { World } from './world.ts';

/** Sends a gateway event to clients that asked for it, as Discord does after a REST change. */
export type Emit = (event: string, data: unknown, intent: GatewayIntentBits) => void;

const THREAD_TYPES = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
const isThread = (c: APIChannel): c is APIThreadChannel => THREAD_TYPES.has(c.type);
const guildIdOf = (c: APIChannel) => ('guild_id' in c ? (c.guild_id ?? null) : null);

/** Channels, their messages and threads, and channel creation in a guild. */
export function createChannelRoutes(world: World, emit: Emit): Route[] {
  const { messages } = world;

  function withChannel(handler: (channel: APIChannel, ctx: RouteContext) => RouteResult) {
    return (ctx: RouteContext) => {
      const channel = world.channels.get(ctx.params.channelId ?? '');
      return channel ? handler(channel, ctx) : unknown.channel();
    };
  }

  function messageIntent(channel: APIChannel) {
    return guildIdOf(channel) ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  }

  const postMessage = withChannel((channel, { body, files }) => {
    const input = (body ?? {}) as MessageBody;
    const invalid = invalidMessageBody(input, files, true);
    if (invalid) return invalid;
    // Discord's idempotency: a retried send with the same nonce returns the first message.
    if (input.enforce_nonce && input.nonce !== undefined) {
      const existing = messages.byNonce(channel.id, input.nonce);
      if (existing) return ok(existing.message);
    }
    const entry = messages.create(channel.id, input, files, {
      source: 'channel',
      recipientId: world.recipientOf(channel.id),
    });
    (channel as { last_message_id?: string }).last_message_id = entry.message.id;
    emit('MESSAGE_CREATE', { ...entry.message, guild_id: guildIdOf(channel) ?? undefined }, messageIntent(channel));
    return ok(entry.message);
  });

  const listMessages = withChannel((channel, { query }) => {
    const limit = Math.min(Math.max(Number(query.limit ?? 50) || 50, 1), 100);
    let list = messages.visibleIn(channel.id);
    if (query.before) list = list.filter((m) => BigInt(m.id) < BigInt(query.before as string));
    if (query.after) list = list.filter((m) => BigInt(m.id) > BigInt(query.after as string));
    return ok(list.slice(0, limit));
  });

  function findIn(channel: APIChannel, messageId: string | undefined) {
    const entry = messages.find(messageId ?? '');
    return entry && entry.message.channel_id === channel.id ? entry : undefined;
  }

  const patchMessage = withChannel((channel, { params, body, files }) => {
    const entry = findIn(channel, params.messageId);
    if (!entry) return unknown.message();
    const input = (body ?? {}) as MessageBody;
    const invalid = invalidMessageBody(input, files, false);
    if (invalid) return invalid;
    const message = messages.edit(entry, input, files);
    emit('MESSAGE_UPDATE', { ...message, guild_id: guildIdOf(channel) ?? undefined }, messageIntent(channel));
    return ok(message);
  });

  function createThread(
    parent: APIChannel,
    input: Record<string, unknown>,
    id: string,
    type: APIThreadChannel['type'],
  ) {
    const guildId = guildIdOf(parent);
    if (!guildId || isThread(parent))
      return invalidFormBody({
        type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {10, 11, 12}.' }] },
      });
    if (typeof input.name !== 'string' || !input.name)
      return invalidFormBody({
        name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
      });
    const thread = threadPayload({
      id,
      guildId,
      parentId: parent.id,
      ownerId: world.botUser.id,
      name: input.name,
      type,
      autoArchiveDuration: Number(input.auto_archive_duration ?? 4320),
      invitable: input.invitable !== false,
      rateLimitPerUser: Number(input.rate_limit_per_user ?? 0),
      now: new Date().toISOString(),
    });
    world.channels.set(thread.id, thread);
    world.threadMembers.set(thread.id, new Set([world.botUser.id]));
    emit('THREAD_CREATE', { ...thread, newly_created: true }, GatewayIntentBits.Guilds);
    return created(thread);
  }

  return [
    { method: 'GET', pattern: '/channels/:channelId', handle: withChannel((channel) => ok(channel)) },
    {
      method: 'PATCH',
      pattern: '/channels/:channelId',
      handle: withChannel((channel, { body }) => {
        const input = (body ?? {}) as Record<string, unknown>;
        const target = channel as unknown as Record<string, unknown>;
        for (const key of ['name', 'topic', 'parent_id', 'permission_overwrites', 'rate_limit_per_user', 'position']) {
          if (key in input) target[key] = input[key];
        }
        if (isThread(channel)) {
          for (const key of ['archived', 'locked', 'invitable', 'auto_archive_duration'] as const) {
            if (key in input) Object.assign(channel.thread_metadata ?? {}, { [key]: input[key] });
          }
        }
        emit(isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channel, GatewayIntentBits.Guilds);
        return ok(channel);
      }),
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channelId',
      handle: withChannel((channel) => {
        world.channels.delete(channel.id);
        emit(isThread(channel) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', channel, GatewayIntentBits.Guilds);
        return ok(channel);
      }),
    },
    { method: 'GET', pattern: '/channels/:channelId/messages', handle: listMessages },
    { method: 'POST', pattern: '/channels/:channelId/messages', handle: postMessage },
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages/:messageId',
      handle: withChannel((channel, { params }) => {
        const entry = findIn(channel, params.messageId);
        return entry ? ok(entry.message) : unknown.message();
      }),
    },
    { method: 'PATCH', pattern: '/channels/:channelId/messages/:messageId', handle: patchMessage },
    {
      method: 'DELETE',
      pattern: '/channels/:channelId/messages/:messageId',
      handle: withChannel((channel, { params }) => {
        const entry = findIn(channel, params.messageId);
        if (!entry) return unknown.message();
        messages.remove(entry.message.id);
        return noContent();
      }),
    },
    {
      method: 'POST',
      pattern: '/channels/:channelId/threads',
      handle: withChannel((parent, { body }) => {
        const input = (body ?? {}) as Record<string, unknown>;
        const type = (input.type as APIThreadChannel['type'] | undefined) ?? ChannelType.PrivateThread;
        return createThread(parent, input, nextSnowflake(), type);
      }),
    },
    {
      method: 'POST',
      pattern: '/channels/:channelId/messages/:messageId/threads',
      handle: withChannel((parent, { params, body }) => {
        // A thread started from a message takes the message's id.
        if (!findIn(parent, params.messageId)) return unknown.message();
        return createThread(
          parent,
          (body ?? {}) as Record<string, unknown>,
          params.messageId ?? '',
          ChannelType.PublicThread,
        );
      }),
    },
    {
      method: 'PUT',
      pattern: '/channels/:channelId/thread-members/:userId',
      handle: withChannel((channel, { params }) => {
        if (!isThread(channel)) return unknown.channel();
        world.threadMembers.get(channel.id)?.add(params.userId ?? '');
        return noContent();
      }),
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channelId/thread-members/:userId',
      handle: withChannel((channel, { params }) => {
        if (!isThread(channel)) return unknown.channel();
        world.threadMembers.get(channel.id)?.delete(params.userId ?? '');
        return noContent();
      }),
    },
    {
      method: 'POST',
      pattern: '/guilds/:guildId/channels',
      handle: ({ params, body }) => {
        const guildId = params.guildId ?? '';
        if (!world.guilds.has(guildId)) return unknown.guild();
        const input = (body ?? {}) as Record<string, unknown>;
        if (typeof input.name !== 'string' || !input.name) {
          return invalidFormBody({
            name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
          });
        }
        const type = (input.type as ChannelType | undefined) ?? ChannelType.GuildText;
        // Discord lower-cases text channel names and turns spaces into dashes.
        const name = type === ChannelType.GuildText ? input.name.toLowerCase().replace(/\s+/g, '-') : input.name;
        const overwrites = ((input.permission_overwrites ?? []) as Partial<APIOverwrite>[]).map((o) => ({
          id: String(o.id),
          type: Number(o.type ?? 0),
          allow: String(o.allow ?? '0'),
          deny: String(o.deny ?? '0'),
        })) as APIOverwrite[];
        const channel = guildChannelPayload({
          id: nextSnowflake(),
          guildId,
          name,
          type,
          position: world.guildChannels(guildId).length,
          parentId: (input.parent_id as string | undefined) ?? null,
          topic: (input.topic as string | undefined) ?? null,
          permissionOverwrites: overwrites,
        });
        world.channels.set(channel.id, channel);
        emit('CHANNEL_CREATE', channel, GatewayIntentBits.Guilds);
        return created(channel);
      },
    },
  ];
}
