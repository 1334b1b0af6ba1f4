import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, type DatabaseKind } from './databases.ts';

/**
 * For one describe block of outbox tests: a migrated database of this kind, emptied of
 * outbox rows before each test, with a new community whose id is `communityId`.
 */
export function useOutboxDatabase(kind: DatabaseKind) {
  const context = {} as { database: Database; store: Store; communityId: string };
  beforeAll(async () => {
    context.database = await createTestDatabase(kind);
    context.store = createStore(context.database.prisma);
  });
  afterAll(() => context.database?.close());
  beforeEach(async () => {
    await context.database.prisma.outboxMessage.deleteMany();
    context.communityId = (
      await context.store.communities.ensure({ platform: 'slack', externalId: `T-${Math.random()}`, name: 'Test' })
    ).id;
  });
  return context;
}
