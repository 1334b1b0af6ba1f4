// The embedded database's own thread. PGlite is PostgreSQL compiled to WebAssembly: while
// it runs a query, the thread it runs on can do nothing else. On the main thread that meant
// the bot could not even acknowledge an interaction while a query ran; here it owns PGlite
// and serves Prisma's driver-adapter calls sent by src/storage/embedded-worker.ts over the
// worker's port. Plain JavaScript, so Node runs it as it is under `npm start`, the tests and
// the tools alike. The driver adapter itself is pglite-prisma-adapter's, as it was on the
// main thread: same conversions, same errors.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/** @type {{ dataDir: string, settings: Record<string, string>, modules: Record<string, unknown> }} */
const { dataDir, settings, modules } = workerData;
const startParams = [
  ...PGlite.defaultStartParams,
  ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
];
const port = parentPort;
if (!port) throw new Error('pglite-worker.mjs runs as a worker thread (see src/storage/embedded-worker.ts)');

/** An error as plain data: a DriverAdapterError's cause is what Prisma maps (P2002…). */
function serializeError(error) {
  if (error && typeof error === 'object' && error.name === 'DriverAdapterError' && typeof error.cause === 'object') {
    return { driver: { ...error.cause }, message: String(error.message) };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack, code: error.code };
  }
  return { name: 'Error', message: String(error) };
}

let client;
try {
  client = await PGlite.create({ dataDir, startParams, ...modules });
  await client.query('SELECT 1');
} catch (error) {
  // The main thread ends this thread once it has read why.
  port.postMessage({ ready: false, error: serializeError(error) });
}

if (client) {
  const adapter = await new PrismaPGlite(client).connect();
  /** Open transactions by the id the main thread knows them by. */
  const transactions = new Map();
  let nextTransaction = 1;
  const queryable = (tx) => {
    if (tx === undefined) return adapter;
    const transaction = transactions.get(tx);
    if (!transaction) throw new Error(`transaction ${tx} is not open`);
    return transaction;
  };

  const operations = {
    query: ({ tx, query }) => queryable(tx).queryRaw(query),
    execute: ({ tx, query }) => queryable(tx).executeRaw(query),
    // The adapter's own executeScript neither waits for the script nor reports its errors.
    script: async ({ script }) => {
      try {
        await client.exec(script);
      } catch (error) {
        adapter.onError(error);
      }
    },
    begin: async ({ isolationLevel }) => {
      const transaction = await adapter.startTransaction(isolationLevel);
      const tx = nextTransaction++;
      transactions.set(tx, transaction);
      return { tx, options: transaction.options };
    },
    commit: async ({ tx }) => {
      const transaction = queryable(tx);
      transactions.delete(tx);
      await transaction.commit();
    },
    rollback: async ({ tx }) => {
      const transaction = queryable(tx);
      transactions.delete(tx);
      await transaction.rollback();
    },
    // PGlite writes what it holds and shuts PostgreSQL down cleanly: the data survives.
    // The main thread ends this thread once it has the answer.
    close: async () => {
      await client.close();
    },
  };

  port.on('message', async ({ id, op, ...args }) => {
    try {
      const value = await operations[op](args);
      port.postMessage({ id, ok: true, value });
    } catch (error) {
      port.postMessage({ id, ok: false, error: serializeError(error) });
    }
  });
  port.postMessage({ ready: true });
}
