// Mentored event groups at volume: 1,000 participants and 250 mentors, with complete
// profiles (situations, domains, languages), on the embedded database (a fresh one in a
// temporary folder).
// 1. events.groups_1000: what an admin's "make the groups" does, through
//    services.events.makeGroups: the event locked, every registration and profile read,
//    the groups computed, the proposal written back (one statement) and audited, in one
//    transaction. The median of BENCH_EVENTS_RUNS runs (5 by default) after a warm-up.
// 2. events.groups_1000.compute: the grouping alone (makeGroups), median of 50 runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeGroups, type EventPerson } from '../../src/core/events/grouping.ts';
import { domains, languages, situations } from '../../src/core/onboarding/questionnaire.ts';
import { createServices } from '../../src/core/services.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { percentile, round, type Bench } from './figures.ts';
import { random } from './matching-data.ts';

const PARTICIPANTS = 1_000;
const MENTORS = 250;
const RUNS = Number(process.env.BENCH_EVENTS_RUNS ?? 5);

/** Everyone speaks French; some another language too. */
function people(prefix: string, n: number, rnd: () => number): EventPerson[] {
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    memberId: `${prefix}${i}`,
    situation: pick(situations),
    domains: [...new Set([pick(domains), pick(domains)])],
    languages: rnd() < 0.3 ? ['fr', pick(languages.filter((l) => l !== 'fr'))] : ['fr'],
  }));
}

export const events: Bench = async () => {
  const rnd = random(13);
  const participants = people('p', PARTICIPANTS, rnd);
  const mentors = people('m', MENTORS, rnd);

  const compute: number[] = [];
  for (let i = 0; i < 55; i += 1) {
    const started = performance.now();
    const grouping = makeGroups(participants, mentors);
    if (i >= 5) compute.push(performance.now() - started);
    if (grouping.kind !== 'groups' || grouping.groups.length !== MENTORS)
      throw new Error(`unexpected grouping: ${grouping.kind}`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'marraine-events-bench-'));
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const services = createServices({
      store: createStore(database.prisma),
      clock: { now: () => new Date('2027-02-01T09:00:00Z') },
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const community = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'G-events-bench',
      name: 'ESTIM',
      locale: 'fr',
    });
    const admin = await services.store.members.ensure({ communityId: community.id, externalUserId: 'admin' });
    // Members, profiles and registrations in a few set-based statements (registering is tested elsewhere).
    const everyone = [
      ...participants.map((p) => ({ ...p, mentor: false })),
      ...mentors.map((m) => ({ ...m, mentor: true })),
    ];
    await database.prisma.member.createMany({
      data: everyone.map((p) => ({ communityId: community.id, externalUserId: p.memberId })),
    });
    const ids = new Map(
      (
        await database.prisma.member.findMany({
          where: { communityId: community.id },
          select: { id: true, externalUserId: true },
        })
      ).map((m) => [m.externalUserId, m.id]),
    );
    const now = new Date();
    await database.prisma.profile.createMany({
      data: everyone.map((p) => ({
        memberId: ids.get(p.memberId) as string,
        communityId: community.id,
        questionnaireVersion: 1,
        answers: {
          role: p.mentor ? 'mentor' : 'mentee',
          situation: p.situation,
          domains: p.domains,
          languages: p.languages,
          consent: true,
        },
        role: p.mentor ? 'mentor' : 'mentee',
        completedAt: now,
        consentedAt: now,
      })),
    });
    const event = await services.events.create(
      community,
      admin,
      { name: 'Journée découverte', date: '13/03/2027' },
      'retry',
    );
    await database.prisma.eventParticipant.createMany({
      data: everyone.map((p) => ({
        eventId: event.id,
        memberId: ids.get(p.memberId) as string,
        mentor: p.mentor,
        via: 'admin',
        registeredAt: now,
      })),
    });

    const samples: number[] = [];
    for (let i = 0; i < RUNS + 1; i += 1) {
      const started = performance.now();
      const grouping = await services.events.makeGroups(community, admin, event.id);
      if (i > 0) samples.push(performance.now() - started);
      if (grouping.kind !== 'groups') throw new Error(`unexpected grouping: ${grouping.kind}`);
    }
    const grouped = await database.prisma.eventParticipant.count({
      where: { eventId: event.id, groupNumber: { not: null } },
    });
    if (grouped !== PARTICIPANTS + MENTORS) throw new Error(`expected everyone grouped, found ${grouped}`);
    process.stderr.write(
      `  events: make the groups (database included) median ${round(percentile(samples, 50), 0)} ms, slowest ${round(Math.max(...samples), 0)} ms; the grouping alone p50 ${round(percentile(compute, 50), 1)} ms\n`,
    );
    return [
      {
        bench: 'events.groups_1000',
        value: round(percentile(samples, 50), 0),
        unit: 'ms',
        target: 1000,
        better: 'lower',
      },
      { bench: 'events.groups_1000.compute', value: round(percentile(compute, 50), 1), unit: 'ms', better: 'lower' },
    ];
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};
