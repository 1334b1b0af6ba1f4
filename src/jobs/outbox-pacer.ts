import type { Platform } from '../core/community.ts';
import type { OutboxRepository } from '../core/outbox.ts';

/** Platforms count their limits per second (Discord: 50 requests a second); so does the pacer. */
export const paceWindowMs = 1_000;
/** Kept over a second and a little more: a request reaches the platform a little after it starts, by more on a loaded machine. */
const windowMarginMs = 20;

/**
 * One sender's pace on one platform. Slots come from the database (`reserveSlot`), so every
 * sender on it keeps one pace; to spare a round trip per send, a few consecutive slots are
 * reserved at once (one span of `count × spacingMs` that no other sender is given), and the
 * sends of this sender take them in turn. The next span is reserved while the last slot of
 * the current one is used, so it follows on at once rather than a round trip later.
 *
 * Timers fire late (by 2.5 ms on average on a loaded machine, more when the event loop is
 * busy). So that sends in flight side by side never bunch up, a send starts at least half a
 * spacing after this sender's previous one, and no more than `paceWindowMs / spacingMs` of
 * them start within a second: the platform's own count. A full spacing after every send would
 * add each timer's lateness to every gap (a 20 ms pace ran at 23.5 ms); this way a send that
 * came late is made up by the next ones, within the limit.
 */
export function createPacer(deps: {
  outbox: Pick<OutboxRepository, 'reserveSlot'>;
  platform: Platform;
  spacingMs: number;
  /** A monotonic clock in ms (tests may pass their own). */
  now?: () => number;
}) {
  const { outbox, platform, spacingMs } = deps;
  const now = deps.now ?? (() => performance.now());
  const perWindow = Math.max(1, Math.floor(paceWindowMs / spacingMs));
  let block: { next: number; left: number } | undefined;
  let ahead: Promise<{ wait: number; at: number; count: number }> | undefined;
  /** This sender's latest starts, oldest first (at most perWindow). */
  const starts: number[] = [];
  let turns: Promise<void> = Promise.resolve();

  const reserve = (count: number) =>
    outbox.reserveSlot(platform, spacingMs * count).then((wait) => ({ wait, at: now(), count }));

  async function slot(count: number): Promise<number> {
    // Slots left from a while ago (the sender was idle) are given up: others were paced after them.
    if (block && block.left > 0 && block.next < now() - spacingMs) block = undefined;
    if (!block || block.left === 0) {
      let reserved = await (ahead ?? reserve(count));
      ahead = undefined;
      // A span reserved ahead while the sender then went idle is past: reserve a new one.
      if (reserved.at + reserved.wait + reserved.count * spacingMs < now()) reserved = await reserve(count);
      // A span reserved ahead starts where the last one ended, locally too.
      const start = Math.max(
        reserved.at + reserved.wait,
        block && block.left === 0 ? block.next : Number.NEGATIVE_INFINITY,
      );
      block = { next: start, left: reserved.count };
    }
    const at = block.next;
    block.next += spacingMs;
    block.left -= 1;
    if (block.left === 0 && !ahead) {
      ahead = reserve(count);
      // Awaited by the next turn, which sees a failure then.
      ahead.catch(() => {});
    }
    return at;
  }

  return {
    /**
     * Resolves when a send may start. `upcoming`: how many sends will want a slot soon
     * (this one included), to reserve that many at once; turns are served in call order.
     */
    take(upcoming = 1): Promise<void> {
      if (spacingMs <= 0) return Promise.resolve();
      const turn = turns.then(async () => {
        const at = Math.max(
          await slot(Math.max(1, Math.floor(upcoming))),
          (starts.at(-1) ?? Number.NEGATIVE_INFINITY) + spacingMs / 2,
          starts.length === perWindow
            ? (starts[0] as number) + paceWindowMs + windowMarginMs
            : Number.NEGATIVE_INFINITY,
        );
        // A timer may fire a hair early (its clock is the event loop's, read before): wait again then.
        for (let wait = at - now(); wait > 0; wait = at - now())
          await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        starts.push(now());
        if (starts.length > perWindow) starts.shift();
      });
      // One failed reservation fails its send only; the next turn reserves again.
      turns = turn.catch(() => {
        block = undefined;
        ahead = undefined;
      });
      return turn;
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;
