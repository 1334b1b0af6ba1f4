import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { defineCommand } from '../../src/core/commands.ts';
import { scopedActionId } from '../../src/core/action-ids.ts';
import type { CommunitySettings } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction, type LoggerPort } from '../../src/core/dispatcher.ts';
import { memberText, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Store } from '../../src/core/store.ts';
import { catalog, translator, type Locale } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';

// No real command is for moderators yet, and none fails on purpose: this one does both.
// Its schema is typed as the dispatcher's list holds commands (`Command`): its options go unread.
const probe = defineCommand<z.ZodObject>({
  name: { en: 'probe', fr: 'sonde' },
  description: 'command.stats.description',
  access: 'moderator',
  options: z.object({}),
  run: async (ctx) => ({
    kind: 'message',
    ephemeral: true,
    text: `moderator=${ctx.access.moderator} admin=${ctx.access.admin}`,
  }),
  actions: {
    boom: {
      access: 'member',
      run: async () => {
        throw new Error('database on fire');
      },
    },
  },
});

/** What the arity probe's handlers received: nothing when the dispatcher refused the id. */
const counted: string[][] = [];
// A button whose ids carry one argument, and one whose retry may carry up to two; admin-only,
// to see the count refused before anyone asks who administers the place.
const arity = defineCommand<z.ZodObject>({
  name: { en: 'arity', fr: 'arite' },
  description: 'command.stats.description',
  access: 'admin',
  options: z.object({}),
  run: async () => ({ kind: 'none' }),
  actions: {
    one: {
      args: 1,
      run: async (_ctx, { args }) => {
        counted.push(args);
        return { kind: 'none' };
      },
    },
    retry: {
      args: 2,
      minArgs: 0,
      run: async (_ctx, { args }) => {
        counted.push(args.map(String));
        return { kind: 'none' };
      },
    },
  },
});

function recordingLogger() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies LoggerPort;
}

const textOf = (reply: Reply) => (reply.kind === 'message' ? reply.text : `(${reply.kind})`);

describe('dispatcher', () => {
  let database: Database;
  let services: Services;
  let next = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock: createManualClock(),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
  });
  afterAll(() => database?.close());

  /**
   * A dispatcher for one test. `breakStore` may replace parts of the store, to make the
   * database fail where a test wants it to.
   */
  function setup(withProbe = false, breakStore?: (store: Store) => Partial<Store>) {
    const logger = recordingLogger();
    const own = breakStore
      ? createServices({ ...services, store: { ...services.store, ...breakStore(services.store) } })
      : services;
    const dispatcher = createDispatcher({
      commands: withProbe ? [...commands, probe] : commands,
      services: own,
      logger,
    });
    next += 1;
    const guild = `guild-${next}`;
    const isPlatformAdmin = vi.fn(async () => false);
    /** An interaction from `user-ada` in this test's own guild. */
    const incoming = (
      input: IncomingInteraction['input'],
      overrides: Partial<IncomingInteraction> = {},
    ): IncomingInteraction => ({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: guild, name: 'Duchess France' },
      user: { externalId: 'user-ada', displayName: 'Ada' },
      isPlatformAdmin,
      richForms: false,
      input,
      ...overrides,
    });
    const command = (name: string, options: Record<string, unknown> = {}) => ({
      kind: 'command' as const,
      name,
      options,
    });
    async function community(settings: Partial<CommunitySettings> = {}, locale?: Locale) {
      const { store } = services;
      const found = await store.communities.ensure({ platform: 'discord', externalId: guild, name: 'Duchess France' });
      return store.communities.update(found.id, {
        settings: { ...found.settings, ...settings },
        ...(locale ? { locale } : {}),
      });
    }
    return { dispatcher, logger, incoming, command, isPlatformAdmin, community };
  }

  it('tells at once, from the declarations, which interactions may answer with a form', () => {
    const { dispatcher, incoming, command } = setup();
    const opensForm = (input: IncomingInteraction['input'], richForms = false) =>
      dispatcher.opensForm!(incoming(input, { richForms }));
    // A click that always opens one; a command and a click that do only where forms are rich (Slack).
    expect(opensForm({ kind: 'action', id: 'mentors:ask:1', values: [] })).toBe(true);
    expect(opensForm(command('join'))).toBe(false);
    expect(opensForm(command('rejoindre'), true)).toBe(true);
    expect(opensForm({ kind: 'action', id: 'profile:join', values: [] })).toBe(false);
    expect(opensForm({ kind: 'action', id: 'profile:join', values: [] }, true)).toBe(true);
    // Answers with no form: a command, a click; a submitted form; what names nothing.
    expect(opensForm(command('mentors'), true)).toBe(false);
    expect(opensForm({ kind: 'action', id: 'mentors:choose:1', values: [] }, true)).toBe(false);
    expect(opensForm({ kind: 'form', id: 'mentors:send:1', values: {} }, true)).toBe(false);
    expect(opensForm({ kind: 'action', id: 'mentors:nothing', values: [] }, true)).toBe(false);
    expect(opensForm(command('dance'), true)).toBe(false);
  });

  it('processes a delivery once and answers a replay of it with nothing', async () => {
    const { dispatcher, logger, incoming, community } = setup();
    const click = incoming({ kind: 'action', id: 'profile:pause', values: [] });
    const first = await dispatcher.dispatch(click);
    const again = await dispatcher.dispatch(click);

    expect(first.reply.kind).toBe('message');
    expect(again.reply).toEqual({ kind: 'none' });
    const { id } = await community();
    expect(await services.store.auditLog.list(id, { action: 'profile.paused' })).toHaveLength(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.objectContaining({ deliveryKey: click.deliveryKey }),
      'duplicate delivery ignored',
    );
  });

  describe('access', () => {
    it('refuses an admin command to a member who is not an admin, in her language and ephemerally', async () => {
      const { dispatcher, incoming, command, isPlatformAdmin } = setup();
      const { reply } = await dispatcher.dispatch(incoming(command('admin')));
      expect(reply).toEqual({ kind: 'message', ephemeral: true, text: translator('fr')('error.adminOnly') });
      expect(isPlatformAdmin).toHaveBeenCalledTimes(1);

      const english = await dispatcher.dispatch(
        incoming(command('admin'), { user: { externalId: 'user-bea', locale: 'en-GB' } }),
      );
      expect(english.reply).toEqual({ kind: 'message', ephemeral: true, text: translator('en')('error.adminOnly') });
    });

    it('does not ask the platform who administers the place for a member command', async () => {
      const { dispatcher, incoming, command, isPlatformAdmin } = setup();
      await dispatcher.dispatch(incoming(command('profile')));
      await dispatcher.dispatch(incoming(command('rejoindre')));
      await dispatcher.dispatch(incoming({ kind: 'action', id: 'profile:show', values: [] }));
      expect(isPlatformAdmin).not.toHaveBeenCalled();
    });

    it('lets in an admin the platform vouches for', async () => {
      const { dispatcher, incoming, command, isPlatformAdmin } = setup();
      isPlatformAdmin.mockResolvedValueOnce(true);
      const { reply } = await dispatcher.dispatch(incoming(command('admin')));
      expect(textOf(reply)).toContain(translator('fr')('admin.title'));
    });

    it('treats a user listed in the community’s admins as an admin even when the platform says no', async () => {
      const { dispatcher, incoming, command, isPlatformAdmin, community } = setup();
      await community({ adminUsers: ['user-ada'] });
      const { reply } = await dispatcher.dispatch(incoming(command('admin')));
      expect(textOf(reply)).toContain(translator('fr')('admin.title'));
      expect(isPlatformAdmin).not.toHaveBeenCalled();
    });

    it('lets in a moderator by one of her roles', async () => {
      const { dispatcher, incoming, command, community } = setup(true);
      await community({ moderatorRoles: ['role-mods'] });
      const { reply } = await dispatcher.dispatch(
        incoming(command('probe'), { roleIds: ['role-everyone', 'role-mods'] }),
      );
      expect(textOf(reply)).toBe('moderator=true admin=false');
    });

    it('lets in a moderator listed by user id', async () => {
      const { dispatcher, incoming, command, community } = setup(true);
      await community({ moderatorUsers: ['user-ada'] });
      const { reply } = await dispatcher.dispatch(incoming(command('sonde')));
      expect(textOf(reply)).toBe('moderator=true admin=false');
    });

    it('counts an admin as a moderator', async () => {
      const { dispatcher, incoming, command, isPlatformAdmin } = setup(true);
      isPlatformAdmin.mockResolvedValueOnce(true);
      const { reply } = await dispatcher.dispatch(incoming(command('probe')));
      expect(textOf(reply)).toBe('moderator=true admin=true');
    });

    it('refuses a moderator command to a member with neither the role nor a listing', async () => {
      const { dispatcher, incoming, command, community } = setup(true);
      await community({ moderatorRoles: ['role-mods'], moderatorUsers: ['user-other'] });
      const { reply } = await dispatcher.dispatch(incoming(command('probe'), { roleIds: ['role-everyone'] }));
      expect(reply).toEqual({ kind: 'message', ephemeral: true, text: translator('fr')('error.moderatorOnly') });
    });
  });

  describe('help', () => {
    it('answers an unknown subcommand with every command, in English for an English member', async () => {
      const { dispatcher, incoming, command } = setup();
      const { reply, locale } = await dispatcher.dispatch(
        incoming(command('bonjour'), { user: { externalId: 'user-ada', locale: 'en-US' } }),
      );
      expect(locale).toBe('en');
      const [intro, ...lines] = textOf(reply).split('\n');
      // What she typed comes back marked as member text, for the adapters to render inert.
      expect(intro).toBe(translator('en')('help.unknown', { name: memberText('bonjour') }));
      expect(lines).toEqual(commands.map((c) => `- **/marraine ${c.name.en}** — ${catalog('en')[c.description]}`));
      expect(lines).toHaveLength(11);
      expect(reply).toMatchObject({ kind: 'message', ephemeral: true });
    });

    it('lists the commands by their French names for a French member', async () => {
      const { dispatcher, incoming, command } = setup();
      const { reply } = await dispatcher.dispatch(incoming(command('aide')));
      const [intro, ...lines] = textOf(reply).split('\n');
      expect(intro).toBe(translator('fr')('help.intro'));
      expect(lines.map((line) => /\/marraine (\S+)\*\*/.exec(line)?.[1])).toEqual([
        'rejoindre',
        'profil',
        'marraines',
        'demandes',
        'point',
        'partager',
        'defi',
        'cercle',
        'admin',
        'donnees',
        'stats',
      ]);
    });
  });

  describe('errors', () => {
    it('answers an unexpected failure with an ephemeral apology whose reference is in the log', async () => {
      const { dispatcher, incoming, logger } = setup(true);
      const { reply } = await dispatcher.dispatch(incoming({ kind: 'action', id: 'probe:boom', values: [] }));

      expect(logger.error).toHaveBeenCalledTimes(1);
      const [details, message] = logger.error.mock.calls[0] as [{ err: unknown; reference: string }, string];
      expect(message).toBe('interaction failed');
      expect(details.err).toEqual(new Error('database on fire'));
      expect(details.reference).toMatch(/^[0-9a-f]{8}$/);
      expect(reply).toEqual({
        kind: 'message',
        ephemeral: true,
        text: translator('fr')('error.unexpected', { reference: details.reference }),
      });
      expect(textOf(reply)).not.toContain('database on fire');
    });

    it('names the option she got wrong', async () => {
      const { dispatcher, incoming, command, logger } = setup();
      const { reply } = await dispatcher.dispatch(incoming(command('challenge', { someone: 'ada.lovelace' })));
      expect(reply).toEqual({
        kind: 'message',
        ephemeral: true,
        text: translator('fr')('error.invalidOption', { option: 'someone' }),
      });
      expect(logger.error).not.toHaveBeenCalled();
    });

    it('answers a form with a wrong field with the errors per field', async () => {
      const { dispatcher, incoming } = setup();
      const { reply } = await dispatcher.dispatch(
        incoming({ kind: 'form', id: 'join:details:join', values: { hoursPerMonth: 'beaucoup' } }),
      );
      expect(reply).toMatchObject({
        kind: 'form-errors',
        errors: { hoursPerMonth: translator('fr')('onboarding.invalid.number') },
      });
    });

    it.each([
      ['an unknown command', { kind: 'action', id: 'nope:thing', values: [] }],
      ['an unknown action', { kind: 'action', id: 'profile:nope', values: [] }],
      ['an id without an action', { kind: 'action', id: 'garbage', values: [] }],
      ['an unknown form', { kind: 'form', id: 'join:nope', values: {} }],
      ['a form id used as a button', { kind: 'action', id: 'join:details:join', values: [] }],
    ] as const)('tells her a component of %s has expired, in her language', async (_what, input) => {
      const { dispatcher, incoming } = setup();
      const french = await dispatcher.dispatch(incoming(input as IncomingInteraction['input']));
      expect(french.reply).toEqual({ kind: 'message', ephemeral: true, text: translator('fr')('error.expired') });
      const english = await dispatcher.dispatch(
        incoming(input as IncomingInteraction['input'], { user: { externalId: 'user-en', locale: 'en-US' } }),
      );
      expect(english.reply).toEqual({ kind: 'message', ephemeral: true, text: translator('en')('error.expired') });
    });
  });

  describe('the number of arguments in an id', () => {
    const expired = (locale: Locale = 'fr') => ({
      kind: 'message',
      ephemeral: true,
      text: translator(locale)('error.expired'),
    });

    it.each([
      ['none', 'arity:one'],
      ['two', 'arity:one:a:b'],
      ['junk appended', 'arity:one:1-Ggz./|O:1013012998:-1947296327'],
      ['an empty one too many', 'arity:one:a:'],
      ['three for a button that takes at most two', 'arity:retry:a:b:c'],
    ])('refuses an id with %s as expired, before asking who she is or running anything', async (_what, id) => {
      const { incoming, isPlatformAdmin, community } = setup();
      const dispatcher = createDispatcher({ commands: [arity], services, logger: recordingLogger() });
      await community({ adminUsers: ['user-ada'] });
      counted.length = 0;
      const { reply } = await dispatcher.dispatch(incoming({ kind: 'action', id, values: [] }));
      expect(reply).toEqual(expired());
      expect(counted).toEqual([]);
      expect(isPlatformAdmin).not.toHaveBeenCalled();
    });

    it('runs a button with the arguments its ids carry, and one whose count may vary with any count it takes', async () => {
      const { incoming, community } = setup();
      const dispatcher = createDispatcher({ commands: [arity], services, logger: recordingLogger() });
      await community({ adminUsers: ['user-ada'] });
      counted.length = 0;
      for (const id of ['arity:one:a', 'arity:one:', 'arity:retry', 'arity:retry:x', 'arity:retry:x:y'])
        expect((await dispatcher.dispatch(incoming({ kind: 'action', id, values: [] }))).reply).toEqual({
          kind: 'none',
        });
      expect(counted).toEqual([['a'], [''], [], ['x'], ['x', 'y']]);
    });

    it('does not pause her profile for a real button with junk appended (Slack fuzz seed 1327670898)', async () => {
      const { dispatcher, incoming, community } = setup();
      const id = 'profile:pause:1-Ggz./|O:1013012998:-1947296327';
      const { reply } = await dispatcher.dispatch(incoming({ kind: 'action', id, values: [] }));
      expect(reply).toEqual(expired());
      const { id: communityId } = await community();
      expect(await services.store.auditLog.list(communityId, { action: 'profile.paused' })).toEqual([]);
      const ada = await services.store.members.ensure({ communityId, externalUserId: 'user-ada' });
      expect(ada.status).toBe('active');
    });

    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
      'takes `%s` for no handler: only a command’s own actions are',
      async (name) => {
        const { dispatcher, incoming, logger } = setup();
        const { reply } = await dispatcher.dispatch(incoming({ kind: 'action', id: `profile:${name}`, values: [] }));
        expect(reply).toEqual(expired());
        const form = await dispatcher.dispatch(incoming({ kind: 'form', id: `join:${name}`, values: {} }));
        expect(form.reply).toEqual(expired());
        expect(logger.error).not.toHaveBeenCalled();
      },
    );
  });

  describe('when the database fails before the command runs', () => {
    const outage = () => new Error('Connection terminated unexpectedly');
    /** The apology in `reply`, and the reference it gave, which must be the logged one. */
    function apologyOf(logger: ReturnType<typeof recordingLogger>, reply: Reply, locale: Locale) {
      expect(logger.error).toHaveBeenCalledTimes(1);
      const [details] = logger.error.mock.calls[0] as [{ err: Error; reference: string }];
      expect(details.err.message).toBe('Connection terminated unexpectedly');
      expect(reply).toEqual({
        kind: 'message',
        ephemeral: true,
        text: translator(locale)('error.unexpected', { reference: details.reference }),
      });
    }

    it('answers a failed delivery claim with an ephemeral apology in the language her platform tells', async () => {
      const { dispatcher, logger, incoming, command } = setup(false, (store) => ({
        processedEvents: { ...store.processedEvents, claimWithMember: vi.fn().mockRejectedValueOnce(outage()) },
      }));
      const result = await dispatcher.dispatch(
        incoming(command('profile'), { user: { externalId: 'user-ada', locale: 'en-GB' } }),
      );
      expect(result.locale).toBe('en');
      apologyOf(logger, result.reply, 'en');
    });

    it('answers a failed community lookup in her told language, and lets the retry through', async () => {
      // The first lookup fails, the next ones reach the database.
      const { dispatcher, logger, incoming, command } = setup(false, (store) => ({
        communities: { ...store.communities, ensure: vi.fn(store.communities.ensure).mockRejectedValueOnce(outage()) },
      }));
      const delivery = incoming(command('profile'), { user: { externalId: 'user-ada', locale: 'en-GB' } });
      const failed = await dispatcher.dispatch(delivery);
      apologyOf(logger, failed.reply, 'en');

      const retried = await dispatcher.dispatch(delivery);
      expect(retried.reply).toMatchObject({ kind: 'message', text: translator('en')('profile.none') });
    });

    it('answers a failed lookup of the community a click in a DM names, rather than saying it is not here', async () => {
      const { community: ours } = setup();
      const { id } = await ours();
      const { dispatcher, logger, incoming } = setup(false, (store) => ({
        communities: { ...store.communities, findById: vi.fn().mockRejectedValueOnce(outage()) },
      }));
      const click = incoming(
        { kind: 'action', id: scopedActionId(id, 'profile', 'show'), values: [] },
        { community: undefined, user: { externalId: 'user-ada', locale: 'en-GB' } },
      );
      apologyOf(logger, (await dispatcher.dispatch(click)).reply, 'en');
    });

    it('answers a failed member lookup in the community’s language when she has none of her own', async () => {
      const { dispatcher, logger, incoming, command, community } = setup(false, (store) => ({
        members: { ...store.members, ensure: vi.fn().mockRejectedValueOnce(outage()) },
      }));
      await community({}, 'en');
      const result = await dispatcher.dispatch(incoming(command('profile'), { user: { externalId: 'user-ada' } }));
      expect(result.locale).toBe('en');
      apologyOf(logger, result.reply, 'en');
    });
  });

  describe('delivery keys', () => {
    it('gives the key back after an unexpected failure, so a retry of the delivery is processed', async () => {
      const { dispatcher, logger, incoming } = setup(true);
      const click = incoming({ kind: 'action', id: 'probe:boom', values: [] });
      await dispatcher.dispatch(click);
      const retry = await dispatcher.dispatch(click);
      // Processed again, so it failed again: not dropped as a replay.
      expect(retry.reply).toMatchObject({ kind: 'message', ephemeral: true });
      expect(logger.error).toHaveBeenCalledTimes(2);
      expect(logger.info).not.toHaveBeenCalledWith(expect.anything(), 'duplicate delivery ignored');
    });

    it('keeps the key after an answer to her mistake: the retry is a replay', async () => {
      const { dispatcher, incoming, command } = setup();
      const refused = incoming(command('admin'));
      expect((await dispatcher.dispatch(refused)).reply).toEqual({
        kind: 'message',
        ephemeral: true,
        text: translator('fr')('error.adminOnly'),
      });
      expect((await dispatcher.dispatch(refused)).reply).toEqual({ kind: 'none' });
    });

    it('keeps the key after a success: the retry is a replay', async () => {
      const { dispatcher, incoming, command } = setup();
      const shown = incoming(command('profile'));
      expect((await dispatcher.dispatch(shown)).reply).toMatchObject({
        kind: 'message',
        text: translator('fr')('profile.none'),
      });
      expect((await dispatcher.dispatch(shown)).reply).toEqual({ kind: 'none' });
    });
  });

  describe('language', () => {
    it('speaks English to a member whose platform is in American English', async () => {
      const { dispatcher, incoming, command } = setup();
      const result = await dispatcher.dispatch(
        incoming(command('profile'), { user: { externalId: 'user-ada', locale: 'en-US' } }),
      );
      expect(result.locale).toBe('en');
      expect(textOf(result.reply)).toBe(translator('en')('profile.none'));
    });

    it('speaks the community’s language to a member whose language the bot does not speak', async () => {
      const { dispatcher, incoming, command, community } = setup();
      await community({}, 'en');
      const result = await dispatcher.dispatch(
        incoming(command('profile'), { user: { externalId: 'user-ada', locale: 'de' } }),
      );
      expect(result.locale).toBe('en');
      expect(textOf(result.reply)).toBe(translator('en')('profile.none'));
    });

    it('speaks French by default, and keeps a member’s language when the platform does not tell it again', async () => {
      const { dispatcher, incoming, command } = setup();
      expect(
        (await dispatcher.dispatch(incoming(command('profile'), { user: { externalId: 'user-fr', locale: 'de' } })))
          .locale,
      ).toBe('fr');
      await dispatcher.dispatch(incoming(command('profile'), { user: { externalId: 'user-en', locale: 'en-GB' } }));
      expect(
        (await dispatcher.dispatch(incoming(command('profile'), { user: { externalId: 'user-en' } }))).locale,
      ).toBe('en');
    });
  });
});
