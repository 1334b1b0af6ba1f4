import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createMatchingService } from '../../src/core/matching/matching-service.ts';
import type { OutboxEntry } from '../../src/core/outbox.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';

/**
 * A cohort round writes in short steps (the round, its DMs in chunks each committed on its
 * own, then its summary and audit), so a round of 10,000 mentees never needs one long
 * transaction; a run that stops half-way is finished by the next, each mentee getting her
 * DM once.
 */
describeEachDatabase('cohort rounds written in pieces', (kind) => {
  let database: Database;
  let store: Store;
  let community: Community;
  let admin: Member;
  let mentees: Member[];
  const clock = createManualClock('2026-04-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    community = await store.communities.ensure({
      platform: 'slack',
      externalId: `T-${Math.random()}`,
      name: 'Duchess',
    });
    mentees = [];
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
      mentees.push(await createPerson(store, community, name, menteeAnswers, clock.now()));
    for (const name of ['nadia', 'lina', 'zoe'])
      await createPerson(store, community, name, mentorAnswers({ capacity: 2 }), clock.now());
    admin = await store.members.ensure({ communityId: community.id, externalUserId: 'admin' });
  });

  /** The store, except that writing DMs fails from the `failAt`-th write on (1-based), or each write waits. */
  const flaky = (options: { failAt?: number; delayMs?: number }): Store => {
    let writes = 0;
    return {
      ...store,
      outbox: {
        ...store.outbox,
        enqueueMany: async (entries: readonly OutboxEntry[]) => {
          writes += 1;
          if (options.failAt !== undefined && writes >= options.failAt) throw new Error('connection lost');
          if (options.delayMs) await sleep(options.delayMs);
          return store.outbox.enqueueMany(entries);
        },
      },
    };
  };
  const cohortDms = async () =>
    await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: 'cohort:' } },
      select: { key: true, target: true },
    });
  const rounds = () =>
    database.prisma.cohortRound.findMany({ where: { communityId: community.id }, orderBy: { createdAt: 'asc' } });
  const audits = () => store.auditLog.list(community.id, { action: 'cohort.round' });

  it('commits its DMs in pieces; the next run finishes the same round, and no mentee gets her DM twice', async () => {
    const failed = await createMatchingService({ store: flaky({ failAt: 2 }), clock })
      .cohortRound(community, admin, { chunk: 3 })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    // The first piece stayed: it was committed on its own, not in one transaction with the rest.
    expect(await cohortDms()).toHaveLength(3);
    const [stopped] = await rounds();
    expect(stopped?.summary).toMatchObject({ state: 'writing', mentees: 7 });
    expect(await audits()).toHaveLength(0);

    const retry = await createMatchingService({ store, clock }).cohortRound(community, admin, { chunk: 3 });
    expect(retry).toMatchObject({ roundId: stopped!.id, resumed: true, mentees: 7, messages: 4 });
    const dms = await cohortDms();
    expect(dms.map((d) => d.key).sort()).toEqual(mentees.map((m) => `cohort:${stopped!.id}:${m.id}`).sort());
    expect(new Set(dms.map((d) => JSON.stringify(d.target))).size).toBe(7);
    expect(await rounds()).toHaveLength(1);
    expect((await rounds())[0]?.summary).toMatchObject({ state: 'done', messages: 4, resumed: true });
    expect(await audits()).toHaveLength(1);

    // Once finished, a later run is a new round, with DMs of its own (one at the same moment would join it).
    clock.advance(60_000);
    const next = await createMatchingService({ store, clock }).cohortRound(community, admin);
    expect(next).toMatchObject({ resumed: false, messages: 7 });
    expect(next.roundId).not.toBe(stopped!.id);
  });

  it('starts a new round rather than finish one left unfinished more than an hour ago', async () => {
    await createMatchingService({ store: flaky({ failAt: 1 }), clock })
      .cohortRound(community, admin)
      .catch(() => {});
    const [old] = await rounds();
    clock.advance(61 * 60 * 1000);
    const round = await createMatchingService({ store, clock }).cohortRound(community, admin);
    expect(round.roundId).not.toBe(old!.id);
    expect(round).toMatchObject({ resumed: false, messages: 7 });
    expect((await database.prisma.cohortRound.findUnique({ where: { id: old!.id } }))?.summary).toMatchObject({
      state: 'abandoned',
    });
  });

  it('reports a duration that includes its writes', async () => {
    const round = await createMatchingService({ store: flaky({ delayMs: 60 }), clock }).cohortRound(community, admin, {
      chunk: 4,
    });
    // Two writes of 60 ms at least: the clock stops after them.
    expect(round.ms).toBeGreaterThanOrEqual(120);
    expect((await audits())[0]?.details).toMatchObject({ ms: round.ms, messages: 7 });
  });

  it('joins the round another run started and finished while it was computing', async () => {
    let seen!: () => void;
    const hasRead = new Promise<void>((resolve) => (seen = resolve));
    let finish!: () => void;
    const otherDone = new Promise<void>((resolve) => (finish = resolve));
    // This run reads, then waits to write until the other run has done everything.
    const slow: Store = {
      ...store,
      matching: { ...store.matching, latestRound: async (id) => store.matching.latestRound(id).finally(seen) },
      transaction: async (work) => {
        await otherDone;
        return store.transaction(work);
      },
    };
    const late = createMatchingService({ store: slow, clock }).cohortRound(community, admin);
    await hasRead;
    const first = await createMatchingService({ store, clock }).cohortRound(community, admin);
    finish();
    expect(await late).toMatchObject({
      roundId: first.roundId,
      resumed: true,
      messages: 0,
      featured: first.featured,
      mentees: 7,
    });
    expect(await rounds()).toHaveLength(1);
    expect(await cohortDms()).toHaveLength(7);
    expect(await audits()).toHaveLength(1);
  });

  it('joins the round it saw being written when that round is finished by the time it writes', async () => {
    const deferred = () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    const firstSaved = deferred();
    const lateHasRead = deferred();
    const firstDone = deferred();
    // The first run pauses after saving its round (state `writing`) until the late run has read it.
    const first: Store = {
      ...store,
      outbox: {
        ...store.outbox,
        enqueueMany: async (entries: readonly OutboxEntry[]) => {
          firstSaved.resolve();
          await lateHasRead.promise;
          return store.outbox.enqueueMany(entries);
        },
      },
    };
    // The late run reads the round while it is being written, then writes only once it is done.
    const late: Store = {
      ...store,
      matching: {
        ...store.matching,
        latestRound: async (id) => {
          await firstSaved.promise;
          const round = await store.matching.latestRound(id);
          lateHasRead.resolve();
          return round;
        },
      },
      transaction: async (work) => {
        await firstDone.promise;
        return store.transaction(work);
      },
    };
    const running = createMatchingService({ store: first, clock })
      .cohortRound(community, admin)
      .finally(firstDone.resolve);
    const joined = createMatchingService({ store: late, clock }).cohortRound(community, admin);
    const done = await running;
    expect(await joined).toMatchObject({ roundId: done.roundId, resumed: true, messages: 0, mentees: 7 });
    expect(await rounds()).toHaveLength(1);
    expect(await cohortDms()).toHaveLength(7);
    expect(await audits()).toHaveLength(1);
  });

  it('joins a round another admin started at the same moment, even one finished before this run read anything', async () => {
    let finish!: () => void;
    const otherDone = new Promise<void>((resolve) => (finish = resolve));
    // This run begins with the other, but its reads reach the database only once the other is done.
    const late: Store = {
      ...store,
      matching: {
        ...store.matching,
        latestRound: async (id) => {
          await otherDone;
          return store.matching.latestRound(id);
        },
      },
    };
    const joined = createMatchingService({ store: late, clock }).cohortRound(community, admin);
    const first = await createMatchingService({ store, clock }).cohortRound(community, admin);
    finish();
    expect(await joined).toMatchObject({ roundId: first.roundId, resumed: true, messages: 0 });
    expect(await rounds()).toHaveLength(1);
    expect(await cohortDms()).toHaveLength(7);
    expect(await audits()).toHaveLength(1);
  });

  it('gives each mentee one DM when two admins start a round at the same moment', async () => {
    const matching = createMatchingService({ store, clock });
    const [one, two] = await Promise.all([
      matching.cohortRound(community, admin, { chunk: 2 }),
      matching.cohortRound(community, admin, { chunk: 2 }),
    ]);
    expect(one.roundId).toBe(two.roundId);
    expect(await rounds()).toHaveLength(1);
    expect((await cohortDms()).map((d) => d.key).sort()).toEqual(
      mentees.map((m) => `cohort:${one.roundId}:${m.id}`).sort(),
    );
    expect(one.messages + two.messages).toBe(7);
    expect(await audits()).toHaveLength(1);
  });
});
