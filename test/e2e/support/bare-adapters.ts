// One platform adapter on its own against its local fake, with a core the test writes
// (slow, failing, queued): for what the adapters promise whatever the core does.
import { commands } from '../../../commands/index.ts';
import type { Dispatcher } from '../../../src/core/dispatcher.ts';
import type { Reply } from '../../../src/core/reply-model.ts';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../../src/platforms/discord/adapter.ts';
import { createSlackAdapter, type SlackAdapterOptions } from '../../../src/platforms/slack/adapter.ts';
import { buttonInteraction, chatInputInteraction, PERMISSIONS, startFakeDiscord } from '../../fakes/discord/index.ts';
import { expect } from 'vitest';
import { findFreePort, postToBolt, slashCommandBody, startFakeSlack } from '../../fakes/slack/index.ts';

/** A form as the core would answer "ask a mentor": one optional paragraph, `field` by id. */
export function requestForm(action = 'mentors:send:1', field = 'message'): Reply {
  return {
    kind: 'modal',
    modal: {
      action,
      title: 'Ta demande',
      submitLabel: 'Envoyer',
      fields: [{ type: 'text', id: field, label: 'Un mot', style: 'paragraph', required: false }],
    },
  };
}

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

type Cleanups = (() => Promise<void>)[];

/** The real Discord adapter on a local Discord; everything it starts is stopped by `cleanups`. */
export async function bareDiscord(
  cleanups: Cleanups,
  dispatcher: Dispatcher,
  options: Partial<Omit<DiscordAdapterOptions, 'dispatcher'>> = {},
) {
  const fake = await startFakeDiscord();
  cleanups.push(() => fake.close());
  const adapter = createDiscordAdapter({
    token: 't',
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    dispatcher,
    logger: silentLogger,
    ...options,
  });
  await adapter.start();
  cleanups.push(() => adapter.stop());
  const guild = fake.guilds[0]!;
  /** `/marraine <subcommand>` typed by a member in #general. */
  const command = (subcommand = 'profile', user = { id: '1', username: 'ada' }) =>
    fake.interact(
      chatInputInteraction({
        guildId: guild.id,
        channelId: guild.channelId('general'),
        user,
        permissions: PERMISSIONS.member,
        subcommand,
      }),
    );
  /** A click on the button `customId` by a member, in #general. */
  const click = (customId: string, user = { id: '1', username: 'ada' }) =>
    fake.interact(buttonInteraction({ guildId: guild.id, channelId: guild.channelId('general'), user, customId }));
  return { fake, adapter, guild, command, click };
}

/** The real Slack adapter (Bolt over HTTP) on a local Slack; stopped by `cleanups`. */
export async function bareSlack(
  cleanups: Cleanups,
  dispatcher: Dispatcher,
  options: Partial<Omit<SlackAdapterOptions, 'dispatcher'>> = {},
) {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  const port = await findFreePort();
  const adapter = createSlackAdapter({
    botToken: 'xoxb-t',
    signingSecret: 'shh',
    apiUrl: fake.apiUrl,
    port,
    commands,
    dispatcher,
    logger: silentLogger,
    ...options,
  });
  await adapter.start();
  cleanups.push(() => adapter.stop());
  /** `/marraine <text>` typed by `userId`, signed as Slack signs it. */
  const command = (text = 'profil', userId?: string) =>
    postToBolt(
      `http://127.0.0.1:${port}/slack/events`,
      'shh',
      slashCommandBody({ ...(userId ? { userId } : {}), text, responseUrl: fake.responseUrl() }),
    );
  /**
   * `/marraine` whose answer is not ready in time: Slack gets an empty acknowledgement before
   * the answer exists, and the answer (`text`) then comes through the command's response_url.
   */
  async function commandAnsweredLater(text: string) {
    const ack = await command();
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    // Acknowledged before the answer existed (a bound in milliseconds would fail on a busy machine).
    expect(fake.responses).toHaveLength(0);
    const response = await fake.waitForResponse((body) => body.text === text);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
  }
  return { fake, adapter, port, command, commandAnsweredLater };
}
