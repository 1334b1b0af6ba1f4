import type { Message } from '../../src/core/reply-model.ts';
import type { OutboxRow, PlatformRef, Transport } from '../../src/core/outbox.ts';

/** A message as the fake platform holds it. */
export interface Delivered {
  rowId: string;
  key: string;
  ref: PlatformRef;
  message: Message;
  /**
   * When the send reached the platform, on the pacer's own monotonic clock (performance.now()):
   * Date.now() is whole milliseconds of a wall clock that NTP may slew, so a gap the pacer
   * kept at 10 ms could read 9.
   */
  at: number;
}

type Step = { kind: 'throw' | 'block'; error?: unknown; afterDelivery: boolean };

/**
 * A platform in memory behind a Transport, for outbox tests: it keeps what was delivered
 * and edited, finds a row's message like Slack's metadata lookup does, and can be told to
 * fail (before or after taking the message) or to hold a send until released.
 */
export function createPlatform(options: { sendMs?: number; lookup?: boolean } = {}) {
  const delivered: Delivered[] = [];
  const edits: { ref: PlatformRef; message: Message }[] = [];
  const lookups: string[] = [];
  const script: Step[] = [];
  const started: string[] = [];
  let release: (() => void) | undefined;
  let startedWaiter: (() => void) | undefined;
  let nextId = 0;

  async function apply(row: { key: string }, deliver: () => void) {
    started.push(row.key);
    startedWaiter?.();
    const step = script.shift();
    const hold = () => new Promise<void>((resolve) => (release = resolve));
    if (step?.kind === 'block' && !step.afterDelivery) await hold();
    if (step?.kind === 'throw' && !step.afterDelivery) throw step.error;
    if (options.sendMs) await new Promise((resolve) => setTimeout(resolve, options.sendMs));
    deliver();
    if (step?.kind === 'block' && step.afterDelivery) await hold();
    if (step?.kind === 'throw') throw step.error;
  }

  const transport: Transport = {
    async send(row: OutboxRow): Promise<PlatformRef> {
      const at = performance.now();
      const ref = { channelId: `C-${row.key}`, messageId: `m${(nextId += 1)}` };
      await apply(row, () => delivered.push({ rowId: row.id, key: row.key, ref, message: row.message, at }));
      return ref;
    },
    async edit(ref, message) {
      await apply({ key: ref.messageId }, () => edits.push({ ref, message }));
    },
    ...(options.lookup === false
      ? {}
      : {
          async findDelivered(row: OutboxRow) {
            lookups.push(row.key);
            return delivered.find((d) => d.rowId === row.id)?.ref ?? null;
          },
        }),
  };

  return {
    transport,
    delivered,
    edits,
    lookups,
    /** Keys whose send (or edit) reached the transport, in order. */
    started,
    failNext: (error: unknown, afterDelivery = false) => void script.push({ kind: 'throw', error, afterDelivery }),
    /** The next send waits until `release()`, before the platform takes it or after. */
    blockNext: (afterDelivery = false) => void script.push({ kind: 'block', afterDelivery }),
    release: () => release?.(),
    /** Resolves once `count` sends (or edits) have reached the transport. */
    untilStarted: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (started.length >= count) resolve();
        };
        startedWaiter = check;
        check();
      }),
    /** What a message id shows now: its last edit, else what was sent. */
    shown: (messageId: string) =>
      [...edits].reverse().find((e) => e.ref.messageId === messageId)?.message ??
      delivered.find((d) => d.ref.messageId === messageId)?.message,
  };
}

export type FakePlatform = ReturnType<typeof createPlatform>;

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };
