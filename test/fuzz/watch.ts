/**
 * What every fuzz run watches besides the answers: the bot's log (an error-level line is a
 * failure: a stranger's input is answered or ignored, not an incident), the process (an
 * uncaught exception or an unhandled rejection), and the database (a fingerprint of every
 * table, to prove what a refused input left alone).
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Database } from '../../src/storage/database.ts';

export interface LoggedProblem {
  level: number;
  msg: string;
  err?: { message?: string; stack?: string };
}

/** A pino logger at `info` whose error-level lines (50 and up) are kept for the run to read. */
export function capturingLogger(): { logger: Logger; problems: LoggedProblem[]; take(): LoggedProblem[] } {
  const problems: LoggedProblem[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const entry = JSON.parse(line) as LoggedProblem;
        if (entry.level >= 50)
          problems.push({ level: entry.level, msg: entry.msg, ...(entry.err ? { err: entry.err } : {}) });
      }
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), problems, take: () => problems.splice(0) };
}

/** Uncaught exceptions and unhandled rejections while the run lasts (`stop()` removes the listeners). */
export function watchProcess(): { crashes: string[]; take(): string[]; stop(): void } {
  const crashes: string[] = [];
  const onError = (error: unknown) =>
    crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    crashes,
    take: () => crashes.splice(0),
    stop() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/** Tables the bot writes in the background (the outbox sender marks rows sent): counted, not hashed. */
const backgroundTables = new Set(['outbox_messages', 'send_pacing']);
/** What any well-formed delivery may write, even a useless one: its key, her community, herself. */
export const bookkeepingTables = new Set(['processed_events', 'communities', 'members']);

export type Fingerprint = Map<string, string>;

/** Row count and a hash of every row, per table: one query. */
export async function fingerprinter(database: Database): Promise<() => Promise<Fingerprint>> {
  const tables = (
    await database.prisma.$queryRawUnsafe<{ name: string }[]>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1",
    )
  ).map((t) => t.name);
  const sql = tables
    .map((name) =>
      backgroundTables.has(name)
        ? `SELECT '${name}' AS name, count(*)::text AS print FROM "${name}"`
        : `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(sum(hashtext(x::text)), 0)::text AS print FROM "${name}" x`,
    )
    .join(' UNION ALL ');
  return async () =>
    new Map(
      (await database.prisma.$queryRawUnsafe<{ name: string; print: string }[]>(sql)).map((r) => [r.name, r.print]),
    );
}

/**
 * Fingerprints around the cases whose writes are checked, reading each state once: a checked
 * case's "after" is the next checked case's "before" when no unchecked case ran in between.
 */
export async function databaseWatch(database: Database) {
  const read = await fingerprinter(database);
  let last: Fingerprint | undefined;
  let spentMs = 0;
  const timed = async () => {
    const started = Date.now();
    try {
      return await read();
    } finally {
      spentMs += Date.now() - started;
    }
  };
  return {
    /** Before a case: its starting fingerprint when its writes are checked. */
    async before(checked: boolean): Promise<Fingerprint | undefined> {
      if (!checked) {
        last = undefined;
        return undefined;
      }
      last ??= await timed();
      return last;
    },
    /** After the case: the tables it changed (none looked at when it was not checked). */
    async after(before: Fingerprint | undefined): Promise<string[]> {
      if (!before) return [];
      last = await timed();
      return changedTables(before, last);
    },
    spentMs: () => spentMs,
  };
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

export interface FuzzFailure {
  /** Its place in the run: with the seed, `fc.sample(…, { seed, numRuns })[index]` is the case again. */
  index: number;
  kind: string;
  problem: string;
  input: string;
}

export interface FuzzResult {
  /** fast-check's seed: FUZZ_SEED=<seed> runs the same cases again. */
  seed: number;
  cases: number;
  failures: FuzzFailure[];
  /** How many cases of each kind ran. */
  kinds: Record<string, number>;
  /** Time spent on the cases of each kind, in ms. */
  timeMs: Record<string, number>;
}

/** A shortened view of an input for a failure report (FUZZ_PREVIEW=<chars> keeps more, to replay one by hand). */
export const preview = (text: string, max = Number(process.env.FUZZ_PREVIEW ?? 600)) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
