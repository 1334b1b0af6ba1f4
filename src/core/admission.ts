import { resolveLocale, translator, type Locale } from '../i18n/index.ts';
import type { Dispatched, Dispatcher, DispatchHooks, IncomingInteraction } from './dispatcher.ts';
import { urgently } from './urgency.ts';

export interface AdmissionOptions {
  /** Interactions the core works on at once; the next ones wait their turn, in order. */
  concurrency: number;
  /** Interactions that may wait; past it a new command or click is told to come back. */
  queueLimit: number;
}

export const admissionDefaults: AdmissionOptions = { concurrency: 16, queueLimit: 400 };

/**
 * How long an adapter waits for the core's answer to put it in the acknowledgement itself;
 * past it, the interaction is acknowledged and the answer follows (Discord: a deferral then
 * an edit; Slack: its response_url, or a form's "one moment" then the answer in its place).
 * Short: one interaction's work may wait behind others' on the database, and both platforms
 * count the deadline from their side; a late answer costs one more request to the platform.
 * Tried at 5 ms: Slack's ack p99 at 50/s went from 26.9 to 49.6 ms (its late answers cost
 * the process more), and Discord's moved within the spread of runs at 10 (26.1 to 41.1 ms).
 */
export const acknowledgeWithinMs = 10;

/**
 * A bounded, ordered gate: `concurrency` tasks run at once, up to `queueLimit` more wait in
 * arrival order. `run` tells `onQueued` at once when its task has to wait, so the caller can
 * acknowledge the member before the platform's deadline. A refusable task past the bound is
 * not run ('busy'); one that is not (a submitted form) always waits its turn. One to run `first`
 * (one whose answer may be a form, which only a first answer can open: nothing can be
 * acknowledged before it) waits ahead of the others, in its own arrival order.
 */
export function createAdmission(options: Partial<AdmissionOptions> = {}) {
  const { concurrency, queueLimit } = { ...admissionDefaults, ...options };
  if (!(concurrency >= 1) || !(queueLimit >= 0))
    throw new Error(`admission needs concurrency ≥ 1 and queueLimit ≥ 0, not ${concurrency} and ${queueLimit}`);
  let running = 0;
  const urgent: (() => void)[] = [];
  const waiting: (() => void)[] = [];
  const whenIdle: (() => void)[] = [];
  const queued = () => urgent.length + waiting.length;

  function leave() {
    running -= 1;
    const next = urgent.shift() ?? waiting.shift();
    if (next) {
      running += 1;
      next();
    } else if (running === 0) {
      for (const resolve of whenIdle.splice(0)) resolve();
    }
  }

  return {
    async run<T>(
      task: () => Promise<T>,
      {
        refusable = true,
        first = false,
        onQueued,
      }: { refusable?: boolean; first?: boolean; onQueued?: () => void } = {},
    ): Promise<T | 'busy'> {
      if (running < concurrency && queued() === 0) {
        running += 1;
      } else {
        if (refusable && queued() >= queueLimit) return 'busy';
        const turn = new Promise<void>((resolve) => (first ? urgent : waiting).push(resolve));
        onQueued?.();
        await turn;
      }
      try {
        return await task();
      } finally {
        leave();
      }
    },
    /** Resolves once nothing runs or waits (at once when idle): a stop lets what was admitted finish. */
    idle(): Promise<void> {
      if (running === 0 && queued() === 0) return Promise.resolve();
      return new Promise((resolve) => whenIdle.push(resolve));
    },
    /** What the gate holds now, for logs and tests. */
    get load() {
      return { running, waiting: queued() };
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;

/**
 * The dispatcher behind an admission gate. Past its capacity a member is never left without
 * an answer: queued, she is acknowledged at once (the adapter, told through `onQueued`);
 * past the queue's bound, a command or click gets a kind "busy, come back in a minute",
 * nothing claimed, so trying again works. A submitted form is never refused: what she
 * wrote waits its turn (a mention of the bot neither).
 */
export function withAdmission(
  dispatcher: Dispatcher,
  options: Partial<AdmissionOptions> & { locale: Locale; onBusy?: (incoming: IncomingInteraction) => void },
): Dispatcher & { idle(): Promise<void> } {
  const admission = createAdmission(options);
  return {
    idle: () => admission.idle(),
    // Not an interaction: nobody waits for an answer, so it does not queue.
    ...(dispatcher.memberLeft ? { memberLeft: dispatcher.memberLeft.bind(dispatcher) } : {}),
    ...(dispatcher.opensForm ? { opensForm: dispatcher.opensForm.bind(dispatcher) } : {}),
    async dispatch(incoming: IncomingInteraction, hooks: DispatchHooks = {}): Promise<Dispatched> {
      // A form opens only as the first answer: on Discord she sees nothing until it comes.
      // Such work goes ahead of the others, here and in the embedded database (see urgently).
      const first = dispatcher.opensForm?.(incoming) ?? false;
      const work = () => dispatcher.dispatch(incoming, hooks);
      const outcome = await admission.run(first ? () => urgently(work) : work, {
        // Only what she can simply do again is refused; a form holds what she wrote, a mention is answered later.
        refusable: incoming.input.kind === 'command' || incoming.input.kind === 'action',
        first,
        ...(hooks.onQueued ? { onQueued: hooks.onQueued } : {}),
      });
      if (outcome !== 'busy') return outcome;
      options.onBusy?.(incoming);
      const locale = resolveLocale(incoming.user.locale, options.locale);
      return { reply: { kind: 'message', ephemeral: true, text: translator(locale)('admission.busy') }, locale };
    },
  };
}
