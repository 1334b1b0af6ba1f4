import { describe, expect, it } from 'vitest';
import { createAdmission, withAdmission } from '../../src/core/admission.ts';
import type { Dispatched, Dispatcher, IncomingInteraction } from '../../src/core/dispatcher.ts';
import { say } from '../../src/core/reply-model.ts';
import { isUrgent } from '../../src/core/urgency.ts';
import { translator } from '../../src/i18n/index.ts';

/** A task that finishes only when the test says so. */
function gate<T>(value: T) {
  let open = () => {};
  const done = new Promise<T>((resolve) => (open = () => resolve(value)));
  return { task: () => done, open };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('admission gate', () => {
  it('is idle at once when empty, and only once the last running and waiting task is done', async () => {
    const admission = createAdmission({ concurrency: 1, queueLimit: 10 });
    let idle = false;
    await admission.idle();
    const gates = [0, 1, 2].map((i) => gate(i));
    const results = gates.map((g) => admission.run(g.task));
    void admission.idle().then(() => (idle = true));
    for (const g of gates.slice(0, 2)) {
      g.open();
      await settled();
      expect(idle).toBe(false);
    }
    gates[2]!.open();
    await Promise.all(results);
    await settled();
    expect(idle).toBe(true);
  });

  it('runs up to `concurrency` at once and starts the waiting ones in the order they came', async () => {
    const admission = createAdmission({ concurrency: 2, queueLimit: 10 });
    const started: number[] = [];
    const gates = [0, 1, 2, 3, 4].map((i) => gate(i));
    const queued: number[] = [];
    const results = gates.map((g, i) =>
      admission.run(
        async () => {
          started.push(i);
          return g.task();
        },
        { onQueued: () => queued.push(i) },
      ),
    );
    await settled();
    expect(started).toEqual([0, 1]);
    expect(queued).toEqual([2, 3, 4]);
    expect(admission.load).toEqual({ running: 2, waiting: 3 });
    gates[1]!.open();
    await settled();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    await settled();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses past the queue bound, without running the task, and takes new work once there is room', async () => {
    const admission = createAdmission({ concurrency: 1, queueLimit: 2 });
    const first = gate('a');
    const running = [admission.run(first.task), admission.run(async () => 'b'), admission.run(async () => 'c')];
    let ran = false;
    expect(
      await admission.run(async () => {
        ran = true;
        return 'd';
      }),
    ).toBe('busy');
    expect(ran).toBe(false);
    first.open();
    expect(await Promise.all(running)).toEqual(['a', 'b', 'c']);
    expect(await admission.run(async () => 'e')).toBe('e');
  });

  it('never refuses what may not be refused (a submitted form): it waits its turn past the bound', async () => {
    const admission = createAdmission({ concurrency: 1, queueLimit: 0 });
    const first = gate('first');
    const running = admission.run(first.task);
    let queued = false;
    const form = admission.run(async () => 'form kept', { refusable: false, onQueued: () => (queued = true) });
    expect(await admission.run(async () => 'click')).toBe('busy');
    expect(queued).toBe(true);
    first.open();
    expect(await Promise.all([running, form])).toEqual(['first', 'form kept']);
  });

  it('starts an urgent task (one that may open a form) ahead of those already waiting, urgent ones in their order', async () => {
    const admission = createAdmission({ concurrency: 1, queueLimit: 4 });
    const started: string[] = [];
    const first = gate('first');
    const run = (name: string, first = false) =>
      admission.run(
        async () => {
          started.push(name);
          return name;
        },
        { first },
      );
    const results = [admission.run(first.task), run('command'), run('click'), run('form A', true), run('form B', true)];
    // The bound counts both queues: a fifth waiting, urgent or not, is refused.
    expect(await run('one too many', true)).toBe('busy');
    first.open();
    await Promise.all(results);
    expect(started).toEqual(['form A', 'form B', 'command', 'click']);
  });

  it('frees its place when a task fails', async () => {
    const admission = createAdmission({ concurrency: 1, queueLimit: 1 });
    await expect(admission.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
    expect(await admission.run(async () => 'next')).toBe('next');
  });
});

describe('dispatcher behind admission', () => {
  const incoming = (input: IncomingInteraction['input'], locale?: string): IncomingInteraction => ({
    platform: 'discord',
    deliveryKey: String(Math.random()),
    community: { externalId: 'g' },
    user: { externalId: 'u', ...(locale ? { locale } : {}) },
    isPlatformAdmin: async () => false,
    richForms: false,
    input,
  });
  const command = { kind: 'command', name: 'profile', options: {} } as const;

  /** A core whose every answer waits for the test; `seen` lists what reached it, in order. */
  function heldCore() {
    const seen: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const core: Dispatcher = {
      async dispatch(i) {
        seen.push(i.input.kind === 'command' ? i.input.name : i.input.kind);
        await held;
        return { reply: say('ok'), locale: 'fr' } satisfies Dispatched;
      },
    };
    return { core, seen, release };
  }

  it('tells a member who is past the bound, kindly and in her language, to try again in a minute; the core never sees it', async () => {
    const { core, seen, release } = heldCore();
    const busy: string[] = [];
    const dispatcher = withAdmission(core, {
      concurrency: 1,
      queueLimit: 1,
      locale: 'fr',
      onBusy: (i) => busy.push(i.user.locale ?? ''),
    });
    const first = dispatcher.dispatch(incoming(command));
    const second = dispatcher.dispatch(incoming({ ...command, name: 'second' }));
    const french = await dispatcher.dispatch(incoming({ ...command, name: 'third' }));
    const english = await dispatcher.dispatch(incoming({ kind: 'action', id: 'profile:pause', values: [] }, 'en-US'));
    expect(french).toEqual({
      reply: { kind: 'message', ephemeral: true, text: translator('fr')('admission.busy') },
      locale: 'fr',
    });
    expect(english).toEqual({
      reply: { kind: 'message', ephemeral: true, text: translator('en')('admission.busy') },
      locale: 'en',
    });
    expect(translator('fr')('admission.busy')).toMatch(/réessaie dans une minute/);
    expect(translator('en')('admission.busy')).toMatch(/try again in a minute/);
    expect(busy).toEqual(['', 'en-US']);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(['profile', 'second']);
  });

  it('lets an interaction that may open a form wait ahead of the others, as its dispatcher declares', async () => {
    const { core, seen, release } = heldCore();
    const dispatcher = withAdmission(
      { ...core, opensForm: (i) => i.input.kind === 'command' && i.input.name === 'join' },
      { concurrency: 1, queueLimit: 5, locale: 'fr' },
    );
    const all = ['profile', 'second', 'join', 'third'].map((name) =>
      dispatcher.dispatch(incoming({ ...command, name })),
    );
    release();
    await Promise.all(all);
    expect(seen).toEqual(['profile', 'join', 'second', 'third']);
    expect(dispatcher.opensForm?.(incoming({ ...command, name: 'join' }))).toBe(true);
  });

  it('runs the work of one that may open a form as urgent, for the database to serve it first, and no other', async () => {
    const urgent: Record<string, boolean> = {};
    const dispatcher = withAdmission(
      {
        opensForm: (i) => i.input.kind === 'command' && i.input.name === 'join',
        async dispatch(i) {
          await Promise.resolve();
          urgent[i.input.kind === 'command' ? i.input.name : i.input.kind] = isUrgent();
          return { reply: say('ok'), locale: 'fr' };
        },
      },
      { concurrency: 1, queueLimit: 5, locale: 'fr' },
    );
    await Promise.all(['profile', 'join'].map((name) => dispatcher.dispatch(incoming({ ...command, name }))));
    expect(urgent).toEqual({ profile: false, join: true });
  });

  it('keeps a submitted form (and a mention) past the bound: it reaches the core in its turn, the adapter told at once that it waits', async () => {
    const { core, seen, release } = heldCore();
    const dispatcher = withAdmission(core, { concurrency: 1, queueLimit: 0, locale: 'fr' });
    const first = dispatcher.dispatch(incoming(command));
    let queued = false;
    const form = dispatcher.dispatch(incoming({ kind: 'form', id: 'profile:save', values: { bio: 'x' } }), {
      onQueued: () => (queued = true),
    });
    const mention = dispatcher.dispatch(incoming({ kind: 'mention', channelId: 'C1' }));
    expect(queued).toBe(true);
    release();
    expect((await form).reply).toEqual(say('ok'));
    expect((await mention).reply).toEqual(say('ok'));
    await first;
    expect(seen).toEqual(['profile', 'form', 'mention']);
  });
});
