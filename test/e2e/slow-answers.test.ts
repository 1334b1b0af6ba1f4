import { InteractionResponseType, MessageFlags } from 'discord.js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp } from '../../src/app.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { say, type Reply } from '../../src/core/reply-model.ts';
import { translator } from '../../src/i18n/index.ts';
import { toFollowUp, toOriginal } from '../fakes/discord/index.ts';
import {
  blockActionsBody,
  findFreePort,
  postToBolt,
  slashCommandBody,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type SlackArgs,
} from '../fakes/slack/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { bareDiscord, bareSlack, silentLogger, requestForm } from './support/bare-adapters.ts';
import { startHoldingProxy } from './support/holding-proxy.ts';

const fr = translator('fr');

/** A core that takes its time: the platforms' 3-second deadline must still hold. */
function slowDispatcher(ms: number, reply: Reply): Dispatcher & { calls: number } {
  const stub = {
    calls: 0,
    async dispatch() {
      stub.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { reply, locale: 'fr' as const };
    },
  };
  return stub;
}

/** A core that fails outright after `ms`, as if something below the dispatcher broke. */
function failingDispatcher(ms: number): Dispatcher {
  return {
    async dispatch() {
      await new Promise((resolve) => setTimeout(resolve, ms));
      throw new Error('dispatcher broke');
    },
  };
}

