import { once } from 'node:events';
import {
  ButtonStyle,
  ChannelType,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  RateLimitError,
  Routes,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type RESTOptions,
  type TextChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  buttonInteraction,
  channelSelectInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  roleSelectInteraction,
  startFakeDiscord,
  stringSelectInteraction,
  userSelectInteraction,
  type FakeDiscord,
} from './discord/index.ts';

const alice = { id: '300000000000000001', username: 'alice', globalName: 'Alice' };
const bea = { id: '300000000000000002', username: 'bea' };

let fake: FakeDiscord;
let guildId: string;
let generalId: string;
const clients: Client[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({
    guilds: [{ name: 'Femmes en Tech', channels: [{ name: 'general' }], roles: [{ name: 'Mentore' }] }],
  });
  guildId = fake.guilds[0]!.id;
  generalId = fake.guilds[0]!.channelId('general');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
});
afterAll(() => fake.close());

async function connect(rest: Partial<RESTOptions> = {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, ...rest } });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token');
  await ready;
  return client;
}

/** Resolves with the next interaction discord.js emits, already handled by `handle`. */
function onInteraction(client: Client, handle: (i: Interaction) => Promise<unknown>): Promise<Interaction> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => void handle(i).then(() => resolve(i), reject));
  });
}

/** Where most interactions happen: #general of the configured guild, a French-speaking user. */
const inGeneral = () => ({ guildId, channelId: generalId, locale: 'fr' as const });

