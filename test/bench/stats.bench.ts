// `stats` at volume, on the embedded database (a fresh one in a temporary folder).
// stats.query: the figures of a community of 10,000 members who answered the questionnaire
// (mentors, mentees, both, peers; active, paused, gone; 13 regions), with three years of
// history: 20,000 requests in every state, 5,000 pairs (active, paused, ended), their
// check-ins every three weeks (about 30,000) and 3,500 posts. Timed: store.stats.figures,
// the one statement `stats` runs, for the last 12 months (the widest chart); BENCH_STATS_RUNS
// runs (20 by default) after 3 warm-ups, the median is the figure. To stderr: the same with
// a region filter, the whole report (with the circles' and events' query), and the chart
// rendered to PNG.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Community } from '../../src/core/community.ts';
import { chartSvg } from '../../src/core/stats/chart.ts';
import { periodWindow } from '../../src/core/stats/period.ts';
import { renderPng } from '../../src/core/stats/png.ts';
import { chartSpec } from '../../src/core/stats/report-text.ts';
import { createStatsService } from '../../src/core/stats/stats-service.ts';
import type { Store } from '../../src/core/store.ts';
import { translator } from '../../src/i18n/index.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { percentile, round, type Bench } from './figures.ts';

const MEMBERS = 10_000;
const REQUESTS = 20_000;
const PAIRS = 5_000;
const POSTS = 3_500;
const RUNS = Number(process.env.BENCH_STATS_RUNS ?? 20);
const NOW = new Date('2026-06-15T10:00:00Z');
const regions = [
  'Île-de-France',
  'Auvergne-Rhône-Alpes',
  'Occitanie',
  'Nouvelle-Aquitaine',
  'Hauts-de-France',
  'Grand Est',
  'Provence-Alpes-Côte d’Azur',
  'Bretagne',
  'Normandie',
  'Pays de la Loire',
  'Bourgogne-Franche-Comté',
  'Centre-Val de Loire',
  'Corse',
];

