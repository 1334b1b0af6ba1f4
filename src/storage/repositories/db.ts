import type { Prisma } from '../generated/client.ts';

/** The client or a transaction: repositories work the same on both. */
export type Db = Prisma.TransactionClient;
