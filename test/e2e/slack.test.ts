import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispatched } from '../../src/core/dispatcher.ts';
import { translator } from '../../src/i18n/index.ts';
import { eventBody, postToBolt, signSlackRequest, slashCommandBody, stateValue } from '../fakes/slack/index.ts';
import { signingSecret, startSlackWorld, type SlackWorld } from './support/slack-world.ts';

const member = 'U0ADA';
const admin = 'U0ADMIN';

/** Every answer of the questionnaire, as Slack's modal state. */
function answers(overrides: Record<string, object> = {}) {
  return {
    role: stateValue.staticSelect('mentee'),
    situation: stateValue.staticSelect('career-change'),
    domains: stateValue.multiStaticSelect(['back', 'data-ai']),
    languages: stateValue.multiStaticSelect(['fr', 'en']),
    remote: stateValue.staticSelect('yes'),
    seeks: stateValue.multiStaticSelect(['career-change', 'confidence']),
    offers: stateValue.multiStaticSelect([]),
    stacks: stateValue.plainText('Java, Python'),
    region: stateValue.plainText('Lyon'),
    hoursPerMonth: stateValue.numberInput('4'),
    capacity: stateValue.numberInput(null),
    bio: stateValue.plainText('Ancienne fleuriste, je me reconvertis dans la data.'),
    consent: stateValue.checkboxes(['yes']),
    ...overrides,
  };
}