/** Everything in a few set-based statements: what three years of the program would have left. */
async function seed(database: Database, store: Store, community: Community): Promise<void> {
  const sql = (text: string) => database.prisma.$executeRawUnsafe(text, community.id, NOW);
  // Roles: 20 % mentors, 10 % both, 60 % mentees, 10 % peers; 4 % gone, 6 % paused; joined over three years.
  await sql(`
    INSERT INTO members (id, community_id, external_user_id, display_name, status, created_at, updated_at)
    SELECT gen_random_uuid(), $1::uuid, 'member-' || n, 'Membre ' || n,
           (CASE WHEN n % 25 = 0 THEN 'left' WHEN n % 17 = 0 THEN 'paused' ELSE 'active' END)::"MemberStatus",
           $2::timestamptz - ((n * 97) % 1095 || ' days')::interval, $2::timestamptz
      FROM generate_series(1, ${MEMBERS}) n`);
  await sql(`
    INSERT INTO profiles (id, member_id, community_id, questionnaire_version, answers, role, capacity, consented_at, completed_at, updated_at)
    SELECT gen_random_uuid(), m.id, $1::uuid, 1,
           jsonb_build_object('role', r.role, 'situation', (ARRAY['student','junior','experienced','career-change','returning'])[n % 5 + 1],
                              'region', (ARRAY[${regions.map((r) => `'${r.replace(/'/g, "''")}'`).join(',')}])[n % ${regions.length} + 1], 'languages', jsonb_build_array('fr')),
           r.role::"ProfileRole", CASE WHEN r.role IN ('mentor', 'both') THEN 3 END, m.created_at, m.created_at, $2::timestamptz
      FROM members m
      CROSS JOIN LATERAL (SELECT substring(m.external_user_id FROM 8)::int AS n) k(n)
      CROSS JOIN LATERAL (SELECT CASE WHEN n % 10 < 2 THEN 'mentor' WHEN n % 10 = 2 THEN 'both' WHEN n % 10 = 3 THEN 'peer' ELSE 'mentee' END AS role) r
     WHERE m.community_id = $1::uuid`);
  // Pairs: distinct mentees (n % 10 ≥ 4) with mentors (n % 10 < 2); 1,500 active and 300 paused (started within
  // 9 months), the rest ended after their 6 months.
  await sql(`
    INSERT INTO pairs (id, community_id, mentee_id, mentor_id, status, started_at, ended_at)
    SELECT gen_random_uuid(), $1::uuid, e.id, r.id, s.status::"PairStatus",
           $2::timestamptz - (CASE WHEN s.status = 'ended' THEN (k * 53) % 900 + 180 ELSE (k * 53) % 270 END || ' days')::interval,
           CASE WHEN s.status = 'ended' THEN $2::timestamptz - ((k * 53) % 900 || ' days')::interval END
      FROM generate_series(1, ${PAIRS}) k
      CROSS JOIN LATERAL (SELECT CASE WHEN k <= 1500 THEN 'active' WHEN k <= 1800 THEN 'paused' ELSE 'ended' END AS status) s
      JOIN members e ON e.community_id = $1::uuid AND e.external_user_id = 'member-' || ((k - 1) % 6000 / 6 * 10 + 4 + (k - 1) % 6)
      JOIN members r ON r.community_id = $1::uuid AND r.external_user_id = 'member-' || ((k * 7) % 1000 * 10 + 1 + k % 2 * 9)`);
  // Check-ins every three weeks of each pair's life, answered mostly "met".
  await sql(`
    INSERT INTO check_ins (id, pair_id, due_on, answer, answered_at)
    SELECT gen_random_uuid(), p.id, d::date,
           (CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN 'not_yet' WHEN i % 23 = 0 THEN 'need_help' ELSE 'met' END)::"CheckInAnswer",
           CASE WHEN i % 7 = 0 THEN NULL ELSE d + interval '1 day' END
      FROM pairs p
      CROSS JOIN LATERAL (SELECT d, row_number() OVER () AS i FROM generate_series(p.started_at + interval '21 days', coalesce(p.ended_at, $2::timestamptz), interval '21 days') d) c
     WHERE p.community_id = $1::uuid`);
  // Requests over three years, in every state.
  await sql(`
    INSERT INTO mentorship_requests (id, community_id, mentee_id, mentor_id, status, volunteered, created_at, answered_at, closed_at, expires_at)
    SELECT gen_random_uuid(), $1::uuid, e.id, r.id, s.status::"RequestStatus", k % 11 = 0, c.at,
           CASE WHEN s.status IN ('offered', 'accepted', 'declined') THEN c.at + interval '2 days' END,
           CASE WHEN s.status IN ('accepted', 'cancelled', 'expired') THEN c.at + interval '5 days' END, c.at + interval '14 days'
      FROM generate_series(1, ${REQUESTS}) k
      CROSS JOIN LATERAL (SELECT $2::timestamptz - ((k * 31) % 1095 || ' days')::interval - (k % 24 || ' hours')::interval AS at) c
      CROSS JOIN LATERAL (SELECT CASE WHEN c.at > $2::timestamptz - interval '14 days' THEN (ARRAY['pending','offered'])[k % 2 + 1]
                                      ELSE (ARRAY['accepted','declined','expired','cancelled','expired','declined'])[k % 6 + 1] END AS status) s
      JOIN members e ON e.community_id = $1::uuid AND e.external_user_id = 'member-' || ((k * 13) % 1000 * 10 + 4 + k % 6)
      JOIN members r ON r.community_id = $1::uuid AND r.external_user_id = 'member-' || ((k * 17) % 1000 * 10 + 1 + k % 2 * 9)
    ON CONFLICT DO NOTHING`);
  await sql(`
    INSERT INTO submissions (id, community_id, author_id, category, caption, credit, consent, status, published_on, publish_slot, published_at, created_at, updated_at)
    SELECT gen_random_uuid(), $1::uuid, m.id, 'coding', 'Une photo', 'name', 'community',
           (CASE WHEN k <= 3000 THEN 'published' ELSE 'pending' END)::"SubmissionStatus",
           CASE WHEN k <= 3000 THEN ($2::timestamptz - (k % 1095 || ' days')::interval)::date END, CASE WHEN k <= 3000 THEN k / 1095 END,
           CASE WHEN k <= 3000 THEN $2::timestamptz - (k % 1095 || ' days')::interval END, $2::timestamptz, $2::timestamptz
      FROM generate_series(1, ${POSTS}) k
      JOIN members m ON m.community_id = $1::uuid AND m.external_user_id = 'member-' || ((k * 7) % ${MEMBERS} + 1)`);
  for (const name of regions)
    await store.regions.create({ communityId: community.id, name, aliases: [], delegateId: null });
  await database.prisma.$executeRawUnsafe('ANALYZE');
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

export const stats: Bench = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'marraine-stats-bench-'));
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const store = createStore(database.prisma);
    const community = await store.communities.ensure({
      platform: 'discord',
      externalId: `G-bench-${randomUUID()}`,
      name: 'Duchess France',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    const seeding = performance.now();
    await seed(database, store, community);
    const counts = await database.prisma.$queryRawUnsafe<
      { members: number; requests: number; pairs: number; check_ins: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM mentorship_requests) AS requests,
              (SELECT count(*)::int FROM pairs) AS pairs, (SELECT count(*)::int FROM check_ins) AS check_ins`,
    );
    process.stderr.write(
      `  stats: seeded ${JSON.stringify(counts[0])} in ${round((performance.now() - seeding) / 1000, 1)} s\n`,
    );

    const window = periodWindow('year', NOW, community.timeZone);
    const query = { communityId: community.id, ...window, now: NOW, timeZone: community.timeZone, region: null };
    const figures = await store.stats.figures(query);
    if (figures.members.current + figures.members.byStatus.left !== MEMBERS)
      throw new Error(`expected ${MEMBERS} members, counted ${JSON.stringify(figures.members)}`);
    const samples = await timed(RUNS, () => store.stats.figures(query));

    const service = createStatsService({ store, clock: { now: () => NOW } });
    const regional = await timed(RUNS, () => service.report(community, { period: 'year', region: 'Occitanie' }));
    const whole = await timed(RUNS, () => service.report(community, { period: 'year' }));
    const report = await service.report(community, { period: 'year' });
    const svg = chartSvg(chartSpec(translator('fr'), 'fr', community, report));
    const chart = await timed(5, () => renderPng(svg));
    process.stderr.write(
      `  stats: figures p50 ${round(percentile(samples, 50), 1)} ms, slowest ${round(Math.max(...samples), 1)} ms; ` +
        `report for one region p50 ${round(percentile(regional, 50), 1)} ms; whole report (with circles and events) p50 ${round(percentile(whole, 50), 1)} ms; ` +
        `chart PNG p50 ${round(percentile(chart, 50), 1)} ms\n`,
    );
    return [
      { bench: 'stats.query', value: round(percentile(samples, 50), 1), unit: 'ms', target: 200, better: 'lower' },
    ];
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};
