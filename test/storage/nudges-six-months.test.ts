import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createCheckinService } from '../../src/core/nudges/checkins.ts';
import { checkinSource } from '../../src/core/nudges/checkin-source.ts';
import type { Store } from '../../src/core/store.ts';
import { createOutboxSender } from '../../src/jobs/outbox-sender.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPlatform, silentLogger } from '../support/outbox-platform.ts';

const hour = 60 * 60_000;
const start = '2026-09-20T00:00:00Z';
const end = '2027-03-31T00:00:00Z';

const plusDays = (day: string, days: number) =>
  DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() as string;

describeEachDatabase('six months of check-ins in Paris, Montréal and Nouméa', (kind) => {
  let database: Database;
  let store: Store;
  let community: Community;
  const clock = createManualClock(start);
  const people: Record<string, Member> = {};
  /** Outbox key → the simulated time it reached the platform. */
  const arrivals = new Map<string, Date>();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    community = await store.communities.ensure({
      platform: 'discord',
      externalId: `g-${Math.random()}`,
      name: 'Duchess',
      timeZone: 'Europe/Paris',
    });
    const person = async (name: string, timeZone: string, extra: Parameters<Store['members']['update']>[1] = {}) =>
      (people[name] = await store.members.update(
        (await store.members.ensure({ communityId: community.id, externalUserId: name, displayName: name })).id,
        { timeZone, ...extra },
      ));
    await person('ada', 'Europe/Paris');
    // Her quiet hours run to 11:00: her check-ins wait for them, an hour after the nudge hour.
    await person('mia', 'America/Montreal', { quietFrom: 8 * 60, quietTo: 11 * 60 });
    await person('lou', 'America/Montreal');
    await person('kim', 'Pacific/Noumea');
    // Snoozed until 11:00 in Nouméa on 10 November: two check-ins fall in her snooze.
    await person('noe', 'Pacific/Noumea', { snoozedUntil: new Date('2026-11-10T00:00:00Z') });
    await person('eva', 'Europe/Paris');
    const pair = async (mentee: string, mentor: string, startedAt: string) =>
      store.matching.createPair({
        communityId: community.id,
        menteeId: people[mentee]!.id,
        mentorId: people[mentor]!.id,
        requestId: null,
        startedAt: new Date(startedAt),
      });
    await pair('ada', 'mia', '2026-09-13T15:00:00Z');
    await pair('lou', 'kim', '2026-09-20T15:00:00Z');
    await pair('noe', 'eva', '2026-09-27T15:00:00Z');
  });
  afterAll(() => database?.close());

  it('every check-in arrives once, on her local day at the nudge hour, after quiet hours and snoozes, across the clock changes', async () => {
    const platform = createPlatform();
    const scheduler = createScheduler({ store, clock, logger: silentLogger, sources: [checkinSource] });
    const sender = createOutboxSender({
      outbox: store.outbox,
      transports: { discord: platform.transport },
      clock,
      logger: silentLogger,
      options: { spacingMs: { discord: 0, slack: 0 } },
    });
    const checkins = createCheckinService({ store, clock });

    /** One tick, then the sender until the queue is empty; what reached the platform is stamped with the simulated time. */
    async function tickAndDrain() {
      if ((await scheduler.tick()).enqueued === 0) return;
      while ((await sender.tick()) > 0);
      for (const d of platform.delivered) {
        if (!arrivals.has(d.key)) arrivals.set(d.key, clock.now());
      }
    }

    // What each member should have got: every 3 weeks from her pair's clock, on her day at 10:00 her time,
    // or when her quiet hours or her snooze end; a snooze that covered two check-ins gives only the latest.
    const expected: [string, string, string][] = [];
    const schedule = (from: string, until = '2027-03-31') => {
      const days: string[] = [];
      for (let day = plusDays(from, 21); day <= until; day = plusDays(day, 21)) days.push(day);
      return days;
    };
    const at = (day: string, zone: string, h: number) =>
      DateTime.fromISO(`${day}T${String(h).padStart(2, '0')}:00`, { zone })
        .toUTC()
        .toISO() as string;
    const adaDays = [...schedule('2026-09-13', '2026-10-25'), ...schedule('2026-10-27')];
    for (const day of adaDays)
      expected.push(['ada', day, at(day, 'Europe/Paris', 10)], ['mia', day, at(day, 'America/Montreal', 11)]);
    for (const day of schedule('2026-09-20'))
      expected.push(['lou', day, at(day, 'America/Montreal', 10)], ['kim', day, at(day, 'Pacific/Noumea', 10)]);
    for (const day of schedule('2026-09-27')) {
      expected.push(['eva', day, at(day, 'Europe/Paris', 10)]);
      if (day === '2026-11-08') expected.push(['noe', day, '2026-11-10T00:00:00.000Z']);
      else if (day > '2026-11-10') expected.push(['noe', day, at(day, 'Pacific/Noumea', 10)]);
    }

    // Ticks only at the instants that matter: around each expected arrival (two hours and one hour before, ten
    // minutes before, at it, an hour after), and a probe every day at 06:00 and 18:00 UTC (a different local hour
    // in each zone). So a nudge sent early, late, on a wrong day or twice still reaches the platform at a tick
    // other than its expected moment, and shows in the arrivals at a wrong time; hourly ticks in between would
    // only add ticks where nothing can change but the clock.
    const answeredAt = new Date('2026-10-27T12:00:00Z').getTime();
    const instants = new Set<number>([answeredAt]);
    for (const [, , iso] of expected) {
      const t = new Date(iso).getTime();
      for (const offset of [-2 * hour, -hour, -10 * 60_000, 0, hour]) instants.add(t + offset);
    }
    for (let probe = new Date(start).getTime() + 6 * hour; probe < new Date(end).getTime(); probe += 12 * hour)
      instants.add(probe);
    let answered = false;
    for (const instant of [...instants].sort((a, b) => a - b)) {
      clock.set(new Date(instant));
      await tickAndDrain();
      // Ada reports they met two days after the check-in of 25 October: the clock restarts from that day.
      if (!answered && instant >= answeredAt) {
        answered = true;
        const checkIn = (await checkInOn('ada', '2026-10-25'))!;
        expect(await checkins.answer(community, people.ada!, checkIn.id, 'met')).toEqual({
          status: 'saved',
          answer: 'met',
        });
        // The clock moved back an hour right after a delivery: nothing is sent again.
        const before = platform.delivered.length;
        clock.advance(-hour);
        await tickAndDrain();
        expect(platform.delivered.length).toBe(before);
        clock.advance(hour);
      }
    }
    expect(answered).toBe(true);

    const got: [string, string, string][] = [];
    const checkInDays = new Map(
      (await database.prisma.checkIn.findMany()).map((c) => [c.id, c.dueOn.toISOString().slice(0, 10)]),
    );
    const names = new Map(Object.entries(people).map(([name, m]) => [m.id, name]));
    for (const [key, when] of arrivals) {
      const [, checkInId, memberId] = key.split(':');
      got.push([names.get(memberId!)!, checkInDays.get(checkInId!)!, when.toISOString()]);
    }
    const order = (rows: [string, string, string][]) => [...rows].sort((a, b) => a.join().localeCompare(b.join()));
    expect(order(got)).toEqual(order(expected));
    // Each message reached the platform once.
    expect(platform.delivered.length).toBe(expected.length);
    // Spot checks across the clock changes: 10:00 local is 08:00 UTC before 25 October in Paris and 09:00 after;
    // in Montréal 14:00 UTC before 1 November and 15:00 after; Nouméa never changes.
    expect(got).toContainEqual(['ada', '2026-10-04', '2026-10-04T08:00:00.000Z']);
    expect(got).toContainEqual(['ada', '2026-10-25', '2026-10-25T09:00:00.000Z']);
    expect(got).toContainEqual(['lou', '2026-10-11', '2026-10-11T14:00:00.000Z']);
    expect(got).toContainEqual(['lou', '2026-11-01', '2026-11-01T15:00:00.000Z']);
    expect(got).toContainEqual(['kim', '2026-11-01', '2026-10-31T23:00:00.000Z']);
    // Noé never got the check-in that her snooze covered and a newer one replaced.
    expect(got.filter(([name, day]) => name === 'noe' && day === '2026-10-18')).toEqual([]);

    // Moved back an hour at the end: nothing repeats.
    const before = platform.delivered.length;
    clock.advance(-hour);
    await tickAndDrain();
    expect(platform.delivered.length).toBe(before);
    // Silent pairs count their unanswered check-ins; Ada's answer reset hers.
    const pairs = await database.prisma.pair.findMany({ orderBy: { startedAt: 'asc' } });
    expect(pairs.map((p) => p.silentCheckIns)).toEqual([
      schedule('2026-10-27').length - 1,
      schedule('2026-09-20').length - 1,
      schedule('2026-09-27').length - 1,
    ]);
  }, 240_000);

  async function checkInOn(mentee: string, day: string) {
    return database.prisma.checkIn.findFirst({
      where: { dueOn: new Date(`${day}T00:00:00Z`), pair: { menteeId: people[mentee]!.id } },
    });
  }
});
