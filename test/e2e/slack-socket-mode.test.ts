import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.ts';
import type { Database } from '../../src/storage/database.ts';
import { createTestDatabase } from '../support/databases.ts';
import { runMarraine } from '../support/run-marraine.ts';
import {
  findFreePort,
  slashCommandBody,
  startFakeSlack,
  startFakeSocketMode,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
  type FakeSocketMode,
  type SlackArgs,
} from '../fakes/slack/index.ts';

const member = 'U0SOCKET1';

/** What Slack puts in a Socket Mode envelope: the same payloads as HTTP mode, as JSON. */
const slashPayload = (fake: FakeSlack, text: string) =>
  Object.fromEntries(new URLSearchParams(slashCommandBody({ userId: member, text, responseUrl: fake.responseUrl() })));
/**
 * A command's answer: in its acknowledgement when ready at once, else through its
 * response_url (see acknowledgeWithinMs), which the envelope's payload names.
 */
async function commandAnswer(fake: FakeSlack, payload: Record<string, string>, ack: { payload?: unknown }) {
  if (ack.payload && Object.keys(ack.payload).length > 0) return ack.payload;
  return (await fake.waitForResponse((_body, url) => url === payload.response_url, 5_000)).body as unknown;
}
const viewSubmissionPayload = (view: SlackArgs, values: Record<string, SlackArgs>) =>
  JSON.parse(
    new URLSearchParams(
      viewSubmissionBody({
        userId: member,
        view,
        values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, { [id]: v }])),
      }),
    ).get('payload') ?? '{}',
  ) as SlackArgs;

const answers = {
  role: stateValue.staticSelect('mentee'),
  situation: stateValue.staticSelect('career-change'),
  domains: stateValue.multiStaticSelect(['back']),
  languages: stateValue.multiStaticSelect(['fr']),
  remote: stateValue.staticSelect('yes'),
  seeks: stateValue.multiStaticSelect(['career-change']),
  offers: stateValue.multiStaticSelect([]),
  stacks: stateValue.plainText('Java'),
  region: stateValue.plainText('Lyon'),
  hoursPerMonth: stateValue.numberInput('4'),
  capacity: stateValue.numberInput(null),
  bio: stateValue.plainText(''),
  consent: stateValue.checkboxes(['yes']),
};

describe('Slack in Socket Mode, end to end through Bolt and a local socket', () => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let database: Database;
  let app: RunningApp;
  let port: number;

  beforeAll(async () => {
    fake = await startFakeSlack({ teamName: 'Duchess France' });
    socket = await startFakeSocketMode();
    fake.useSocketMode(socket);
    fake.setUser({ id: member, name: 'ada', real_name: 'Ada', locale: 'fr-FR', is_admin: false });
    database = await createTestDatabase();
    port = await findFreePort();
    app = await startApp({
      config: {
        defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
        slack: { botToken: 'xoxb-socket-test', appToken: 'xapp-socket-test', apiUrl: fake.apiUrl, port },
      },
      database,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
      // Bolt waits this long before reconnecting after a drop (5 s by default); long enough that a
      // busy test worker's event loop does not miss a pong, short enough not to wait 5 s twice.
      slackClientPingTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await socket?.close();
    await fake?.close();
    await database?.close();
  });

  it('opens the connection with the app token and serves /health on PORT', async () => {
    await socket.waitForConnections(1);
    const opened = fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.token).toBe('xapp-socket-test');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('acknowledges a slash command envelope by its id, and answers in it or right after', async () => {
    const payload = slashPayload(fake, 'aide');
    const ack = await socket.send('slash_commands', payload);
    expect(ack.envelope_id).toBeTypeOf('string');
    const answer = await commandAnswer(fake, payload, ack);
    expect(JSON.stringify(answer)).toContain('/marraine');
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
  });

  it('opens the questionnaire from a command, and stores the view submission it acknowledges', async () => {
    const ack = await socket.send('slash_commands', slashPayload(fake, 'rejoindre'));
    expect(ack.envelope_id).toBeTypeOf('string');
    const opened = await fake.waitForCall(
      'views.open',
      (args) => (args.view as { callback_id?: string }).callback_id === 'join:all',
    );
    const view = opened.args.view as SlackArgs;

    const submitted = await socket.send('interactive', viewSubmissionPayload(view, answers));
    // Its summary, or "one moment" while it is saved (then the summary takes the form's place).
    expect(submitted.payload).toMatchObject({ response_action: 'update' });
    const community = await app.store.communities.find('slack', fake.teamId);
    const stored = await app.store.members.find(community!.id, member);
    await vi.waitFor(async () => expect((await app.store.profiles.get(stored!.id))?.completedAt).toBeTruthy());
    const profile = await app.store.profiles.get(stored!.id);
    expect(profile?.answers).toMatchObject({ role: 'mentee', hoursPerMonth: 4, region: 'Lyon' });
  });

  it('reconnects when Slack closes the connection, and still answers', async () => {
    socket.dropConnection();
    await socket.waitForConnections(2, 20_000);
    expect(fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(2);
    const payload = slashPayload(fake, 'aide');
    const ack = await socket.send('slash_commands', payload);
    expect(JSON.stringify(await commandAnswer(fake, payload, ack))).toContain('/marraine');
  }, 30_000);

  it('reconnects when Slack asks it to (disconnect message), and still answers', async () => {
    socket.requestReconnect();
    await socket.waitForConnections(3, 20_000);
    expect(fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(3);
    const payload = slashPayload(fake, 'aide');
    const ack = await socket.send('slash_commands', payload);
    expect(JSON.stringify(await commandAnswer(fake, payload, ack))).toContain('/marraine');
  }, 30_000);
});

describe('npm start in Socket Mode', () => {
  let dataDir: string;
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'marraine-socket-'));
    fake = await startFakeSlack();
    socket = await startFakeSocketMode();
    fake.useSocketMode(socket);
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await socket.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const appToken = `xapp-1-A0MARRAINE-1234567890-${'f3'.repeat(32)}`;
  const env = (port: number) => ({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    SLACK_BOT_TOKEN: 'xoxb-socket-test',
    SLACK_APP_TOKEN: appToken,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
  });

  it('listens on PORT, and stops cleanly, never printing the app token even at trace level', async () => {
    const port = await findFreePort();
    const run = await runMarraine(env(port), { stopWhen: '"msg":"slack: listening"', timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    // Bolt logged its calls (apps.connections.open with the app token) and the socket's messages.
    expect(run.stdout).toContain('apps.connections.open');
    expect(run.stdout).not.toContain(appToken);
    expect(run.stdout).not.toContain('f3f3f3f3');
    const listening = run.stdout.split('\n').find((l) => l.includes('"msg":"slack: listening"'));
    expect(JSON.parse(listening ?? '{}')).toMatchObject({ mode: 'socket', port });
    expect(run.code).toBe(0);
  }, 60_000);

  it('says in one line, without a stack, that the port is taken', async () => {
    const run = await runMarraine(env(busyPort), { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Le port ${busyPort} n’est pas disponible`);
    expect(run.stderr + run.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});
