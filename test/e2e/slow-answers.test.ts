import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { say, type Reply } from '../../src/core/reply.ts';
import { createDiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import { createSlackAdapter } from '../../src/platforms/slack/adapter.ts';
import { commands } from '../../commands/index.ts';
import { buttonInteraction, chatInputInteraction, PERMISSIONS, startFakeDiscord } from '../fakes/discord/index.ts';
import { findFreePort, postToBolt, slashCommandBody, startFakeSlack } from '../fakes/slack/index.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

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

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('answers that take longer than the acknowledgement deadline', () => {
  it('Discord: defers a slow command at once, then fills in the answer', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const adapter = createDiscordAdapter({ token: 't', applicationId: fake.applicationId, apiUrl: fake.apiUrl, dispatcher: slowDispatcher(400, say('Voilà, c’est prêt.')), logger: silent, deferAfterMs: 50 });
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const guild = fake.guilds[0]!;
    const handle = await fake.interact(chatInputInteraction({ guildId: guild.id, channelId: guild.channelId('general'), user: { id: '1', username: 'ada' }, permissions: PERMISSIONS.member, subcommand: 'profile' }));
    const callback = await handle.callback();
    expect(callback.body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${handle.token}/messages/@original`), 3_000);
    expect(edit.body).toMatchObject({ content: 'Voilà, c’est prêt.' });
  });

  it('Discord: defers a slow click as an update of its message', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const adapter = createDiscordAdapter({ token: 't', applicationId: fake.applicationId, apiUrl: fake.apiUrl, dispatcher: slowDispatcher(300, say('Mis à jour.', undefined, { update: true })), logger: silent, deferAfterMs: 50 });
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const guild = fake.guilds[0]!;
    const handle = await fake.interact(buttonInteraction({ guildId: guild.id, channelId: guild.channelId('general'), user: { id: '1', username: 'ada' }, customId: 'profile:pause' }));
    expect((await handle.callback()).body).toMatchObject({ type: InteractionResponseType.DeferredMessageUpdate });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${handle.token}/messages/@original`), 3_000);
    expect(edit.body).toMatchObject({ content: 'Mis à jour.' });
  });

  it('Slack: acknowledges a slow command at once, then answers through its response_url', async () => {
    const fake = await startFakeSlack();
    cleanups.push(() => fake.close());
    const port = await findFreePort();
    const adapter = createSlackAdapter({ botToken: 'xoxb-t', signingSecret: 'shh', apiUrl: fake.apiUrl, port, commands, dispatcher: slowDispatcher(400, say('Voilà, c’est prêt.')), logger: silent, ackWithinMs: 50 });
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const started = Date.now();
    const ack = await postToBolt(`http://127.0.0.1:${port}/slack/events`, 'shh', slashCommandBody({ text: 'profil', responseUrl: fake.responseUrl() }));
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(Date.now() - started).toBeLessThan(400);
    const response = await fake.waitForResponse((body) => body.text === 'Voilà, c’est prêt.');
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
  });
});
