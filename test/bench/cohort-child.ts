// A cohort round in a process of its own, so its peak memory is its own.
//   cohort-child.ts seed <database> <mentees> <mentors>
//     fills a fresh database (a folder for the embedded one, or a postgres:// URL) with a
//     community that ran for a while (see seedMatching); prints { communityId, adminId, mentees }.
//   cohort-child.ts round <database> <communityId> <adminId>
//     opens it, as the bot would, and runs the real round (services.matching.cohortRound):
//     the reads, the ranking, the assignment and every write (round, featured rows, one DM
//     per mentee in the outbox, audit); then counts what was written. Prints
//     { ms, summaryMs, featured, messages, mentees, mentors, rssMb }.
//   cohort-child.ts assign <mentees> <mentors>
//     the computation alone, in memory: every waiting mentee's best candidates, then the
//     optimal featured assignment (no database, no exclusions, no writes). Prints { ms, featured, rssMb }.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../src/core/clock.ts';
import { assignFeatured } from '../../src/core/matching/assignment.ts';
import { createMatchingService } from '../../src/core/matching/matching-service.ts';
import { createMentorPool } from '../../src/core/matching/score.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { population, random, seedMatching } from './matching-data.ts';

const [mode, ...args] = process.argv.slice(2);
const openAt = (target: string) =>
  openDatabase(
    target.startsWith('postgres') ? { kind: 'postgres', url: target } : { kind: 'embedded', dataDir: target },
  );

function people(menteeCount: number, mentorCount: number) {
  const rnd = random(7);
  const mentors = population(mentorCount, 'r', rnd, 'mentor');
  const mentees = population(menteeCount, 'e', rnd, 'mentee');
  const loads = new Map(mentors.map((m) => [m.memberId, rnd() < 0.3 ? 1 : 0]));
  return { mentors, mentees, loads };
}

function peakMemory() {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return () => {
    clearInterval(sampler);
    return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
  };
}

if (mode === 'assign') {
  const { mentors, mentees, loads } = people(Number(args[0] ?? 5000), Number(args[1] ?? 2000));
  const stop = peakMemory();
  const started = performance.now();
  const pool = createMentorPool(mentors, loads);
  const perMentee = mentees.map((mentee) => ({
    id: mentee.memberId,
    candidates: pool.suggest(mentee, { limit: 10 }).map((s) => ({ mentor: s.memberId, score: s.score })),
  }));
  const capacity = new Map(mentors.map((m) => [m.memberId, m.capacity - (loads.get(m.memberId) ?? 0)]));
  const featured = assignFeatured({ mentees: perMentee, capacity });
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, featured: featured.size, rssMb: stop() }));
} else if (mode === 'seed') {
  const [target = '', menteeCount = '5000', mentorCount = '2000'] = args;
  const database = await openAt(target);
  try {
    const store = createStore(database.prisma);
    const community = await store.communities.ensure({
      platform: 'discord',
      externalId: `G-cohort-${randomUUID()}`,
      name: 'Duchess France',
    });
    const seeded = await seedMatching(database.prisma, community.id, people(Number(menteeCount), Number(mentorCount)));
    const admin = await store.members.ensure({ communityId: community.id, externalUserId: 'admin' });
    console.log(JSON.stringify({ communityId: community.id, adminId: admin.id, mentees: seeded.menteeIds.length }));
  } finally {
    await database.close();
  }
} else if (mode === 'round') {
  const [target = '', communityId = '', adminId = ''] = args;
  const stop = peakMemory();
  const database = await openAt(target);
  try {
    const store = createStore(database.prisma);
    const community = await store.communities.get(communityId);
    const admin = await store.members.get(adminId);
    const started = performance.now();
    const round = await createMatchingService({ store, clock: systemClock }).cohortRound(community, admin);
    const ms = performance.now() - started;
    const [dms, featured, audits] = await Promise.all([
      database.prisma.outboxMessage.count({ where: { communityId, key: { startsWith: `cohort:${round.roundId}:` } } }),
      database.prisma.featuredSuggestion.count({ where: { roundId: round.roundId } }),
      database.prisma.auditLog.count({ where: { communityId, action: 'cohort.round', targetId: round.roundId } }),
    ]);
    if (dms !== round.messages || featured !== round.featured || audits !== 1) {
      throw new Error(
        `the round wrote ${dms} DMs, ${featured} featured rows and ${audits} audit entries, its summary says ${JSON.stringify(round)}`,
      );
    }
    console.log(
      JSON.stringify({
        ms,
        summaryMs: round.ms,
        featured,
        messages: dms,
        mentees: round.mentees,
        mentors: round.mentors,
        rssMb: stop(),
      }),
    );
  } finally {
    await database.close();
  }
} else {
  throw new Error(`unknown mode ${mode}: seed, round or assign`);
}
