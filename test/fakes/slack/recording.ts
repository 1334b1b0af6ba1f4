/**
 * A list that tests can read directly and also await: `waitFor` resolves with the first item,
 * already recorded or still to come, that matches.
 */
export interface Recording<T> {
  items: T[];
  add(item: T): void;
  waitFor(what: string, match: (item: T) => boolean, timeoutMs: number): Promise<T>;
  /** Hears every item as it is added (a bench indexing thousands, where waits would scan them all); returns the unsubscribe. */
  listen(listener: (item: T) => void): () => void;
  /** Fails every pending wait at once, so a closed fake does not leave tests hanging until their timeout. */
  cancelAll(reason: string): void;
}

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const SHOWN_ON_TIMEOUT = 10;

/** A predicate that throws (reading a field of a differently shaped item) is a non-match, not a failure. */
function safely<T>(match: (item: T) => boolean, item: T): boolean {
  try {
    return match(item);
  } catch {
    return false;
  }
}

export function createRecording<T>(describe: (item: T) => string): Recording<T> {
  const items: T[] = [];
  const waiters = new Set<Waiter<T>>();
  const listeners = new Set<(item: T) => void>();
  return {
    items,
    listen(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    add(item) {
      items.push(item);
      for (const listener of listeners) listener(item);
      for (const waiter of waiters) {
        if (!safely(waiter.match, item)) continue;
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(item);
      }
    },
    waitFor(what, match, timeoutMs) {
      const found = items.find((item) => safely(match, item));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter<T> = {
          match,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const recent = items.slice(-SHOWN_ON_TIMEOUT).map((item) => `  - ${describe(item)}`);
            const seen =
              recent.length > 0
                ? `Most recent (${recent.length} of ${items.length}):\n${recent.join('\n')}`
                : 'Nothing was recorded.';
            reject(new Error(`Fake Slack: no ${what} within ${timeoutMs} ms.\n${seen}`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    cancelAll(reason) {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`Fake Slack: ${reason}`));
      }
      waiters.clear();
    },
  };
}

/** Keeps timeout messages readable when a call carries a whole modal. */
export function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