describe('Slack, end to end through Bolt', () => {
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld();
    world.fake.setUser({ id: member, name: 'ada', real_name: 'Ada', locale: 'fr-FR', is_admin: false });
    world.fake.setUser({ id: admin, name: 'grace', real_name: 'Grace', locale: 'en-US', is_admin: true });
  });
  afterAll(() => world?.stop());
  afterEach(() => vi.restoreAllMocks());

  /** Every answer the core gives from now on, to know when a delivery has been fully handled. */
  function watchDispatches() {
    const spy = vi.spyOn(world.app.dispatcher, 'dispatch');
    return async (count: number): Promise<Dispatched[]> => {
      await expect.poll(() => spy.mock.results.length).toBe(count);
      return Promise.all(spy.mock.results.map((result) => result.value as Promise<Dispatched>));
    };
  }

  async function openJoinForm(userId: string) {
    const response = await world.command(userId, 'rejoindre');
    expect(response.status).toBe(200);
    const call = await world.fake.waitForCall(
      'views.open',
      (args) => (args.view as { callback_id?: string }).callback_id === 'join:all',
    );
    return call.args.view as { callback_id: string; blocks: { block_id: string; element?: Record<string, unknown> }[] };
  }

  it('opens the questionnaire as one modal, with every question', async () => {
    const view = await openJoinForm(member);
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'role',
      'situation',
      'domains',
      'languages',
      'remote',
      'seeks',
      'offers',
      'stacks',
      'region',
      'hoursPerMonth',
      'capacity',
      'bio',
      'consent',
    ]);
    // Numbers are typed in Slack's number_input, whole and within the bounds the core checks.
    const element = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    expect(element('hoursPerMonth')).toMatchObject({
      type: 'number_input',
      action_id: 'hoursPerMonth',
      is_decimal_allowed: false,
      min_value: '1',
      max_value: '40',
    });
    expect(element('capacity')).toMatchObject({
      type: 'number_input',
      action_id: 'capacity',
      is_decimal_allowed: false,
      min_value: '1',
      max_value: '5',
    });
  });

  it('refuses an invalid answer with a message naming the field, and keeps her other answers', async () => {
    const view = await openJoinForm(member);
    const response = await world.submit(
      member,
      view,
      answers({ hoursPerMonth: stateValue.numberInput('beaucoup'), region: stateValue.plainText('Nantes') }),
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { hoursPerMonth: 'écris un nombre entier, par exemple 4.' },
    });
    const stored = await world.app.store.members.find(
      (await world.app.store.communities.find('slack', world.fake.teamId))!.id,
      member,
    );
    const profile = await world.app.store.profiles.get(stored!.id);
    expect(profile?.answers.region).toBe('Nantes');
    expect(profile?.answers.domains).toEqual(['back', 'data-ai']);
    expect(profile?.pendingInput.hoursPerMonth).toBe('beaucoup');
    expect(profile?.completedAt).toBeNull();
  });

  it('stores her profile when she completes it, shows a summary and sends a welcome DM through the outbox', async () => {
    const view = await openJoinForm(member);
    const response = await world.submit(member, view, answers());
    const json = response.json as { response_action: string; view: { blocks: { text?: { text: string } }[] } };
    expect(json.response_action).toBe('update');
    expect(JSON.stringify(json.view.blocks)).toContain('bienvenue dans le programme');
    expect(JSON.stringify(json.view.blocks)).toContain('En reconversion');

    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    const stored = await world.app.store.members.find(community!.id, member);
    const profile = await world.app.store.profiles.get(stored!.id);
    expect(profile?.completedAt).not.toBeNull();
    expect(profile?.answers).toMatchObject({
      role: 'mentee',
      hoursPerMonth: 4,
      stacks: ['Java', 'Python'],
      remote: true,
      consent: true,
    });

    const dm = await world.fake.waitForCall('chat.postMessage', (args) =>
      String(args.text).includes('Bienvenue dans le programme'),
    );
    expect((dm.args.metadata as { event_type: string }).event_type).toBe('marraine_outbox');
    const sentRow = () => world.app.store.outbox.get(community!.id, `onboarding.welcome:${stored!.id}`);
    await expect.poll(async () => (await sentRow())?.status).toBe('sent');
    expect((await sentRow())?.platformRef).toEqual({
      channelId: dm.args.channel,
      messageId: (dm.response as { ts: string }).ts,
    });
  });

  it('tells her at once when Slack rate-limits the form, rather than retrying after its trigger expired', async () => {
    // Someone who has not joined yet: `rejoindre` opens the questionnaire for her.
    world.fake.setUser({ id: 'U0RATE', name: 'rosa', real_name: 'Rosa', locale: 'fr-FR', is_admin: false });
    world.fake.rateLimitNext('views.open', 30);
    const opens = () => world.fake.calls.filter((c) => c.method === 'views.open').length;
    const before = opens();
    const started = Date.now();
    const response = await world.command('U0RATE', 'rejoindre');
    expect(response.status).toBe(200);
    const apology = await world.fake.waitForResponse((body) => JSON.stringify(body).includes('Oups'));
    expect(apology.body).toMatchObject({ response_type: 'ephemeral' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(opens()).toBe(before + 1);
  });

  it('shows her profile, and pauses it from a button', async () => {
    const shown = await world.command(member, 'profil');
    expect(JSON.stringify(shown.json)).toContain('Ton profil');
    const clicked = await world.click(member, 'profile:pause');
    expect(clicked.status).toBe(200);
    const response = await world.fake.waitForResponse((body) => JSON.stringify(body).includes('en pause'));
    expect(response.body).toMatchObject({ replace_original: true });
    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    expect((await world.app.store.members.find(community!.id, member))?.status).toBe('paused');
  });

  it('lets her edit an answer in the prefilled form', async () => {
    await world.click(member, 'profile:edit-all');
    const call = await world.fake.waitForCall('views.open', (args) =>
      JSON.stringify(args.view).includes('Ancienne fleuriste'),
    );
    const view = call.args.view as { callback_id: string };
    const response = await world.submit(member, view, answers({ region: stateValue.plainText('Rennes') }));
    expect((response.json as { response_action: string }).response_action).toBe('update');
    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    const stored = await world.app.store.members.find(community!.id, member);
    expect((await world.app.store.profiles.get(stored!.id))?.answers.region).toBe('Rennes');
  });

  it('does not let a member who is not an admin change the settings, even with a forged click', async () => {
    const response = await world.command(member, 'admin');
    expect(JSON.stringify(response.json)).toContain('Seules les personnes qui administrent');
    await world.click(member, 'admin:open-form');
    const refusal = await world.fake.waitForResponse((body) =>
      JSON.stringify(body).includes('Seules les personnes qui administrent'),
    );
    expect(refusal.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: translator('fr')('error.adminOnly'),
    });
    expect(
      world.fake.calls.some((c) => c.method === 'views.open' && JSON.stringify(c.args).includes('admin:all')),
    ).toBe(false);
  });

  it('lets a workspace admin change the settings, refusing an unknown time zone by name', async () => {
    const response = await world.command(admin, 'admin');
    expect(JSON.stringify(response.json)).toContain('Marraine settings');
    await world.click(admin, 'admin:open-form');
    const call = await world.fake.waitForCall(
      'views.open',
      (args) => (args.view as { callback_id?: string }).callback_id === 'admin:all',
    );
    const view = call.args.view as { callback_id: string };
    const values = {
      moderationQueue: stateValue.conversationsSelect('C0MODS'),
      showcase: stateValue.conversationsSelect(null),
      matching: stateValue.conversationsSelect('C0MATCH'),
      announcements: stateValue.conversationsSelect(null),
      moderatorUsers: stateValue.multiUsersSelect(['U0MOD']),
      adminUsers: stateValue.multiUsersSelect([]),
      locale: stateValue.staticSelect('fr'),
    };
    const refused = await world.submit(admin, view, { ...values, timeZone: stateValue.plainText('Mars/Olympus') });
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: { timeZone: expect.stringContaining('Mars/Olympus') },
    });
    const saved = await world.submit(admin, view, { ...values, timeZone: stateValue.plainText('America/Montreal') });
    expect((saved.json as { response_action: string }).response_action).toBe('update');
    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    expect(community).toMatchObject({
      timeZone: 'America/Montreal',
      settings: { channels: { moderationQueue: 'C0MODS', matching: 'C0MATCH' }, moderatorUsers: ['U0MOD'] },
    });
    const audit = await world.app.store.auditLog.list(community!.id, { action: 'settings.changed' });
    expect(audit[0]?.details).toMatchObject({ changed: { timeZone: 'America/Montreal' } });
  });

  it('refuses a challenge to someone Slack does not know, or who left, saying what to fix, and queues no invitation', async () => {
    world.fake.setUser({ id: 'U0GONE', name: 'gone', locale: 'fr-FR', deleted: true });
    // "@bea" typed without picking her: Slack sends the text, and knows no user "bea".
    for (const [text, shown] of [
      ['defi @bea', 'bea'],
      ['defi <@U0GONE|gone>', 'U0GONE'],
    ]) {
      const response = await world.command(member, text!);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        response_type: 'ephemeral',
        text: `Je ne trouve pas ${shown} dans cette communauté. Mentionne la personne en tapant @ puis en la choisissant dans la liste, et relance la commande.`,
      });
    }
    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    expect(await world.app.store.challenges.links(community!.id)).toEqual([]);
    expect(await world.app.store.members.find(community!.id, 'bea')).toBeNull();
    expect(await world.app.store.members.find(community!.id, 'U0GONE')).toBeNull();
  });

  describe('requests Slack did not sign', () => {
    async function countRows() {
      const [{ count }] = await world.database.prisma.$queryRawUnsafe<[{ count: number }]>(
        'SELECT count(*)::int AS count FROM processed_events',
      );
      return count;
    }

    it.each([
      ['unsigned', { unsigned: true }],
      ['badly signed', { badSignature: true }],
      ['six minutes old', { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ])('answers 401 to a request %s, and changes nothing', async (_name, options) => {
      const before = await countRows();
      const calls = world.fake.calls.length;
      const response = await postToBolt(
        world.url,
        signingSecret,
        slashCommandBody({ userId: 'U0EVE', text: 'rejoindre' }),
        options,
      );
      expect(response.status).toBe(401);
      expect(await countRows()).toBe(before);
      expect(world.fake.calls.length).toBe(calls);
      const community = await world.app.store.communities.find('slack', world.fake.teamId);
      expect(await world.app.store.members.find(community!.id, 'U0EVE')).toBeNull();
    });

    it('refuses a valid signature of another body: the signature covers the exact body', async () => {
      const before = await countRows();
      const signed = slashCommandBody({ userId: 'U0EVE', text: 'profil' });
      const sent = signed.replace('profil', 'rejoindre');
      const response = await new Promise<number>((resolve, reject) => {
        const headers = {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(sent)),
          ...signSlackRequest(signingSecret, signed),
        };
        const req = request(world.url, { method: 'POST', headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(sent);
      });
      expect(response).toBe(401);
      expect(await countRows()).toBe(before);
    });

    it('accepts the same request signed with the app’s secret, and acts on it', async () => {
      world.fake.setUser({ id: 'U0EVE', name: 'eve', locale: 'fr-FR' });
      const before = await countRows();
      const response = await postToBolt(
        world.url,
        signingSecret,
        slashCommandBody({ userId: 'U0EVE', text: 'profil' }),
      );
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ response_type: 'ephemeral', text: translator('fr')('profile.none') });
      expect(await countRows()).toBe(before + 1);
      const community = await world.app.store.communities.find('slack', world.fake.teamId);
      expect(await world.app.store.members.find(community!.id, 'U0EVE')).toMatchObject({
        externalUserId: 'U0EVE',
        displayName: 'eve',
      });
    });
  });

  it('acts once on a delivery Slack retries', async () => {
    const dispatched = watchDispatches();
    const triggerId = 'retry.trigger.1';
    const first = await world.command('U0BETTY', 'rejoindre', { triggerId });
    const second = await world.command('U0BETTY', 'rejoindre', { triggerId, retryNum: 1 });
    expect([first.status, second.status]).toEqual([200, 200]);
    await world.fake.waitForCall('views.open', (args) => args.trigger_id === triggerId);
    // The retry was handled to the end with nothing to show, so nothing more can follow it.
    expect((await dispatched(2)).map(({ reply }) => reply.kind)).toEqual(['modal', 'none']);
    expect(world.fake.calls.filter((c) => c.method === 'views.open' && c.args.trigger_id === triggerId)).toHaveLength(
      1,
    );
  });

  it('answers a database failure during a command in her language, and processes Slack’s retry of it', async () => {
    vi.spyOn(world.app.store.communities, 'ensure').mockRejectedValueOnce(
      new Error('Connection terminated unexpectedly'),
    );
    const triggerId = 'failed.trigger.1';
    const failed = await world.command(admin, 'join', { triggerId });
    const text = (failed.json as { text?: string } | undefined)?.text ?? '';
    const reference = /\(reference ([0-9a-f]{8})\)/.exec(text)?.[1] ?? '(none)';
    expect(failed.json).toMatchObject({
      response_type: 'ephemeral',
      text: translator('en')('error.unexpected', { reference }),
    });

    const retried = await world.command(admin, 'join', { triggerId, retryNum: 1 });
    expect(retried.status).toBe(200);
    await world.fake.waitForCall(
      'views.open',
      (args) => args.trigger_id === triggerId && (args.view as { callback_id: string }).callback_id === 'join:all',
    );
  });

  it('answers a mention in its thread once, even when Slack retries the event', async () => {
    const dispatched = watchDispatches();
    const body = eventBody({
      eventId: 'EvMENTION1',
      event: {
        type: 'app_mention',
        user: member,
        channel: 'C0GENERAL',
        text: '<@U0MARRAINEBOT> aide',
        ts: '1700000100.000200',
      },
    });
    const first = await postToBolt(world.url, signingSecret, body);
    const retry = await postToBolt(world.url, signingSecret, body, { retryNum: 1, retryReason: 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const posted = await world.fake.waitForCall('chat.postMessage', (args) => args.thread_ts === '1700000100.000200');
    expect(String(posted.args.text)).toContain('/marraine rejoindre');
    // Both deliveries handled, and the outbox drained: nothing is left that could post again.
    await dispatched(2);
    const community = await world.app.store.communities.find('slack', world.fake.teamId);
    await expect.poll(async () => (await world.app.store.outbox.counts(community!.id)).pending).toBe(0);
    expect(
      world.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000100.000200'),
    ).toHaveLength(1);
  });

  it('answers an unknown subcommand with the list of commands, in her language', async () => {
    const response = await world.command(admin, 'dance');
    const text = JSON.stringify(response.json);
    expect(text).toContain('I don’t know “dance”');
    expect(text).toContain('/marraine join');
  });
});
