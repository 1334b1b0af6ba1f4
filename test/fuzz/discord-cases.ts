/**
 * Interactions as the local Discord's gateway delivers them (INTERACTION_CREATE), with what a
 * member or an old message decides: the subcommand and its option values (of the right type or
 * not), component ids (the bot's own, stale, with junk arguments, or anything), select values,
 * form fields, names, locales, a DM instead of the guild. Discord's own envelope stays valid:
 * a stranger cannot change it.
 */
import fc from 'fast-check';
import type { APIInteraction } from 'discord.js';
import {
  PERMISSIONS,
  buttonInteraction,
  channelSelectInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  stringSelectInteraction,
  type ChatInputOptionInit,
} from '../fakes/discord/index.ts';
import {
  actionIds,
  componentId,
  formIds,
  memberText,
  reachesHandler,
  optionNames,
  subcommandNames,
  wrongType,
} from './ids.ts';

export interface DiscordCase {
  kind: 'command' | 'button' | 'select' | 'channel-select' | 'form' | 'autocomplete';
  payload: APIInteraction;
  /** Reaches a real handler: the database may change. */
  meaningful: boolean;
  /** discord.js hands it to the bot as repliable: an answer must come. */
  answered: boolean;
}

export interface DiscordScene {
  guildId: string;
  channelId: string;
}

const snowflake = () => fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n - 1n }).map(String);
const userId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('100000000000000001', '100000000000000002', '100000000000000003') },
    { weight: 1, arbitrary: snowflake() },
  );

const option = (): fc.Arbitrary<ChatInputOptionInit> => {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...optionNames) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  );
  return fc.oneof(
    fc.tuple(name, memberText()).map(([n, value]) => ({ name: n, type: 'string' as const, value })),
    fc
      .tuple(name, fc.oneof(fc.integer(), fc.integer({ min: -5, max: 200 })))
      .map(([n, value]) => ({ name: n, type: 'integer' as const, value })),
    fc.tuple(name, fc.boolean()).map(([n, value]) => ({ name: n, type: 'boolean' as const, value })),
    fc.tuple(name, userId(), memberText()).map(([n, id, username]) => ({
      name: n,
      type: 'user' as const,
      user: { id, username: username.slice(0, 32) || 'x' },
    })),
    fc
      .tuple(name, snowflake())
      .map(([n, id]) => ({ name: n, type: 'channel' as const, channel: { id, name: 'somewhere' } })),
  );
};

/** One interaction in `scene`'s guild (or, sometimes, in a DM). */
export function discordCase(scene: DiscordScene): fc.Arbitrary<DiscordCase> {
  const context = fc
    .record({
      user: userId(),
      username: fc.oneof(
        fc.constantFrom('ada', 'grace'),
        memberText().map((t) => t.slice(0, 32) || 'x'),
      ),
      globalName: fc.option(memberText()),
      locale: fc.constantFrom('fr', 'en-US', 'en-GB', 'de', 'pt-BR', 'zh-CN'),
      admin: fc.boolean(),
      inDm: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      roles: fc.array(snowflake(), { maxLength: 2 }),
    })
    .map((c) => ({
      guildId: c.inDm ? null : scene.guildId,
      channelId: scene.channelId,
      user: { id: c.user, username: c.username, globalName: c.globalName },
      locale: c.locale as 'fr',
      permissions: c.admin ? PERMISSIONS.admin : PERMISSIONS.member,
      roles: c.roles,
    }));

  const command = fc
    .record({
      ctx: context,
      subcommand: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...subcommandNames) },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
      ),
      options: fc.uniqueArray(option(), { maxLength: 4, selector: (o) => o.name }),
    })
    .map(({ ctx, subcommand, options }): DiscordCase => ({
      kind: 'command',
      payload: chatInputInteraction({ ...ctx, subcommand, options }) as APIInteraction,
      meaningful: subcommandNames.includes(subcommand),
      answered: true,
    }));
  const button = fc.record({ ctx: context, id: componentId(actionIds) }).map(({ ctx, id }): DiscordCase => ({
    kind: 'button',
    payload: buttonInteraction({ ...ctx, customId: id }) as APIInteraction,
    meaningful: reachesHandler('action', id),
    answered: true,
  }));
  const select = fc
    .record({
      ctx: context,
      id: componentId(actionIds),
      values: fc.array(memberText(), { minLength: 1, maxLength: 5 }),
    })
    .map(({ ctx, id, values }): DiscordCase => ({
      kind: 'select',
      payload: stringSelectInteraction({ ...ctx, customId: id, values }) as APIInteraction,
      meaningful: reachesHandler('action', id),
      answered: true,
    }));
  const channelSelect = fc
    .record({ ctx: context, id: componentId(actionIds), channel: snowflake() })
    .map(({ ctx, id, channel }): DiscordCase => ({
      kind: 'channel-select',
      payload: channelSelectInteraction({
        ...ctx,
        customId: id,
        selected: [{ id: channel, name: 'x' }],
      }) as APIInteraction,
      meaningful: reachesHandler('action', id),
      answered: true,
    }));
  const fieldName = fc.oneof(
    fc.constantFrom(...optionNames, 'goal', 'bio', 'hours', 'capacity', 'title', 'text', 'date', 'name'),
    fc.string({ minLength: 1, maxLength: 10 }),
  );
  const form = fc
    .record({
      ctx: context,
      id: componentId(formIds),
      fields: fc.dictionary(fieldName, fc.oneof(memberText(), fc.array(memberText(), { maxLength: 3 })), {
        maxKeys: 5,
      }),
      layout: fc.constantFrom<'action-rows' | 'labels'>('action-rows', 'labels'),
    })
    .map(({ ctx, id, fields, layout }): DiscordCase => ({
      kind: 'form',
      // Selects in a form exist only in the labels layout.
      payload: modalSubmitInteraction({
        ...ctx,
        customId: id,
        fields:
          layout === 'labels'
            ? fields
            : Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : v])),
        layout,
      }) as APIInteraction,
      meaningful: reachesHandler('form', id),
      answered: true,
    }));
  // Autocomplete: the bot declares none, but anyone's client can ask; discord.js does not make it repliable.
  const autocomplete = fc
    .record({ ctx: context, subcommand: fc.constantFrom(...subcommandNames), text: memberText() })
    .map(({ ctx, subcommand, text }): DiscordCase => {
      const payload = chatInputInteraction({
        ...ctx,
        subcommand,
        options: [{ name: 'text', type: 'string', value: text }],
      }) as unknown as Record<string, unknown>;
      return {
        kind: 'autocomplete',
        payload: { ...payload, type: 4 } as unknown as APIInteraction,
        meaningful: false,
        answered: false,
      };
    });

  return fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: command },
        { weight: 3, arbitrary: button },
        { weight: 2, arbitrary: select },
        { weight: 1, arbitrary: channelSelect },
        { weight: 3, arbitrary: form },
        { weight: 1, arbitrary: autocomplete },
      ),
      // A value of the wrong type where Discord would have checked it: the bot must not rely on Discord alone.
      fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: wrongType() }),
    )
    .map(([c, wrong]) => {
      if (wrong === undefined || c.kind !== 'command') return c;
      const options =
        (c.payload.data as { options?: { options?: { value?: unknown }[] }[] }).options?.[0]?.options ?? [];
      if (options[0]) options[0].value = wrong;
      return c;
    });
}
