import { ApplicationFlags, type APIApplicationCommand } from 'discord.js';
import { invalidFormBody, ok, unknown } from './api-errors.ts';
import { commandErrors, registerCommands } from './commands.ts';
import type { Route, RouteContext } from './http-server.ts';
import { guildPayload } from './payloads.ts';
import type { World } from './world.ts';

/** Gateway discovery, users and DMs, the application and its commands, and guild reads. */
export function createRestRoutes(world: World, gatewayUrl: string): Route[] {
  const { applicationId, botUser } = world;
  const commandScope = (guildId?: string) => guildId ?? 'global';

  const application = () => ({
    id: applicationId,
    name: botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot: botUser,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'f'.repeat(64),
    flags: ApplicationFlags.GatewayGuildMembersLimited,
    owner: world.userOrStub(world.views[0]?.ownerId ?? applicationId),
    team: null,
    approximate_guild_count: world.guilds.size,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { 0: {} },
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
  });

  function putCommands({ params, body }: RouteContext) {
    if (params.appId !== applicationId) return unknown.application();
    if (params.guildId && !world.guilds.has(params.guildId)) return unknown.guild();
    const input = (Array.isArray(body) ? body : []) as Parameters<typeof registerCommands>[0];
    const errors = commandErrors(input);
    if (errors) return invalidFormBody(errors);
    const scope = commandScope(params.guildId);
    const registered = registerCommands(input, world.commands.get(scope) ?? [], applicationId, params.guildId ?? null);
    world.commands.set(scope, registered);
    return ok(registered);
  }

  function postCommand({ params, body }: RouteContext) {
    if (params.appId !== applicationId) return unknown.application();
    const input = [body] as Parameters<typeof registerCommands>[0];
    const errors = commandErrors(input);
    if (errors) return invalidFormBody(errors);
    const scope = commandScope(params.guildId);
    const existing = world.commands.get(scope) ?? [];
    const [command] = registerCommands(input, existing, applicationId, params.guildId ?? null) as [
      APIApplicationCommand,
    ];
    world.commands.set(scope, [...existing.filter((c) => c.id !== command.id), command]);
    const isNew = !existing.some((c) => c.id === command.id);
    return { status: isNew ? 201 : 200, body: command };
  }

  function getCommands({ params }: RouteContext) {
    if (params.appId !== applicationId) return unknown.application();
    return ok(world.commands.get(commandScope(params.guildId)) ?? []);
  }

  const gateway = () => ({ url: gatewayUrl });

  return [
    { method: 'GET', pattern: '/gateway', auth: false, handle: () => ok(gateway()) },
    {
      method: 'GET',
      pattern: '/gateway/bot',
      handle: () =>
        ok({
          ...gateway(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        }),
    },
    { method: 'GET', pattern: '/users/@me', handle: () => ok(botUser) },
    {
      method: 'POST',
      pattern: '/users/@me/channels',
      handle: ({ body }) => {
        const recipientId = (body as { recipient_id?: string } | undefined)?.recipient_id;
        if (!recipientId)
          return invalidFormBody({
            recipient_id: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
          });
        return ok(world.dmChannelWith(world.userOrStub(recipientId)));
      },
    },
    {
      method: 'GET',
      pattern: '/users/:userId',
      handle: ({ params }) => {
        const user = world.users.get(params.userId ?? '');
        return user ? ok(user) : unknown.user();
      },
    },
    { method: 'GET', pattern: '/applications/@me', handle: () => ok(application()) },
    { method: 'GET', pattern: '/applications/:appId/commands', handle: getCommands },
    { method: 'PUT', pattern: '/applications/:appId/commands', handle: putCommands },
    { method: 'POST', pattern: '/applications/:appId/commands', handle: postCommand },
    { method: 'GET', pattern: '/applications/:appId/guilds/:guildId/commands', handle: getCommands },
    { method: 'PUT', pattern: '/applications/:appId/guilds/:guildId/commands', handle: putCommands },
    { method: 'POST', pattern: '/applications/:appId/guilds/:guildId/commands', handle: postCommand },
    {
      method: 'GET',
      pattern: '/guilds/:guildId',
      handle: ({ params }) => {
        const guild = world.guilds.get(params.guildId ?? '');
        return guild ? ok(guildPayload(guild)) : unknown.guild();
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/channels',
      handle: ({ params }) =>
        world.guilds.has(params.guildId ?? '') ? ok(world.guildChannels(params.guildId ?? '')) : unknown.guild(),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/roles',
      handle: ({ params }) => {
        const guild = world.guilds.get(params.guildId ?? '');
        return guild ? ok(guild.roles) : unknown.guild();
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/members/:userId',
      handle: ({ params }) => {
        const guild = world.guilds.get(params.guildId ?? '');
        if (!guild) return unknown.guild();
        const member = guild.members.get(params.userId ?? '');
        return member ? ok(member) : unknown.member();
      },
    },
  ];
}
