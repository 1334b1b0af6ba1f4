/**
 * A log line for events that come in bursts (interactions turned away, platform rate limits):
 * the first of a window is logged at once with its details; the others of that window are only
 * counted, by kind, and logged as one line when it ends. Under a burst a line each would cost
 * the main thread what it is short of, and bury the log.
 */
export function createBurstLog<Fields extends object>({
  windowMs,
  first,
  more,
}: {
  windowMs: number;
  /** The first event of a window, with its own details. */
  first: (fields: Fields) => void;
  /** The others of the window, counted by kind. */
  more: (counts: Record<string, number>, seconds: number) => void;
}): BurstLog<Fields> {
  let counts: Record<string, number> = {};
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    timer = undefined;
    if (Object.keys(counts).length === 0) return;
    more(counts, windowMs / 1000);
    counts = {};
  };
  return {
    note(kind, fields) {
      if (timer) {
        counts[kind] = (counts[kind] ?? 0) + 1;
        return;
      }
      timer = setTimeout(report, windowMs).unref();
      first(fields);
    },
    flush() {
      clearTimeout(timer);
      report();
    },
  };
}

export interface BurstLog<Fields> {
  /** One event of `kind` (the key it is counted under). */
  note(kind: string, fields: Fields): void;
  /** Logs what the window counted so far (on stop): nothing counted is left unsaid. */
  flush(): void;
}
