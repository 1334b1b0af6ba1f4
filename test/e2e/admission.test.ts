// Past capacity, through the real discord.js and Bolt clients against the fakes: an
// interaction that has to wait is acknowledged at once (its answer follows), one past the
// queue's bound is told kindly to come back, and a core slower than the platforms'
// deadline never costs a member her acknowledgement.
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { withAdmission } from '../../src/core/admission.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { say } from '../../src/core/reply-model.ts';
import { translator } from '../../src/i18n/index.ts';
import { bareDiscord, bareSlack } from './support/bare-adapters.ts';

const fr = translator('fr');

/** A core that answers each interaction after `ms`, one at a time behind a gate of `queueLimit`. */
function slowCore(ms: number, queueLimit: number) {
  let reached = () => {};
  /** Resolves when the first interaction reaches the core. */
  const firstReached = new Promise<void>((resolve) => (reached = resolve));
  const core: Dispatcher = {
    async dispatch(incoming) {
      reached();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { reply: say(`Réponse pour ${incoming.user.externalId}.`), locale: 'fr' };
    },
  };
  return Object.assign(withAdmission(core, { concurrency: 1, queueLimit, locale: 'fr' }), { firstReached });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('admission control through the real clients', () => {
  it('Discord: a command that waits its turn is deferred at once and answered later; one past the bound hears "try again in a minute"', async () => {
    // Deferring on a timer would come after 2.5 s: only admission can defer sooner.
    const { fake, command } = await bareDiscord(cleanups, slowCore(1_000, 1), { deferAfterMs: 2_500 });
    const send = (id: string) => command('profile', { id, username: `m${id}` });
    const first = await send('1');
    const second = await send('2');
    const third = await send('3');
    const secondAck = await second.callback();
    const thirdAck = await third.callback();
    // Both acknowledged while the first is still being worked on.
    expect(fake.requests.some((r) => r.path.includes(`/${first.token}/`))).toBe(false);
    expect(secondAck.body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    expect(thirdAck.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: fr('admission.busy'), flags: MessageFlags.Ephemeral },
    });
    expect((await first.callback(5_000)).body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: 'Réponse pour 1.' },
    });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/${second.token}/messages/@original`),
      5_000,
    );
    expect(edit.body).toMatchObject({ content: 'Réponse pour 2.' });
  });

  it('Slack: a command that waits its turn is acknowledged at once with "one moment", then answered through its response_url', async () => {
    const dispatcher = slowCore(1_000, 1);
    const { fake, command } = await bareSlack(cleanups, dispatcher, { ackWithinMs: 2_500 });
    const post = (userId: string) => command('profil', userId);
    const first = post('U1');
    // The first has reached the core before the next two arrive.
    await dispatcher.firstReached;
    const [second, third] = await Promise.all([post('U2'), post('U3')]);
    const bodies = [second, third].map((r) => JSON.parse(r.body) as { text: string; response_type: string });
    expect(bodies.map((b) => b.text).sort()).toEqual([fr('admission.busy'), fr('admission.wait')].sort());
    expect(bodies.every((b) => b.response_type === 'ephemeral')).toBe(true);
    expect(JSON.parse((await first).body)).toMatchObject({ text: 'Réponse pour U1.' });
    const queuedUser = bodies[0]!.text === fr('admission.wait') ? 'U2' : 'U3';
    await fake.waitForResponse((body) => body.text === `Réponse pour ${queuedUser}.`);
  });
});
