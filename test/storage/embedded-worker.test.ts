import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/storage/generated/client.ts';
import { urgently } from '../../src/core/urgency.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { callsInFlight } from '../../src/storage/embedded-worker.ts';
import { StorageError } from '../../src/storage/errors.ts';

// The embedded database as the bot opens it: PGlite on its own thread (src/storage/pglite-worker.mjs),
// Prisma on the main thread talking to it through src/storage/embedded-worker.ts.
describe('embedded database on its own thread', () => {
  let root: string;
  let dataDir: string;
  let database: Database;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marraine-worker-'));
    dataDir = join(root, 'data');
    database = await openDatabase({ kind: 'embedded', dataDir });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers queries with their values as Prisma reads them (dates, JSON, counts)', async () => {
    const created = await database.prisma.community.create({
      data: { platform: 'discord', externalId: 'guild-1', name: 'Duchess', settings: { a: [1, 2] } },
    });
    const read = await database.prisma.community.findUniqueOrThrow({ where: { id: created.id } });
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.createdAt.getTime()).toBe(created.createdAt.getTime());
    expect(read.settings).toEqual({ a: [1, 2] });
    const [row] = await database.prisma.$queryRaw<{ n: bigint; bytes: Uint8Array }[]>`
      SELECT count(*) AS n, '\\x0102ff'::bytea AS bytes FROM communities`;
    expect(row?.n).toBe(1n);
    expect([...(row?.bytes ?? [])]).toEqual([1, 2, 255]);
  });

  it('keeps the main thread free while a long query runs', async () => {
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    try {
      await database.prisma.$queryRaw`SELECT count(*) FROM generate_series(1, 2000000)`;
    } finally {
      clearInterval(timer);
    }
    // A timer that could not fire before the end counts too.
    longestGap = Math.max(longestGap, performance.now() - last);
    const took = performance.now() - started;
    // On the main thread, the timer waits for the whole query.
    expect(took).toBeGreaterThan(200);
    expect(longestGap).toBeLessThan(took / 2);
  });

  it('serves queries made by urgent work before those already waiting', async () => {
    const done: string[] = [];
    const query = (name: string, sql = 'SELECT 1') => database.prisma.$queryRawUnsafe(sql).then(() => done.push(name));
    // The thread holds `callsInFlight` calls, the first a long one; the others wait on this side.
    const inThread = ['long', ...Array.from({ length: callsInFlight - 1 }, (_, i) => `sent ${i}`)];
    const holding = inThread.map((name, i) => query(name, i === 0 ? 'SELECT pg_sleep(0.3)::text' : 'SELECT 1'));
    const others = ['a', 'b', 'c'].map((name) => query(name));
    const urgent = urgently(() => query('urgent'));
    await Promise.all([...holding, ...others, urgent]);
    expect(done).toEqual([...inThread, 'urgent', 'a', 'b', 'c']);
  });

  it('sends an urgent query first once an open transaction ends, whatever came before it', async () => {
    const done: string[] = [];
    let opened = () => {};
    const open = new Promise<void>((resolve) => (opened = resolve));
    const transaction = database.prisma
      .$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT 1');
        opened();
        // Long enough for the three below to reach the connection while it is open, even on a busy machine.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.$queryRawUnsafe('SELECT 2');
      })
      .then(() => done.push('transaction'));
    await open;
    // Fewer than the thread holds: without a transaction open, each would go at once, in this order.
    const query = (name: string) => database.prisma.$queryRawUnsafe('SELECT 1').then(() => done.push(name));
    const others = [query('a'), query('b')];
    const urgent = urgently(() => query('urgent'));
    await Promise.all([transaction, ...others, urgent]);
    expect(done).toEqual(['transaction', 'urgent', 'a', 'b']);
  });

  it('never holds an open transaction’s calls behind the calls that transaction holds up', async () => {
    let opened = () => {};
    const open = new Promise<void>((resolve) => (opened = resolve));
    const transaction = database.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT 1');
      opened();
      // Meanwhile more calls than the thread holds arrive; those it holds wait for this transaction.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.$queryRawUnsafe('SELECT 2');
      return 'committed';
    });
    await open;
    // Sent now (a Prisma query starts only once something waits for it).
    const others = Array.from({ length: callsInFlight + 2 }, () =>
      database.prisma.$queryRawUnsafe('SELECT 1').then(() => 'answered'),
    );
    expect(await transaction).toBe('committed');
    expect(await Promise.all(others)).toEqual(Array(callsInFlight + 2).fill('answered'));
  });

  it('rolls a failed interactive transaction back and commits a successful one', async () => {
    await expect(
      database.prisma.$transaction(async (tx) => {
        await tx.community.create({ data: { platform: 'slack', externalId: 'T-rolled-back', name: 'x' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await database.prisma.community.count({ where: { externalId: 'T-rolled-back' } })).toBe(0);

    await database.prisma.$transaction(async (tx) => {
      await tx.community.create({ data: { platform: 'slack', externalId: 'T-kept', name: 'x' } });
    });
    expect(await database.prisma.community.count({ where: { externalId: 'T-kept' } })).toBe(1);
  });

  it('maps a unique violation to P2002, as on the main thread', async () => {
    const data = { platform: 'discord' as const, externalId: 'guild-twice', name: 'x' };
    await database.prisma.community.create({ data });
    const error = await database.prisma.community.create({ data }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
  });

  it('reports a failing script, and an SQL error, as driver errors', async () => {
    const adapter = await database.factory.connect();
    await expect(adapter.executeScript('SELECT 1; SELECT * FROM no_such_table;')).rejects.toMatchObject({
      name: 'DriverAdapterError',
      cause: { kind: 'TableDoesNotExist' },
    });
    await expect(adapter.queryRaw({ sql: 'SELEC 1', args: [], argTypes: [] })).rejects.toMatchObject({
      name: 'DriverAdapterError',
      cause: { kind: 'postgres', code: '42601' },
    });
  });

  it('refuses a second opening of the folder, closes cleanly, and the data is there when reopened', async () => {
    await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toBeInstanceOf(StorageError);
    await database.prisma.community.create({ data: { platform: 'slack', externalId: 'T-survives', name: 'x' } });
    await database.close();
    await expect(database.prisma.community.count()).rejects.toThrow();

    database = await openDatabase({ kind: 'embedded', dataDir });
    expect(database.applied).toEqual([]);
    expect(await database.prisma.community.count({ where: { externalId: 'T-survives' } })).toBe(1);
  }, 60_000);

  it('tells when its thread stops on its own, and not when it is closed', async () => {
    const { startEmbeddedWorker } = await import('../../src/storage/embedded-worker.ts');
    const { copyTemplate } = await import('../../src/storage/template.ts');
    const folder = join(root, 'lost');
    // The blank database made at install, when there is one: no initdb to wait for.
    await copyTemplate(folder);
    const opened = () => startEmbeddedWorker({ dataDir: folder, settings: {}, modules: {} });
    const closed = await opened();
    await closed.close();
    const never = Symbol('not lost');
    expect(await Promise.race([closed.lost, new Promise((r) => setTimeout(r, 200, never))])).toBe(never);

    const crashed = await opened();
    await crashed.thread.terminate();
    expect((await crashed.lost).message).toMatch(/thread stopped/);
    await expect(
      crashed.factory.connect().then((c) => c.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] })),
    ).rejects.toThrow(/thread stopped/);
  }, 60_000);
});