describe('fake Discord with the real discord.js client', () => {
  it('logs in, reaches ready and caches the configured guild', async () => {
    const client = await connect();
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('Femmes en Tech');
    expect(guild?.channels.cache.get(generalId)?.type).toBe(ChannelType.GuildText);
    expect(guild?.roles.everyone.id).toBe(guildId);
    expect(guild?.members.me?.permissions.has(PermissionFlagsBits.ManageChannels)).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(fake.requests.some((r) => r.path === '/gateway/bot' && r.headers.authorization === 'Bot fake-token')).toBe(
      true,
    );
    expect(fake.gatewayFrames.find((f) => f.op === 2)?.d).toMatchObject({
      token: 'fake-token',
      intents: GatewayIntentBits.Guilds,
    });
  });

  it('delivers a chat input command with its subcommand, options, locale and permissions, and records the ephemeral reply', async () => {
    const client = await connect();
    const seen = onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'Bienvenue !', flags: MessageFlags.Ephemeral });
    });
    const handle = await fake.interact(
      chatInputInteraction({
        ...inGeneral(),
        user: alice,
        permissions: PERMISSIONS.admin,
        subcommand: 'inscrire',
        options: [
          { name: 'role', type: 'string', value: 'mentore' },
          { name: 'annees', type: 'integer', value: 7 },
          { name: 'dispo', type: 'boolean', value: true },
          { name: 'binome', type: 'user', user: bea },
          { name: 'salon', type: 'channel', channel: { id: generalId, name: 'general' } },
          { name: 'cv', type: 'attachment', attachment: { filename: 'cv.pdf', contentType: 'application/pdf' } },
        ],
      }),
    );
    const interaction = await seen;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.commandName).toBe('marraine');
    expect(interaction.options.getSubcommand()).toBe('inscrire');
    expect(interaction.options.getString('role')).toBe('mentore');
    expect(interaction.options.getInteger('annees')).toBe(7);
    expect(interaction.options.getBoolean('dispo')).toBe(true);
    expect(interaction.options.getUser('binome')?.username).toBe('bea');
    expect(interaction.options.getMember('binome')).not.toBeNull();
    expect(interaction.options.getChannel('salon')?.id).toBe(generalId);
    expect(interaction.options.getAttachment('cv')?.contentType).toBe('application/pdf');
    expect(interaction.locale).toBe('fr');
    expect(interaction.guildLocale).toBe('fr');
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.user.globalName).toBe('Alice');

    const callback = await handle.callback();
    expect(callback.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'Bienvenue !', flags: MessageFlags.Ephemeral }),
    });
    expect(callback.status).toBe(204);
    const [reply] = fake.messages(generalId).filter((m) => m.interactionId === handle.id);
    expect(reply).toMatchObject({ content: 'Bienvenue !', ephemeral: true, source: 'interaction' });
  });

  it('sees a plain member without admin permissions, and an interaction in DMs without a member', async () => {
    const client = await connect();
    const seen = onInteraction(client, async () => {});
    await fake.interact(
      chatInputInteraction({ ...inGeneral(), user: bea, permissions: PERMISSIONS.member, subcommand: 'profil' }),
    );
    const member = await seen;
    expect(member.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);

    const inDm = onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply('en privé');
    });
    const handle = await fake.interact(chatInputInteraction({ user: bea, locale: 'en-US', subcommand: 'profil' }));
    const dm = await inDm;
    expect(dm.inGuild()).toBe(false);
    expect(dm.member).toBeNull();
    expect(dm.user.id).toBe(bea.id);
    expect(dm.locale).toBe('en-US');
    await handle.callback();
    expect(fake.directMessages(bea.id).map((m) => m.content)).toContain('en privé');
  });

  it('records deferReply then editReply, then a follow-up', async () => {
    const client = await connect();
    const seen = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply('Terminé');
      await i.followUp({ content: 'Encore une chose', flags: MessageFlags.Ephemeral });
    });
    const handle = await fake.interact(chatInputInteraction({ ...inGeneral(), user: alice, subcommand: 'stats' }));
    await seen;
    expect((await handle.callback()).body).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/${handle.token}/messages/@original`),
    );
    expect(edit.body).toMatchObject({ content: 'Terminé' });
    const replies = fake.messages().filter((m) => m.interactionId === handle.id);
    expect(replies.map((m) => [m.content, m.ephemeral, m.loading, m.source])).toEqual([
      ['Terminé', true, false, 'interaction'],
      ['Encore une chose', true, false, 'follow-up'],
    ]);
  });

  it('shows a modal from a button, then parses the submitted modal in both layouts', async () => {
    const client = await connect();
    const modal = new ModalBuilder()
      .setCustomId('candidature')
      .setTitle('Candidature')
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('Motivation')
          .setTextInputComponent(new TextInputBuilder().setCustomId('motivation').setStyle(TextInputStyle.Paragraph)),
      );
    const clicked = onInteraction(client, async (i) => {
      if (i.isButton()) await i.showModal(modal);
    });
    const button = await fake.interact(buttonInteraction({ ...inGeneral(), user: alice, customId: 'postuler' }));
    const click = await clicked;
    expect(click.isButton() && click.customId).toBe('postuler');
    expect((await button.callback()).body).toMatchObject({
      type: 9,
      data: { custom_id: 'candidature', title: 'Candidature' },
    });

    for (const layout of ['action-rows', 'labels'] as const) {
      const submitted = onInteraction(client, async (i) => {
        if (i.isModalSubmit()) await i.reply({ content: 'Merci', flags: MessageFlags.Ephemeral });
      });
      const fields: Record<string, string | string[]> = {
        motivation: 'Transmettre',
        ...(layout === 'labels' ? { niveau: ['senior'] } : {}),
      };
      await fake.interact(
        modalSubmitInteraction({ ...inGeneral(), user: alice, customId: 'candidature', fields, layout }),
      );
      const submit = await submitted;
      if (!submit.isModalSubmit()) throw new Error('expected a modal submit');
      expect(submit.customId).toBe('candidature');
      expect(submit.fields.getTextInputValue('motivation')).toBe('Transmettre');
      if (layout === 'labels') expect(submit.fields.getStringSelectValues('niveau')).toEqual(['senior']);
    }
  });

  it('parses button and select interactions and lets the bot update the message they were on', async () => {
    const client = await connect();
    const channel = client.channels.cache.get(generalId) as TextChannel;
    await channel.send({
      content: 'Choisis',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'accepter', label: 'Accepter' },
          ],
        },
      ],
    });
    const posted = fake.messages(generalId).find((m) => m.content === 'Choisis')!;
    const updated = onInteraction(client, async (i) => {
      if (i.isButton()) await i.update({ content: 'Accepté', components: [] });
    });
    await fake.interact(buttonInteraction({ ...inGeneral(), user: bea, customId: 'accepter', message: posted.raw }));
    expect((await updated).isButton()).toBe(true);
    expect(fake.messages(generalId).find((m) => m.id === posted.id)).toMatchObject({
      content: 'Accepté',
      edited: true,
    });

    const cases = [
      [
        stringSelectInteraction({ ...inGeneral(), user: bea, customId: 'themes', values: ['backend', 'design'] }),
        (i: Interaction) => i.isStringSelectMenu() && i.values,
      ],
      [
        userSelectInteraction({ ...inGeneral(), user: bea, customId: 'qui', selected: [alice] }),
        (i: Interaction) => i.isUserSelectMenu() && [...i.users.keys()],
      ],
      [
        roleSelectInteraction({
          ...inGeneral(),
          user: bea,
          customId: 'roles',
          selected: [{ id: '400', name: 'Mentore' }],
        }),
        (i: Interaction) => i.isRoleSelectMenu() && [...i.roles.keys()],
      ],
      [
        channelSelectInteraction({
          ...inGeneral(),
          user: bea,
          customId: 'ou',
          selected: [{ id: generalId, name: 'general' }],
        }),
        (i: Interaction) => i.isChannelSelectMenu() && [...i.channels.keys()],
      ],
    ] as const;
    const expected = [['backend', 'design'], [alice.id], ['400'], [generalId]];
    for (const [index, [payload, read]] of cases.entries()) {
      const seen = onInteraction(client, async (i) => {
        if (i.isAnySelectMenu()) await i.deferUpdate();
      });
      await fake.interact(payload);
      expect(read(await seen)).toEqual(expected[index]);
    }
  });

  it('opens a DM through /users/@me/channels and sends the message there', async () => {
    const client = await connect();
    await client.users.send(bea.id, 'Ta marraine t’attend');
    const open = await fake.waitForRequest((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(open.body).toEqual({ recipient_id: bea.id });
    const dmId = (open.response as { id: string }).id;
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${dmId}/messages`);
    expect(fake.directMessages(bea.id).at(-1)).toMatchObject({ channelId: dmId, content: 'Ta marraine t’attend' });
  });

  it('answers 429 like Discord: discord.js sees the retry-after, or waits and retries', async () => {
    const rejecting = await connect({ rejectOnRateLimit: () => true });
    const channel = rejecting.channels.cache.get(generalId) as TextChannel;
    fake.rateLimitNext((method, path) => method === 'POST' && path === `/channels/${generalId}/messages`, 2);
    const error = await channel.send('trop vite').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ scope: 'user', global: false });
    expect((error as RateLimitError).retryAfter).toBeGreaterThanOrEqual(2000);

    const patient = await connect();
    fake.rateLimitNext((method, path) => method === 'POST' && path === `/channels/${generalId}/messages`, 0.05);
    const sent = await (patient.channels.cache.get(generalId) as TextChannel).send('après la pause');
    const attempts = fake.requests.filter(
      (r) =>
        r.path === `/channels/${generalId}/messages` && (r.body as { content?: string }).content === 'après la pause',
    );
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(sent.content).toBe('après la pause');
  });

  it('fails the next matching call with the status and body given', async () => {
    const client = await connect();
    fake.failNext((_method, path) => path.startsWith('/channels/') && path.endsWith('/messages'), 403, {
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    const error = await client.users.send(alice.id, 'coucou').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50007, status: 403 });
  });

  it('returns the existing message for a repeated nonce with enforce_nonce', async () => {
    const client = await connect();
    const channel = client.channels.cache.get(generalId) as TextChannel;
    const first = await channel.send({ content: 'Rappel du jour', nonce: 'outbox-42', enforceNonce: true });
    const second = await channel.send({ content: 'Rappel du jour', nonce: 'outbox-42', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(fake.messages(generalId).filter((m) => m.nonce === 'outbox-42')).toHaveLength(1);
  });

  it('registers commands, creates private channels and threads, and refuses what Discord refuses', async () => {
    const client = await connect();
    const [command] = [
      ...(await client.application!.commands.set([{ name: 'marraine', description: 'Marrainage' }], guildId)).values(),
    ];
    expect(fake.commands(guildId)).toEqual([
      expect.objectContaining({ id: command!.id, name: 'marraine', guild_id: guildId }),
    ]);
    await expect(client.application!.commands.set([{ name: 'Marraine', description: 'x' }])).rejects.toMatchObject({
      code: 50035,
    });

    const guild = client.guilds.cache.get(guildId)!;
    const circle = await guild.channels.create({
      name: 'Cercle Backend',
      permissionOverwrites: [
        { id: guildId, deny: [PermissionFlagsBits.ViewChannel] },
        { id: alice.id, allow: [PermissionFlagsBits.ViewChannel] },
      ],
    });
    expect(circle.name).toBe('cercle-backend');
    expect(fake.channel(circle.id)).toMatchObject({
      permission_overwrites: [
        { id: guildId, deny: '1024' },
        { id: alice.id, allow: '1024' },
      ],
    });
    const thread = await circle.threads.create({ name: 'binôme', type: ChannelType.PrivateThread });
    await thread.members.add(bea.id);
    expect(thread.type).toBe(ChannelType.PrivateThread);
    expect(fake.threadMembers(thread.id)).toEqual([fake.botUser.id, bea.id]);

    await expect((client.channels.cache.get(generalId) as TextChannel).send({ content: '' })).rejects.toMatchObject({
      code: 50006,
    });
    const seen = onInteraction(client, async () => {});
    const handle = await fake.interact(chatInputInteraction({ ...inGeneral(), user: alice, subcommand: 'x' }));
    expect(await seen).toMatchObject({ commandId: command!.id, commandGuildId: guildId });
    const answer = { body: { type: 4, data: { content: 'une fois' } }, auth: false };
    await client.rest.post(Routes.interactionCallback(handle.id, handle.token), answer);
    await expect(client.rest.post(Routes.interactionCallback(handle.id, handle.token), answer)).rejects.toMatchObject({
      code: 40060,
    });
    await expect(client.rest.get('/nowhere' as `/${string}`)).rejects.toMatchObject({
      status: 404,
      rawError: { message: 'Unknown route' },
    });
  });
});

describe('fake Discord with a global rate limit', () => {
  it('refuses calls beyond the limit in any second with a global 429, does nothing for them, and lets them through a second later', async () => {
    const limited = await startFakeDiscord({ globalRateLimit: 3 });
    try {
      const call = () =>
        fetch(`${limited.apiUrl}/v10/users/@me/channels`, {
          method: 'POST',
          headers: { authorization: 'Bot any-token', 'content-type': 'application/json' },
          body: JSON.stringify({ recipient_id: '500000000000000001' }),
        });
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await call()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = limited.requests.at(-1)!;
      expect(refused.response).toMatchObject({ global: true });
      expect(Number((refused.response as { retry_after: number }).retry_after)).toBeLessThanOrEqual(1);
      expect(limited.globalRateLimited()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await call()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
