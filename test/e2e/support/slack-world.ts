import { pino } from 'pino';
import { startApp, type RunningApp } from '../../../src/app.ts';
import type { Clock } from '../../../src/core/clock.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createTestDatabase } from '../../support/databases.ts';
import {
  blockActionsBody,
  findFreePort,
  postToBolt,
  slashCommandBody,
  startFakeSlack,
  stateValue,
  viewSubmissionBody,
  type FakeSlack,
  type SlackArgs,
} from '../../fakes/slack/index.ts';

export const signingSecret = 'test-signing-secret';

/** The bot, started as in production, against a local Slack and a fresh database. */
export interface SlackWorld {
  fake: FakeSlack;
  app: RunningApp;
  database: Database;
  url: string;
  command(
    userId: string,
    text: string,
    options?: { triggerId?: string; retryNum?: number },
  ): Promise<{ status: number; json?: unknown; body: string }>;
  click(
    userId: string,
    actionId: string,
    options?: { values?: string[]; view?: SlackArgs; ephemeral?: boolean; message?: SlackArgs & { ts: string } },
  ): Promise<{ status: number; json?: unknown; body: string }>;
  /** `values`: field id → state value (`stateValue.*`, or `fileInput(...)` for a file field). */
  submit(
    userId: string,
    view: SlackArgs,
    values: Record<string, SlackArgs>,
  ): Promise<{ status: number; json?: unknown; body: string }>;
  /**
   * She uploads a file in a modal's file field: the state value to give `submit` for that
   * field. The bot can then download its bytes from the fake with its token.
   */
  fileInput(userId: string, file: { name: string; bytes: Buffer; mimetype?: string }): SlackArgs;
  stop(): Promise<void>;
}

/** `clock` drives the bot's time (the scheduler's, the outbox's); the system clock when omitted. */
export async function startSlackWorld(options: { clock?: Clock } = {}): Promise<SlackWorld> {
  const database = await createTestDatabase();
  const fake = await startFakeSlack({ teamName: 'Duchess France' });
  const port = await findFreePort();
  const app = await startApp({
    config: {
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      slack: { botToken: 'xoxb-test', signingSecret, apiUrl: fake.apiUrl, port },
    },
    database,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
    // These tests read each answer where it comes when it is ready at once (in the acknowledgement),
    // on a machine that runs many of them side by side; answers that come after an acknowledgement
    // are tested on their own (slow-answers.test.ts, acknowledgement.test.ts).
    acknowledgeWithinMs: 2_000,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    fake,
    app,
    database,
    url,
    command: (userId, text, options = {}) =>
      postToBolt(
        url,
        signingSecret,
        slashCommandBody({
          userId,
          text,
          responseUrl: fake.responseUrl(),
          ...(options.triggerId ? { triggerId: options.triggerId } : {}),
        }),
        options.retryNum ? { retryNum: options.retryNum } : {},
      ),
    click: (userId, actionId, options = {}) => {
      const type = options.values ? (options.values.length > 1 ? 'multi_static_select' : 'static_select') : 'button';
      const action: SlackArgs & { action_id: string } = { action_id: actionId, type };
      if (type === 'static_select')
        action.selected_option = { value: options.values?.[0], text: { type: 'plain_text', text: 'x' } };
      if (type === 'multi_static_select')
        action.selected_options = (options.values ?? []).map((value) => ({
          value,
          text: { type: 'plain_text', text: value },
        }));
      return postToBolt(
        url,
        signingSecret,
        blockActionsBody({
          userId,
          action,
          ...(options.view
            ? { view: options.view }
            : { responseUrl: fake.responseUrl(), ephemeral: options.ephemeral ?? true }),
          ...(options.message ? { message: options.message, ephemeral: false } : {}),
        }),
      );
    },
    fileInput: (userId, file) => stateValue.fileInput([fake.uploadAsMember({ userId, ...file })]),
    submit: (userId, view, values) =>
      postToBolt(
        url,
        signingSecret,
        viewSubmissionBody({
          userId,
          view,
          values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, { [id]: v }])),
        }),
      ),
    async stop() {
      await app.stop();
      await fake.close();
      await database.close();
    },
  };
}