const apology = /^Oups, quelque chose s’est mal passé de notre côté\. .+ \(référence [0-9a-f]{8}\)$/;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('answers that take longer than the acknowledgement deadline', () => {
  it('Discord: defers a slow command at once, then fills in the answer', async () => {
    const { fake, command } = await bareDiscord(cleanups, slowDispatcher(400, say('Voilà, c’est prêt.')), {
      deferAfterMs: 50,
    });
    const handle = await command();
    const callback = await handle.callback();
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    expect(edit.body).toMatchObject({ content: 'Voilà, c’est prêt.' });
  });

  it('Discord: defers a slow click as an update of its message', async () => {
    const { fake, click } = await bareDiscord(
      cleanups,
      slowDispatcher(300, say('Mis à jour.', undefined, { update: true })),
      { deferAfterMs: 50 },
    );
    const handle = await click('profile:pause');
    expect((await handle.callback()).body).toMatchObject({ type: InteractionResponseType.DeferredMessageUpdate });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    expect(edit.body).toMatchObject({ content: 'Mis à jour.' });
  });

  it('Slack: acknowledges a slow command at once, then answers through its response_url', async () => {
    const { commandAnsweredLater } = await bareSlack(cleanups, slowDispatcher(400, say('Voilà, c’est prêt.')), {
      ackWithinMs: 50,
    });
    await commandAnsweredLater('Voilà, c’est prêt.');
  });

  it('Slack: a form answered after the deadline says "one moment" at once, then shows the answer in its place', async () => {
    const form = requestForm('mentors:send', 'note');
    const dispatcher: Dispatcher = {
      async dispatch(incoming) {
        if (incoming.input.kind !== 'form') return { reply: form, locale: 'fr' };
        await new Promise((resolve) => setTimeout(resolve, 400));
        return { reply: say('Demande envoyée à <@U0NADIA>.'), locale: 'fr' };
      },
    };
    const { fake, port, command } = await bareSlack(cleanups, dispatcher, { ackWithinMs: 50 });
    await command('demander');
    const opened = await fake.waitForCall('views.open');
    const view = { ...(opened.response as { view: SlackArgs }).view };
    const ack = await postToBolt(
      `http://127.0.0.1:${port}/slack/events`,
      'shh',
      viewSubmissionBody({ view, values: { note: { note: stateValue.plainText('Bonjour') } } }),
    );
    expect(JSON.parse(ack.body)).toMatchObject({
      response_action: 'update',
      view: { blocks: [expect.objectContaining({ text: expect.objectContaining({ text: fr('admission.wait') }) })] },
    });
    const update = await fake.waitForCall('views.update', (args) => args.view_id === view.id);
    expect(JSON.stringify(update.args.view)).toContain('Demande envoyée');
    expect(update.response).toMatchObject({ ok: true });
  });

  /** The real Discord adapter against the fake, deferring after 50 ms, with work that fails after 200 ms. */
  const discordWhoseWorkFails = () => bareDiscord(cleanups, failingDispatcher(200), { deferAfterMs: 50 });

  it('Discord: a slow command whose work then fails still gets an apology in its deferred reply', async () => {
    const { fake, command } = await discordWhoseWorkFails();
    const handle = await command();
    expect((await handle.callback()).body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    expect((edit.body as { content: string }).content).toMatch(apology);
  });

  it('Discord: a slow click whose work then fails gets an ephemeral follow-up, its message left as it was', async () => {
    const { fake, click } = await discordWhoseWorkFails();
    const handle = await click('profile:pause');
    expect((await handle.callback()).body).toMatchObject({ type: InteractionResponseType.DeferredMessageUpdate });
    const followUp = await fake.waitForRequest(toFollowUp(fake.applicationId, handle.token), 3_000);
    expect(followUp.body).toMatchObject({ content: expect.stringMatching(apology), flags: MessageFlags.Ephemeral });
    expect(fake.requests.some(toOriginal(handle.token))).toBe(false);
  });

  describe('Slack, with users.info hanging', () => {
    // One bot for both tests: each asks about a user never seen, so no answer is cached.
    const stops: (() => Promise<void>)[] = [];
    let world: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      world = await start();
    });
    afterAll(async () => {
      for (const stop of stops.reverse()) await stop();
    });

    async function start() {
      const database = await createTestDatabase();
      stops.push(() => database.close());
      const fake = await startFakeSlack({ teamName: 'Duchess France' });
      stops.push(() => fake.close());
      const proxy = await startHoldingProxy(fake.apiUrl, (path) => path.endsWith('/users.info'));
      stops.push(() => proxy.close());
      const port = await findFreePort();
      const app = await startApp({
        config: {
          defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
          slack: { botToken: 'xoxb-test', signingSecret: 'shh', apiUrl: proxy.url, port },
        },
        database,
        logger: pino({ level: 'silent' }),
        outbox: { pollMs: 50 },
      });
      stops.push(() => app.stop());
      const timed = async (body: string) => {
        const started = Date.now();
        const ack = await postToBolt(`http://127.0.0.1:${port}/slack/events`, 'shh', body);
        return { ...ack, ms: Date.now() - started };
      };
      const command = (userId: string, text: string, responseUrl = fake.responseUrl()) =>
        timed(slashCommandBody({ userId, text, responseUrl }));
      const submit = (userId: string, view: SlackArgs, values: Record<string, SlackArgs>) =>
        timed(
          viewSubmissionBody({
            userId,
            view,
            values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, { [id]: v }])),
          }),
        );
      const member = async (userId: string) => {
        const community = await app.store.communities.find('slack', fake.teamId);
        return community && app.store.members.find(community.id, userId);
      };
      return { fake, proxy, command, submit, member, port };
    }

    it('acknowledges a slash command at once, then answers in the community’s language, without her name', async () => {
      const { fake, proxy, command, member } = world;
      const responseUrl = fake.responseUrl();
      const ack = await command('U0HUNG', 'profil', responseUrl);
      expect(ack.status).toBe(200);
      expect(ack.body).toBe('');
      // The acknowledgement does not wait for the lookup, which may not even have left yet:
      // it is asked, and hangs (the proxy never lets it through).
      await vi.waitFor(() => expect(proxy.held).toContain('/api/users.info'));
      // Its response_url lasts 30 minutes: the answer follows once the lookup gives up.
      const answer = await fake.waitForResponse((_body, url) => url === responseUrl);
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: translator('fr')('profile.none') });
      expect(await member('U0HUNG')).toMatchObject({ displayName: null, locale: null });
    });

    it('answers a form submission within Slack’s 3 s', async () => {
      const { fake, command, submit } = world;
      await command('U0HUNGFORM', 'rejoindre');
      const opened = await fake.waitForCall(
        'views.open',
        (args) => (args.view as { callback_id?: string }).callback_id === 'join:all',
      );
      const view = opened.response as { view: SlackArgs & { id: string } };
      const ack = await submit('U0HUNGFORM', view.view, { hoursPerMonth: stateValue.plainText('beaucoup') });
      // The form says "one moment" while the lookup hangs; her mistake then takes its place,
      // and that her other answers are kept.
      expect(ack.ms).toBeLessThan(3_000);
      expect(ack.json).toMatchObject({ response_action: 'update' });
      expect(JSON.stringify(ack.json)).toContain(translator('fr')('admission.wait'));
      const update = await fake.waitForCall('views.update', (args) => args.view_id === view.view.id, 3_000);
      expect(JSON.stringify(update.args.view)).toContain(translator('fr')('onboarding.invalid.number'));
      expect(JSON.stringify(update.args.view)).toContain(translator('fr')('form.errors.kept'));
      // Too late to show them under her fields: "Corriger" reopens the questionnaire.
      expect(JSON.stringify(update.args.view)).toContain('"action_id":"join:all-open"');
      const click = await postToBolt(
        `http://127.0.0.1:${world.port}/slack/events`,
        'shh',
        blockActionsBody({ userId: 'U0HUNGFORM', view: { id: view.view.id }, action: { action_id: 'join:all-open' } }),
      );
      expect(click.status).toBe(200);
      const pushed = await fake.waitForCall('views.push', () => true, 10_000);
      expect(pushed.args.view).toMatchObject({ callback_id: 'join:all' });
    });

    it('acknowledges an admin command within 3 s, then refuses it: no rights while Slack cannot say', async () => {
      const { fake, command } = world;
      const ack = await command('U0HUNGADMIN', 'admin');
      expect(ack.status).toBe(200);
      expect(ack.ms).toBeLessThan(3_000);
      const refusal = await fake.waitForResponse((body) => body.text === translator('fr')('error.adminOnly'), 5_000);
      expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
    });
  });
});

