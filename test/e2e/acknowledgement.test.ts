import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { say, type Reply } from '../../src/core/reply-model.ts';
import { buttonInteraction, modalSubmitInteraction, toOriginal } from '../fakes/discord/index.ts';
import { bareDiscord, bareSlack, requestForm } from './support/bare-adapters.ts';

// The adapters with their own defaults (nothing passed): an answer that takes longer than a
// moment is acknowledged first and follows, unless on Discord it may be a form, which only a
// first answer can open. The cores here take 150 ms, far past the moment and far within 3 s.
const workMs = 150;

function core(reply: Reply, opensForm: boolean): Dispatcher {
  return {
    opensForm: () => opensForm,
    async dispatch() {
      await new Promise((resolve) => setTimeout(resolve, workMs));
      return { reply, locale: 'fr' };
    },
  };
}

const form = requestForm();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Discord: acknowledged at once unless the answer may be a form', () => {
  it('defers a command whose answer is not ready, with a placeholder the answer then fills', async () => {
    const { fake, command } = await bareDiscord(cleanups, core(say('Ton profil.'), false));
    const handle = await command();
    expect((await handle.callback()).body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    // Through the answers' own client, still inert: nobody is pinged unless the message names her.
    expect(edit.body).toMatchObject({ content: 'Ton profil.', allowed_mentions: { parse: [] } });
  });

  it('removes the placeholder when the core has nothing to say (a replay)', async () => {
    const { fake, command } = await bareDiscord(cleanups, core({ kind: 'none' }, false));
    const handle = await command();
    expect((await handle.callback()).body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
    });
    await fake.waitForRequest(toOriginal(handle.token, 'DELETE'), 3_000);
  });

  /** Ada, in the guild's #general. */
  const inGeneral = (guild: { id: string; channelId(name: string): string }) => ({
    guildId: guild.id,
    channelId: guild.channelId('general'),
    user: { id: '1', username: 'ada' },
  });

  it('waits for the answer of a click that may open a form, and opens it', async () => {
    const { fake, guild } = await bareDiscord(cleanups, core(form, true));
    const handle = await fake.interact(buttonInteraction({ ...inGeneral(guild), customId: 'mentors:ask:1' }));
    const callback = await handle.callback();
    expect(callback.body).toMatchObject({ type: InteractionResponseType.Modal, data: { title: 'Ta demande' } });
  });

  it('defers a form sent from a message silently, and its answer updates that message', async () => {
    const { fake, guild } = await bareDiscord(
      cleanups,
      core(say('Demande envoyée.', undefined, { update: true }), false),
    );
    const clicked = buttonInteraction({ ...inGeneral(guild), customId: 'mentors:ask:1' });
    const handle = await fake.interact(
      modalSubmitInteraction({
        ...inGeneral(guild),
        customId: 'mentors:send:1',
        fields: { message: 'Bonjour' },
        message: clicked.message,
      }),
    );
    expect((await handle.callback()).body).toMatchObject({ type: InteractionResponseType.DeferredMessageUpdate });
    const edit = await fake.waitForRequest(toOriginal(handle.token), 3_000);
    expect(edit.body).toMatchObject({ content: 'Demande envoyée.' });
  });
});

describe('Discord: answers that follow an acknowledgement', () => {
  it('are not held back by the client’s own limit of 50 requests a second, which Discord does not apply to them', async () => {
    const { fake, adapter, command } = await bareDiscord(cleanups, core(say('Ton profil.'), false));
    const limited: string[] = [];
    adapter.client.rest.on('rateLimited', (data) => limited.push(data.route));
    // More deferred answers within a second than the client's global limit lets through.
    const handles = await Promise.all(
      Array.from({ length: 120 }, (_, i) => command('profile', { id: String(1_000 + i), username: `m${i}` })),
    );
    await Promise.all(handles.map((handle) => fake.waitForRequest(toOriginal(handle.token), 10_000)));
    expect(limited.filter((route) => route.startsWith('/webhooks'))).toEqual([]);
  });
});

describe('Slack: acknowledged at once', () => {
  it('acknowledges a command whose answer is not ready, which then comes through its response_url', async () => {
    const { commandAnsweredLater } = await bareSlack(cleanups, core(say('Ton profil.'), false));
    await commandAnsweredLater('Ton profil.');
  });
});
