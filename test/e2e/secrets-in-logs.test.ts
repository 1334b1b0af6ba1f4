import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { projectRoot } from '../../src/paths.ts';
import {
  PERMISSIONS,
  buttonInteraction,
  chatInputInteraction,
  modalSubmitInteraction,
  startFakeDiscord,
  type FakeDiscord,
} from '../fakes/discord/index.ts';
import {
  blockActionsBody,
  findFreePort,
  postToBolt,
  slashCommandBody,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
} from '../fakes/slack/index.ts';
import { runMarraine } from '../support/run-marraine.ts';

/**
 * The real bot, as `npm start` runs it, at LOG_LEVEL=trace against both local platforms,
 * driven through every command and through failures; then every byte it wrote is searched
 * for every secret it was given or handed, as is and encoded.
 */

const random = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');
const secrets = {
  discordToken: `MTE4NzY1NDMyMTA5ODc2NTQzMg.Gs${random(3)}.${random(27)}`,
  slackBotToken: `xoxb-1234567890-9876543210-${random(18)}`,
  signingSecret: randomBytes(16).toString('hex'),
  databasePassword: `pw${random(12)}`,
};
/** Interaction tokens and response_urls handed to the bot along the way. */
const handed: string[] = [];

/** A secret as it may leak: as is, base64 (with or without padding, url-safe), URL-encoded. */
function forms(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  return [
    ...new Set([
      secret,
      b64,
      b64.replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
      encodeURIComponent(secret),
    ]),
  ];
}

function expectNoSecret(output: string, list: string[]) {
  for (const secret of list) {
    for (const form of forms(secret))
      expect(output.includes(form), `a form of a secret (${secret.slice(0, 6)}…) is in the output`).toBe(false);
  }
}

const postgresUrl = process.env.TEST_DATABASE_URL;

describe('no secret in any output, at LOG_LEVEL=trace', () => {
  let dataDir: string;
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let admin: pg.Client | undefined;
  const role = `marraine_secret_${process.pid}`;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'marraine-secrets-'));
    discord = await startFakeDiscord({
      token: secrets.discordToken,
      guilds: [{ name: 'Duchess France', channels: [{ name: 'general' }] }],
    });
    slack = await startFakeSlack({ teamName: 'Duchess France', botToken: secrets.slackBotToken });
    if (postgresUrl) {
      // A user with a password, on the local PostgreSQL: DATABASE_URL then holds a secret.
      admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${secrets.databasePassword}'`);
      await admin.query(`CREATE DATABASE ${role} OWNER ${role}`);
      const url = new URL(postgresUrl);
      url.username = role;
      url.password = secrets.databasePassword;
      url.pathname = `/${role}`;
      databaseUrl = url.toString();
    }
  }, 60_000);

  afterAll(async () => {
    await discord?.close();
    await slack?.close();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('drives every command on both platforms, failures included, and prints none of them', async () => {
    const port = await findFreePort();
    const child = spawn(process.execPath, [join(projectRoot, 'src/launcher.mjs')], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'trace',
        LOG_FORMAT: 'json',
        DATA_DIR: dataDir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        DISCORD_TOKEN: secrets.discordToken,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: secrets.slackBotToken,
        SLACK_SIGNING_SECRET: secrets.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }) as ChildProcessWithoutNullStreams;
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!(output.includes('"msg":"discord: connected"') && output.includes('"msg":"slack: listening"'))) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`the bot did not start:\n${output.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // Discord: every subcommand (bad or missing options included), an unknown button, a form
      // with a bad answer, and a platform error on the answer's way.
      const guild = discord.guilds[0]!;
      const context = {
        guildId: guild.id,
        channelId: guild.channelId('general'),
        user: { id: '4242424242424242424', username: 'ada' },
        locale: 'fr' as const,
        permissions: PERMISSIONS.admin,
        roles: [],
      };
      const interact = async (payload: Parameters<FakeDiscord['interact']>[0]) => {
        const handle = await discord.interact(payload);
        handed.push(handle.token);
        await handle.callback(10_000).catch(() => undefined);
      };
      for (const command of commands)
        await interact(chatInputInteraction({ ...context, subcommand: command.name.en, options: [] }));
      await interact(chatInputInteraction({ ...context, subcommand: 'no-such-command', options: [] }));
      await interact(buttonInteraction({ ...context, customId: 'nope:nothing:1' }));
      await interact(buttonInteraction({ ...context, customId: 'profile:pause' }));
      await interact(
        modalSubmitInteraction({
          ...context,
          customId: 'join:details:join',
          fields: { stacks: 'Java', region: 'Lyon', hoursPerMonth: 'beaucoup', bio: '' },
        }),
      );
      discord.failNext((method, path) => method === 'POST' && path.includes('/callback'), 500, {
        message: 'Internal Server Error',
        code: 0,
      });
      await interact(chatInputInteraction({ ...context, subcommand: 'profile', options: [] }));

      // Slack: every subcommand by name, bad input, an unknown action, a bad number in a form,
      // forged and stale requests, and Slack refusing what the bot asks.
      const url = `http://127.0.0.1:${port}/slack/events`;
      const user = 'U0SECRET1';
      slack.setUser({ id: user, name: 'grace', real_name: 'Grace', locale: 'fr-FR', is_admin: true });
      const responseUrl = () => {
        const value = `${slack.responseUrl()}-${random(12)}`;
        handed.push(value);
        return value;
      };
      const command = (text: string) =>
        postToBolt(url, secrets.signingSecret, slashCommandBody({ userId: user, text, responseUrl: responseUrl() }));
      for (const c of commands) await command(c.name.fr);
      await command('inconnue avec des mots');
      await command('stats période=jamais');
      await postToBolt(
        url,
        secrets.signingSecret,
        blockActionsBody({
          userId: user,
          action: { action_id: 'nope:nothing', type: 'button' },
          responseUrl: responseUrl(),
          ephemeral: true,
        }),
      );
      await postToBolt(url, secrets.signingSecret, slashCommandBody({ userId: user, text: 'aide' }), {
        badSignature: true,
      });
      await postToBolt(url, secrets.signingSecret, slashCommandBody({ userId: user, text: 'aide' }), {
        timestampSeconds: Math.floor(Date.now() / 1000) - 600,
      });
      await postToBolt(
        url,
        secrets.signingSecret,
        viewSubmissionBody({
          userId: user,
          view: { callback_id: 'join:all' },
          values: { hoursPerMonth: { hoursPerMonth: stateValue.numberInput('beaucoup') } },
        }),
      );
      slack.failNext('views.open', 'invalid_auth');
      await command('rejoindre');
      slack.httpErrorNext('chat.postEphemeral', 500);
      await command('profil');
      // Answers that follow an acknowledgement, and the outbox, have a moment to run and log.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    if (process.env.SECRETS_OUTPUT) (await import('node:fs')).writeFileSync(process.env.SECRETS_OUTPUT, output);
    expect(output).toContain('"level":20'); // debug lines were written: the search is not vacuous
    expect(handed.length).toBeGreaterThan(2 * commands.length);
    expectNoSecret(output, [...Object.values(secrets), ...handed]);
  }, 240_000);

  it('prints no database password when PostgreSQL cannot be reached', async () => {
    const closed = await findFreePort();
    const unreachable = await runMarraine({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      DATABASE_URL: `postgres://marraine:${secrets.databasePassword}@127.0.0.1:${closed}/marraine`,
    });
    expect(unreachable.code).toBe(1);
    expectNoSecret(unreachable.stdout + unreachable.stderr, [secrets.databasePassword]);
  }, 120_000);
});