describe('Discord: a first answer taken by Discord whose response was lost', () => {
  /** Discord takes the first callback but its response never comes back: discord.js times out and sends it again. */
  async function start(dispatcher: Dispatcher) {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (_: object, message: string) => void logged.push(message) };
    const { fake, command } = await bareDiscord(cleanups, dispatcher, { logger, deferAfterMs: 50, restTimeoutMs: 300 });
    fake.holdNext((method, path) => method === 'POST' && path.endsWith('/callback'), { accept: true, ms: null });
    const handle = await command();
    const callbacks = () => fake.requests.filter((r) => r.path.endsWith(`/${handle.token}/callback`));
    // The retry is refused as already acknowledged.
    await expect.poll(() => callbacks().map((r) => r.status)).toEqual([204, 400]);
    return { fake, handle, logged, callbacks };
  }

  it('treats "already acknowledged" after a lost deferral as deferred, and fills in the answer', async () => {
    const { fake, handle, logged, callbacks } = await start(slowDispatcher(400, say('Voilà, c’est prêt.')));
    expect(callbacks()[0]!.body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    expect(edit.body).toMatchObject({ content: 'Voilà, c’est prêt.' });
    expect(logged).toEqual([]);
  });

  it('treats "already acknowledged" after a lost reply as answered: no apology on top of it', async () => {
    const { fake, callbacks, logged } = await start({
      dispatch: async () => ({ reply: say('Tout de suite.'), locale: 'fr' as const }),
    });
    expect(callbacks()[0]!.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: 'Tout de suite.' },
    });
    // Nothing else is tried on her behalf: no follow-up, no apology, no error in the logs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.filter((r) => r.path.includes('/webhooks/'))).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('says nothing more when Discord answers that her interaction expired (late past 3 s): a warning, no apology', async () => {
    const logged: { level: string; message: string }[] = [];
    const { fake, command } = await bareDiscord(
      cleanups,
      { dispatch: async () => ({ reply: say('Trop tard.'), locale: 'fr' as const }) },
      {
        logger: {
          ...silentLogger,
          warn: (_: object, message: string) => void logged.push({ level: 'warn', message }),
          error: (_: object, message: string) => void logged.push({ level: 'error', message }),
        },
      },
    );
    fake.failNext((method, path) => method === 'POST' && path.endsWith('/callback'), 404, {
      message: 'Unknown interaction',
      code: 10062,
    });
    const handle = await command();
    await expect
      .poll(() => logged)
      .toEqual([{ level: 'warn', message: 'discord: answered too late, the interaction had expired' }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.filter((r) => r.path.includes(handle.token)).map((r) => r.status)).toEqual([404]);
  });
});
