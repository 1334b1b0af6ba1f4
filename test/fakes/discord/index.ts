import { GatewayIntentBits } from 'discord.js';
import { withHostedUploads } from './attachments.ts';
import { createChannelRoutes } from './channel-routes.ts';
import { createGateway } from './gateway.ts';
import { createGlobalRateLimit } from './global-rate-limit.ts';
import { startHttpServer, type Route } from './http-server.ts';
import { DEFAULT_APPLICATION_ID, DEFAULT_BOT_USERNAME } from './interaction-context.ts';
import { createInteractionRoutes } from './interaction-routes.ts';
import { toFakeMessage, type StoredMessage } from './message-store.ts';
import { memberPayload, userPayload } from './payloads.ts';
import { createFaults, createRecorder } from './recorder.ts';
import { createRestRoutes } from './rest-routes.ts';
import { sharedSpecValidator } from './spec-validation.ts';
import type { FakeDiscord, InteractionHandle, InteractionInit, StartFakeDiscordOptions } from './types.ts';
import { createWorld, DEFAULT_GUILDS } from './world.ts';

export * from './interactions.ts';
export type * from './types.ts';
export type { AttachmentDownload, HostedAttachmentInit } from './attachments.ts';

/** Discord's own default: clients heartbeat at a jittered fraction of it, so tests rarely see one. */
const DEFAULT_HEARTBEAT_MS = 41_250;

/**
 * A local Discord — REST API and WebSocket gateway — that the real discord.js client talks to
 * unchanged (`rest: { api: fake.apiUrl }`). It answers like Discord and records everything the bot sends.
 * Destroy every client before `close()`, or discord.js will keep trying to reconnect.
 *
 *   const fake = await startFakeDiscord();
 *   const guild = fake.guilds[0];
 *   // … start the bot with rest.api = fake.apiUrl, then:
 *   await fake.ready();
 *   const cmd = await fake.interact(chatInputInteraction({
 *     guildId: guild.id, channelId: guild.channelId('general'), user: { id: '42', username: 'ada' },
 *     subcommand: 'inscrire', options: [{ name: 'role', type: 'string', value: 'mentore' }],
 *   }));
 *   expect((await cmd.callback()).body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
 *
 * Files: an attachment option (`{ name: 'image', type: 'attachment', attachment: { filename, bytes } }`)
 * is served by the fake's own CDN at a signed link (`fake.attachments.downloads()` counts the
 * GETs); files the bot uploads are on each message's `files`, with their bytes.
 */
export async function startFakeDiscord(options: StartFakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const botUser = userPayload({
    id: options.botUserId ?? applicationId,
    username: options.botUsername ?? DEFAULT_BOT_USERNAME,
    bot: true,
  });
  const world = createWorld({ applicationId, botUser, guilds: options.guilds ?? DEFAULT_GUILDS });
  const recorder = createRecorder();
  const faults = createFaults();

  // Routes need the port for the gateway URL, and the gateway needs the server: fill routes after listening.
  const routes: Route[] = [];
  const globalRateLimit = options.globalRateLimit ? createGlobalRateLimit(options.globalRateLimit) : undefined;
  const { server, port } = await startHttpServer({
    routes,
    recorder,
    faults,
    token: options.token,
    globalRateLimit,
    cdn: world.attachments.serve,
    validator: sharedSpecValidator(),
  });
  world.attachments.setBaseUrl(`http://127.0.0.1:${port}`);
  const gatewayUrl = `ws://127.0.0.1:${port}`;
  const gateway = createGateway({
    world,
    server,
    gatewayUrl,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS,
    token: options.token,
  });
  routes.push(
    ...createRestRoutes(world, gatewayUrl),
    ...createChannelRoutes(world, gateway.emit),
    ...createInteractionRoutes(world),
  );

  const messagesOf = (keep: (entry: StoredMessage) => boolean) => world.messages.all().filter(keep).map(toFakeMessage);

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    applicationId,
    botUser,
    guilds: world.views,
    requests: recorder.requests,
    gatewayFrames: gateway.frames,
    waitForRequest: recorder.waitForRequest,
    onRequest: recorder.listen,
    ready: gateway.ready,
    dispatch(event, data) {
      if (event === 'INTERACTION_CREATE') {
        data = withHostedUploads(world.attachments, data as InteractionInit);
        world.registerInteraction(data as InteractionInit);
      }
      gateway.dispatch(event, data);
    },
    async interact(payload: InteractionInit): Promise<InteractionHandle> {
      // Discord always stamps its own application id; builders cannot know a custom one.
      const stamped = withHostedUploads(
        world.attachments,
        world.withRegisteredCommand({ ...payload, application_id: applicationId } as InteractionInit),
      );
      await gateway.ready();
      world.registerInteraction(stamped);
      gateway.dispatch('INTERACTION_CREATE', stamped);
      const path = `/interactions/${stamped.id}/${stamped.token}/callback`;
      return {
        id: stamped.id,
        token: stamped.token,
        payload: stamped,
        callback: (timeoutMs) => recorder.waitForRequest((r) => r.method === 'POST' && r.path === path, timeoutMs),
      };
    },
    rateLimitNext: faults.rateLimitNext,
    failNext: faults.failNext,
    holdNext: faults.holdNext,
    globalRateLimited: () => globalRateLimit?.refused() ?? 0,
    messages: (channelId) => messagesOf((e) => channelId === undefined || e.message.channel_id === channelId),
    directMessages: (userId) => messagesOf((e) => e.recipientId === userId),
    addMember(guildId, user) {
      const member = memberPayload(userPayload({ id: user.id, username: user.username }), [], new Date().toISOString());
      world.guilds.get(guildId)?.members.set(user.id, member);
      gateway.emit('GUILD_MEMBER_ADD', { ...member, guild_id: guildId }, GatewayIntentBits.GuildMembers);
    },
    removeMember(guildId, user) {
      world.guilds.get(guildId)?.members.delete(user.id);
      gateway.emit(
        'GUILD_MEMBER_REMOVE',
        { guild_id: guildId, user: userPayload({ id: user.id, username: user.username }) },
        GatewayIntentBits.GuildMembers,
      );
    },
    channel: (id) => world.channels.get(id),
    threadMembers: (threadId) => [...(world.threadMembers.get(threadId) ?? [])],
    attachments: {
      add: (init) => {
        const file = world.attachments.host(init);
        return { ...world.attachments.payload(file), bytes: Buffer.from(file.bytes) };
      },
      remove: world.attachments.remove,
      downloads: world.attachments.downloads,
    },
    commands: (guildId) => structuredClone(world.commands.get(guildId ?? 'global') ?? []),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
