// Past capacity, through the real discord.js and Bolt clients against the fakes: an
// interaction that has to wait is acknowledged at once (its answer follows), one past the
// queue's bound is told kindly to come back, and a core slower than the platforms'
// deadline never costs a member her acknowledgement.
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withAdmission } from '../../src/core/admission.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { say } from '../../src/core/reply-model.ts';
import { translator } from '../../src/i18n/index.ts';
import { pino } from 'pino';
import { bareDiscord, bareSlack, requestForm } from './support/bare-adapters.ts';
import { startDiscordWorld, type Answer } from './support/discord-world.ts';
import { toOriginal } from '../fakes/discord/index.ts';

const fr = translator('fr');

/** A core that answers each interaction after `ms`, one at a time behind a gate of `queueLimit`. */
function slowCore(ms: number, queueLimit: number) {
  let reached = () => {};
  /** Resolves when the first interaction reaches the core. */
  const firstReached = new Promise<void>((resolve) => (reached = resolve));
  const core: Dispatcher = {
    // Its answers are messages: waiting its turn, an interaction can be deferred at once.
    opensForm: () => false,
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
    const { fake, command } = await bareDiscord(cleanups, slowCore(1_000, 1), {
      acknowledgeWithinMs: 2_500,
      deferAfterMs: 2_500,
    });
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
    const edit = await fake.waitForRequest(toOriginal(second.token), 5_000);
    expect(edit.body).toMatchObject({ content: 'Réponse pour 2.' });
  });

  it('Discord: a click that may open a form is not deferred while it waits: it goes ahead of the others and opens its form', async () => {
    const form = requestForm();
    let reached = () => {};
    const firstReached = new Promise<void>((resolve) => (reached = resolve));
    const core: Dispatcher = {
      opensForm: (incoming) => incoming.input.kind === 'action',
      async dispatch(incoming) {
        reached();
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (incoming.input.kind === 'action') return { reply: form, locale: 'fr' };
        return { reply: say(`Réponse pour ${incoming.user.externalId}.`), locale: 'fr' };
      },
    };
    const dispatcher = withAdmission(core, { concurrency: 1, queueLimit: 5, locale: 'fr' });
    const { fake, command, click } = await bareDiscord(cleanups, dispatcher);
    await command('profile', { id: '1', username: 'm1' });
    await firstReached;
    const second = await command('profile', { id: '2', username: 'm2' });
    expect((await second.callback()).body).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
    });
    const clicked = await click('mentors:ask:1', { id: '3', username: 'm3' });
    // Queued behind the first, yet not deferred: its form opens once its turn comes, before the second's answer.
    const opened = await clicked.callback(5_000);
    expect(opened.body).toMatchObject({ type: InteractionResponseType.Modal, data: { title: 'Ta demande' } });
    expect(fake.requests.some(toOriginal(second.token))).toBe(false);
    const edit = await fake.waitForRequest(toOriginal(second.token), 5_000);
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

describe('admission in the whole bot', () => {
  const users = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `${900 + i}`, username: `burst${i}` }));
  const tokenOf = (answer: Answer) => answer.request.path.split('/').at(-2) ?? '';

  it('a stop lets every interaction it admitted finish before the database closes', async () => {
    const world = await startDiscordWorld({ admission: { concurrency: 1, queueLimit: 100 } });
    // Each interaction takes 150 ms in the core, so most are still waiting their turn when the stop comes.
    const ensure = world.app.store.members.ensure.bind(world.app.store.members);
    vi.spyOn(world.app.store.members, 'ensure').mockImplementation(async (member) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return ensure(member);
    });
    const answers = await Promise.all(users(8).map((user) => world.command(user, 'profile')));
    const deferred = answers.filter((a) => a.type === InteractionResponseType.DeferredChannelMessageWithSource);
    const edits = () => world.fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/@original'));
    expect(edits().length).toBeLessThan(deferred.length - 2);
    await world.stop();
    // Every deferred answer was filled in with her answer (not an apology) before the stop returned.
    expect(deferred.length).toBeGreaterThan(4);
    const filled = deferred.map(
      (answer) =>
        (edits().find((r) => r.path.endsWith(`/${tokenOf(answer)}/messages/@original`))?.body as { content?: string })
          ?.content,
    );
    expect(filled).toEqual(deferred.map(() => fr('profile.none')));
  });

  it('logs the first refusal of a burst, then one count for the rest, not one line each', async () => {
    const lines: { msg: string; more?: Record<string, number> }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const world = await startDiscordWorld({ admission: { concurrency: 1, queueLimit: 0 }, logger });
    const answers = await Promise.all(users(12).map((user) => world.command(user, 'profile')));
    const refused = answers.filter((a) => a.data.content === fr('admission.busy')).length;
    expect(refused).toBeGreaterThan(1);
    await world.stop();
    const busyLines = lines.filter((l) => l.msg.startsWith('too many interactions at once'));
    expect(busyLines).toEqual([
      expect.objectContaining({ msg: 'too many interactions at once: asked to try again in a minute' }),
      expect.objectContaining({
        msg: 'too many interactions at once: more asked to come back',
        more: { discord: refused - 1 },
      }),
    ]);
  });
});
