import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

/**
 * Counts the database round trips that pass through a Prisma driver adapter: every query,
 * statement, BEGIN, COMMIT and ROLLBACK is one message to the embedded database's thread
 * (or one exchange with PostgreSQL). `sql` keeps what was sent, to say where a count comes from.
 */
export interface RoundTrips {
  readonly count: number;
  readonly sql: readonly string[];
  reset(): void;
}

/** `target` with some methods replaced; the others called on `target` itself (private fields stay reachable). */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

export function countingFactory(inner: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  trips: RoundTrips;
} {
  const sent: string[] = [];
  const note = (what: string) => void sent.push(what);
  const queries = (target: SqlDriverAdapter | Transaction) => ({
    queryRaw: (query: SqlQuery) => (note(query.sql), target.queryRaw(query)),
    executeRaw: (query: SqlQuery) => (note(query.sql), target.executeRaw(query)),
  });
  const transaction = (tx: Transaction): Transaction =>
    overriding(tx, {
      ...queries(tx),
      commit: () => (note('COMMIT'), tx.commit()),
      rollback: () => (note('ROLLBACK'), tx.rollback()),
    });
  const adapter = (connection: SqlDriverAdapter): SqlDriverAdapter =>
    overriding(connection, {
      ...queries(connection),
      executeScript: (script: string) => (note(script), connection.executeScript(script)),
      startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
        note('BEGIN');
        return transaction(await connection.startTransaction(...args));
      },
    });
  const factory = overriding(inner, {
    connect: async () => adapter(await inner.connect()),
    connectToShadowDb: async () => adapter(await inner.connectToShadowDb()),
  });
  return {
    factory,
    trips: {
      get count() {
        return sent.length;
      },
      sql: sent,
      reset: () => void sent.splice(0),
    },
  };
}
