import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from '@prisma/driver-adapter-utils';
import { isUrgent } from '../core/urgency.ts';
import { projectRoot } from '../paths.ts';

/**
 * The embedded database on a thread of its own (src/storage/pglite-worker.mjs): PGlite runs
 * PostgreSQL as WebAssembly, which holds the thread it runs on for the whole of each query.
 * On the main thread, every query delayed everything else the bot had to do, first of all
 * the acknowledgements the platforms want within 3 s. Here the main thread only sends
 * Prisma's driver-adapter calls and reads the answers (structured clone carries rows with
 * their Uint8Array, BigInt and Date values); the worker runs them with pglite-prisma-adapter
 * exactly as the main thread did, so conversions and errors (P2002…) are unchanged.
 */
export interface EmbeddedWorker {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Closes PGlite (a clean shutdown: the data survives), then ends the thread. */
  close(): Promise<void>;
  /** Settles with the reason if the thread stops without `close` (PGlite crashed): every query would fail from then on. */
  lost: Promise<Error>;
  /** The thread itself, for tests that stop it from outside. */
  thread: Worker;
}

export interface EmbeddedWorkerOptions {
  dataDir: string;
  /** PostgreSQL settings (`-c name=value` after PGlite's own start parameters). */
  settings: Record<string, string>;
  /** Compiled WebAssembly modules (pgliteWasmModule, initdbWasmModule) to share with the worker. */
  modules: Record<string, unknown>;
}

interface SerializedError {
  /** A DriverAdapterError's cause: what Prisma maps to its own errors. */
  driver?: Record<string, unknown>;
  name?: string;
  message: string;
  code?: unknown;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
type Started = { ready: true } | { ready: false; error: SerializedError };

const workerPath = join(projectRoot, 'src/storage/pglite-worker.mjs');
const adapterName = 'pglite-prisma-adapter (worker thread)';

function revive(error: SerializedError): Error {
  if (error.driver) return new DriverAdapterError(error.driver as unknown as DriverAdapterError['cause']);
  const revived = new Error(error.message) as Error & { code?: unknown };
  if (error.name) revived.name = error.name;
  if (error.code !== undefined) revived.code = error.code;
  return revived;
}

/** Starts the thread and opens PGlite in it; rejects with PGlite's own error when it cannot open the folder. */
export async function startEmbeddedWorker(options: EmbeddedWorkerOptions): Promise<EmbeddedWorker> {
  // The thread's own V8 heap: a young generation of 8 MB instead of V8's default (up to 16 MB per
  // semi-space) holds less memory for the rows it passes on, for a few more, small collections.
  const worker = new Worker(workerPath, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const started = await new Promise<Started>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the embedded database's thread stopped (exit code ${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: Started) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      resolve(message);
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  if (!started.ready) {
    await worker.terminate();
    throw revive(started.error);
  }
  const connection = new WorkerConnection(worker);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName,
    connect: async () => new WorkerAdapter(connection),
    // Only tools diffing migrations ask for a shadow database: a throwaway in-memory PGlite here, as before.
    connectToShadowDb: async () => {
      const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
        import('@electric-sql/pglite'),
        import('pglite-prisma-adapter'),
      ]);
      return new PrismaPGlite(new PGlite({ dataDir: 'memory://shadow' })).connect();
    },
  };
  return { factory, close: () => connection.close(), lost: connection.lost, thread: worker };
}

/**
 * Calls the thread holds at most: it runs them one after another, so a longer queue there only
 * makes each new call wait behind all of it. The rest wait here, in two lines: urgent work
 * (see isUrgent: an interaction whose form she waits for) first. A few, not one: the thread
 * always has its next call at hand while this one reads an answer.
 */
export const callsInFlight = 4;

interface Call {
  op: string;
  /** The transaction it belongs to, if any. */
  tx: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class WorkerConnection {
  private readonly pending = new Map<number, Call>();
  private readonly held = { urgent: [] as (() => void)[], other: [] as (() => void)[] };
  private inFlight = 0;
  /**
   * Transactions begun and not yet ended. While one is open the database runs no other call
   * (PGlite's lock) but the transaction's own, which go at once: the others wait here, not in
   * the thread, so that the first to go once it ends is an urgent one, not the oldest.
   */
  private readonly open = { beginning: 0, transactions: new Set<unknown>() };
  private nextId = 1;
  private stopped: Error | undefined;
  private markLost: (error: Error) => void = () => {};
  readonly lost = new Promise<Error>((resolve) => (this.markLost = resolve));

  constructor(private readonly worker: Worker) {
    // The thread keeps the process alive only while an answer is awaited: a process done
    // with everything else is not held open by an idle database.
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new Error(`the embedded database's thread stopped (exit code ${code})`)));
  }

  call(op: string, args: Record<string, unknown> = {}): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op, tx: args.tx, resolve, reject });
      const send = () => {
        this.inFlight += 1;
        if (op === 'begin') this.open.beginning += 1;
        this.worker.postMessage({ id, op, ...args });
      };
      // An open transaction's own calls go at once: the database makes every other call wait
      // until it ends, so holding one of them here behind those would wait forever.
      if (args.tx !== undefined) send();
      else {
        this.held[isUrgent() ? 'urgent' : 'other'].push(send);
        this.next();
      }
    });
  }

  /** Sends what waits here, urgent first, while the thread has room and no transaction is open. */
  private next() {
    while (this.open.beginning + this.open.transactions.size === 0 && this.inFlight < callsInFlight) {
      const send = this.held.urgent.shift() ?? this.held.other.shift();
      if (!send) return;
      send();
    }
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.call('close');
    } finally {
      this.stopped = new Error('the embedded database is closed');
      await this.worker.terminate();
    }
  }

  private settle(reply: Reply) {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    this.inFlight -= 1;
    // A transaction is open from its begin's answer to its commit's or rollback's (whatever they say).
    if (waiting.op === 'begin') {
      this.open.beginning -= 1;
      if (reply.ok) this.open.transactions.add((reply.value as { tx: unknown }).tx);
    } else if (waiting.op === 'commit' || waiting.op === 'rollback') this.open.transactions.delete(waiting.tx);
    this.next();
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(revive(reply.error));
  }

  private stop(error: Error) {
    // Stopped by `close`: expected. Otherwise the thread is gone and the database with it.
    if (!this.stopped) this.markLost(error);
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.held.urgent.length = 0;
    this.held.other.length = 0;
  }
}

class WorkerQueryable {
  readonly provider = 'postgres' as const;
  readonly adapterName = adapterName;

  constructor(
    protected readonly connection: WorkerConnection,
    protected readonly tx?: number,
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return (await this.connection.call('query', { tx: this.tx, query })) as SqlResultSet;
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    return (await this.connection.call('execute', { tx: this.tx, query })) as number;
  }
}

class WorkerTransaction extends WorkerQueryable implements Transaction {
  constructor(
    connection: WorkerConnection,
    tx: number,
    readonly options: TransactionOptions,
  ) {
    super(connection, tx);
  }

  async commit(): Promise<void> {
    await this.connection.call('commit', { tx: this.tx });
  }

  async rollback(): Promise<void> {
    await this.connection.call('rollback', { tx: this.tx });
  }
}

class WorkerAdapter extends WorkerQueryable implements SqlDriverAdapter {
  async executeScript(script: string): Promise<void> {
    await this.connection.call('script', { script });
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const { tx, options } = (await this.connection.call('begin', { isolationLevel })) as {
      tx: number;
      options: TransactionOptions;
    };
    return new WorkerTransaction(this.connection, tx, options);
  }

  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {}
}
