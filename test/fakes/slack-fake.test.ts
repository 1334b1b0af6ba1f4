import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  blockActionsBody,
  eventBody,
  findFreePort,
  postToBolt,
  slashCommandBody,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
} from './slack/index.ts';

const SECRET = 'secret';

describe('fake Slack, driven by a real Bolt App in HTTP mode', () => {
  let fake: FakeSlack;
  let app: App | undefined;

  beforeEach(async () => {
    fake = await startFakeSlack({
      users: [{ id: 'U1', name: 'ada', real_name: 'Ada L.', locale: 'fr-FR', is_admin: true }],
    });
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await fake.close();
  });

  /** Builds the App the way the bot does, lets the test register listeners, starts it. */
  async function startBolt(register: (bolt: App) => void = () => {}): Promise<string> {
    const port = await findFreePort();
    const bolt = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl },
      port,
      logLevel: LogLevel.ERROR,
    });
    register(bolt);
    await bolt.start();
    app = bolt;
    // Bolt fires auth.test from its constructor without awaiting it; settle it before any request.
    await fake.waitForCall('auth.test');
    return `http://127.0.0.1:${port}/slack/events`;
  }

  it('answers the auth.test Bolt makes when the app is built, with the bot user of the workspace', async () => {
    await startBolt();
    const call = await fake.waitForCall('auth.test');
    expect(call.token).toBe('xoxb-test');
    expect(call.response).toMatchObject({ ok: true, team_id: fake.teamId, user_id: fake.botUserId });
  });

  it('delivers a signed slash command to app.command and returns the ack body in the HTTP response', async () => {
    const seen = vi.fn();
    const url = await startBolt((bolt) =>
      bolt.command('/marraine', async ({ command, ack }) => {
        seen(command.text, command.user_id);
        await ack({ response_type: 'ephemeral', text: 'Bienvenue !' });
      }),
    );
    const res = await postToBolt(url, SECRET, slashCommandBody({ text: 'rejoindre mentor', userId: 'U1' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_type: 'ephemeral', text: 'Bienvenue !' });
    expect(seen).toHaveBeenCalledWith('rejoindre mentor', 'U1');
  });

  it('rejects unsigned, forged and six-minute-old requests with 401 before any listener runs', async () => {
    const seen = vi.fn();
    const url = await startBolt((bolt) =>
      bolt.command('/marraine', async ({ ack }) => {
        seen();
        await ack();
      }),
    );
    const body = slashCommandBody({ text: 'aide' });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    for (const options of [{ unsigned: true }, { badSignature: true }, { timestampSeconds: sixMinutesAgo }]) {
      const res = await postToBolt(url, SECRET, body, options);
      expect({ options, status: res.status, body: res.body }).toEqual({ options, status: 401, body: '' });
    }
    expect(seen).not.toHaveBeenCalled();
  });

  it('records the Web API calls a handler makes, with views and blocks decoded', async () => {
    const url = await startBolt((bolt) =>
      bolt.command('/marraine', async ({ command, ack, client }) => {
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: { type: 'modal', callback_id: 'join', title: { type: 'plain_text', text: 'Rejoindre' }, blocks: [] },
        });
        const dm = await client.conversations.open({ users: command.user_id });
        await client.chat.postMessage({
          channel: dm.channel?.id ?? '',
          text: 'Coucou',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Coucou*' } }],
        });
      }),
    );
    const body = slashCommandBody({ userId: 'U1', triggerId: 'trigger-42' });
    expect((await postToBolt(url, SECRET, body)).status).toBe(200);

    const opened = await fake.waitForCall('views.open');
    expect(opened.args).toMatchObject({
      trigger_id: 'trigger-42',
      view: { callback_id: 'join', title: { text: 'Rejoindre' } },
    });
    expect(opened.response).toMatchObject({
      ok: true,
      view: { id: expect.stringMatching(/^V/), hash: expect.any(String) },
    });
    const dm = await fake.waitForCall('conversations.open');
    const dmId = (dm.response.channel as { id: string }).id;
    expect(dmId).toMatch(/^D/);
    const posted = await fake.waitForCall('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: dmId, blocks: [{ type: 'section', text: { text: '*Coucou*' } }] });
    expect(fake.messages(dmId)).toMatchObject([{ text: 'Coucou', user: fake.botUserId }]);
  });

  it('receives what respond() posts to the response_url', async () => {
    const url = await startBolt((bolt) =>
      bolt.command('/marraine', async ({ ack, respond }) => {
        await ack();
        await respond({ response_type: 'ephemeral', text: 'C’est noté.' });
      }),
    );
    const responseUrl = fake.responseUrl();
    await postToBolt(url, SECRET, slashCommandBody({ responseUrl }));
    const response = await fake.waitForResponse((body) => body.text === 'C’est noté.');
    expect(response).toEqual({ url: responseUrl, body: { response_type: 'ephemeral', text: 'C’est noté.' } });
  });

  it('delivers block_actions to app.action with the clicked value and its message', async () => {
    const seen = vi.fn();
    const url = await startBolt((bolt) =>
      bolt.action('accept', async ({ ack, body, action }) => {
        await ack();
        seen(
          action.type === 'button' ? action.value : undefined,
          body.type === 'block_actions' ? body.message?.ts : undefined,
        );
      }),
    );
    const message = { channel: 'C1', ts: '1700000000.000100', text: 'Demande' };
    const res = await postToBolt(
      url,
      SECRET,
      blockActionsBody({ userId: 'U1', message, action: { action_id: 'accept', value: 'match:7' } }),
    );
    expect(res.status).toBe(200);
    expect(seen).toHaveBeenCalledWith('match:7', '1700000000.000100');
  });

  it('delivers view_submission to app.view and returns ack({ response_action: "errors" }) to Slack', async () => {
    const url = await startBolt((bolt) =>
      bolt.view('join', async ({ ack, view }) => {
        const goal = view.state.values.goal_block?.goal?.value ?? '';
        const topics = view.state.values.topics_block?.topics?.selected_options?.map((o) => o.value);
        await ack({
          response_action: 'errors',
          errors: { goal_block: `Trop court (${goal.length}) ; ${topics?.join('+')}` },
        });
      }),
    );
    const body = viewSubmissionBody({
      callbackId: 'join',
      privateMetadata: '{"step":1}',
      values: {
        goal_block: { goal: stateValue.plainText('JS') },
        topics_block: { topics: stateValue.multiStaticSelect(['ts', 'go']) },
      },
    });
    const res = await postToBolt(url, SECRET, body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: 'errors', errors: { goal_block: 'Trop court (2) ; ts+go' } });
  });

  it('delivers Events API callbacks and passes X-Slack-Retry-Num through as context.retryNum', async () => {
    const seen = vi.fn();
    const url = await startBolt((bolt) =>
      bolt.event('app_mention', async ({ event, context }) => seen(event.text, context.retryNum, context.retryReason)),
    );
    const body = eventBody({
      event: { type: 'app_mention', user: 'U1', text: '<@U0MARRAINEBOT> aide', channel: 'C1', ts: '1700000001.000100' },
    });
    expect((await postToBolt(url, SECRET, body)).status).toBe(200);
    // Bolt acks events before running listeners: wait, so the retry cannot overtake the original.
    await vi.waitFor(() => expect(seen).toHaveBeenCalledTimes(1));
    expect((await postToBolt(url, SECRET, body, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await vi.waitFor(() => expect(seen).toHaveBeenCalledTimes(2));
    expect(seen.mock.calls).toEqual([
      ['<@U0MARRAINEBOT> aide', undefined, undefined],
      ['<@U0MARRAINEBOT> aide', 1, 'http_timeout'],
    ]);
  });
});

describe('fake Slack Web API, driven by a WebClient', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.close());

  const client = (options: ConstructorParameters<typeof WebClient>[1] = {}) =>
    new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR, ...options });

  it('answers 429 with Retry-After, which rejectRateLimitedCalls surfaces as a rate-limited error', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    const error = (await client({ rejectRateLimitedCalls: true })
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.code).toBe('slack_webapi_rate_limited_error');
    expect(error.retryAfter).toBe(7);
    expect(fake.calls.map((c) => c.status)).toEqual([429]);
  });

  it('lets a retrying client succeed once the rate limit passes', async () => {
    fake.rateLimitNext('chat.postMessage', 0, 2);
    const result = await client({ retryConfig: { retries: 3, minTimeout: 1, maxTimeout: 1 } }).chat.postMessage({
      channel: 'C1',
      text: 'x',
    });
    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 429, 200]);
    expect((await fake.waitForCall('chat.postMessage')).status).toBe(200);
  });

  it('fails the next calls with a Slack error when told to', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'not_in_channel' },
    });
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('returns posted messages newest first from conversations.history, with metadata only when asked', async () => {
    const web = client();
    const first = await web.chat.postMessage({
      channel: 'C1',
      text: 'un',
      metadata: { event_type: 'match_proposed', event_payload: { matchId: 7 } },
    });
    const second = await web.chat.postMessage({ channel: 'C1', text: 'deux' });
    await web.chat.postMessage({ channel: 'C2', text: 'ailleurs' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    const history = await web.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(history.messages).toMatchObject([
      { text: 'deux', ts: second.ts },
      { text: 'un', ts: first.ts, metadata: { event_type: 'match_proposed', event_payload: { matchId: 7 } } },
    ]);
    const plain = await web.conversations.history({ channel: 'C1' });
    expect(plain.messages?.[1]).not.toHaveProperty('metadata');
  });

  it('updates and deletes stored messages, and answers users.info and usergroups like Slack', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'avant' });
    await web.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'après' });
    expect(fake.messages('C1')).toMatchObject([{ text: 'après', edited: { user: fake.botUserId } }]);
    await web.chat.delete({ channel: 'C1', ts: posted.ts ?? '' });
    expect(fake.messages('C1')).toEqual([]);

    fake.setUser({ id: 'U2', name: 'grace', locale: 'fr-FR', is_admin: true, tz: 'Europe/Paris' });
    const withLocale = await web.users.info({ user: 'U2', include_locale: true });
    expect(withLocale.user).toMatchObject({
      id: 'U2',
      name: 'grace',
      locale: 'fr-FR',
      is_admin: true,
      tz: 'Europe/Paris',
    });
    expect((await web.users.info({ user: 'U2' })).user).not.toHaveProperty('locale');
    await expect(web.users.info({ user: 'U404' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });

    fake.setUserGroup('S1', ['U1', 'U2']);
    expect((await web.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1', 'U2']);
    const group = await web.conversations.open({ users: 'U2,U1' });
    expect((await web.conversations.open({ users: 'U1,U2' })).channel?.id).toBe(group.channel?.id);
    expect((await web.conversations.info({ channel: group.channel?.id ?? '' })).channel).toMatchObject({
      is_mpim: true,
    });
    await expect(web.apiCall('nope.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.calls.at(-1)?.method).toBe('nope.nothing');
  });

  it('explains a wait that times out by listing the calls it did see', async () => {
    await client().auth.test();
    await expect(fake.waitForCall('views.open', undefined, 50)).rejects.toThrow(/no views\.open call[\s\S]*auth\.test/);
  });
});
