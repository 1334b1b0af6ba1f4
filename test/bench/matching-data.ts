import { randomUUID } from 'node:crypto';
import { domains, goals, languages, situations, type Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { MatchProfile } from '../../src/core/matching/score.ts';
import type { PrismaClient } from '../../src/storage/database.ts';

/** A seeded generator, so every run measures the same population. */
export function random(seed = 42) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const regions = [
  'lyon',
  'paris',
  'nantes',
  'rennes',
  'lille',
  'marseille',
  'bordeaux',
  'toulouse',
  'montreal',
  'bruxelles',
];
const stacks = [
  'java',
  'kotlin',
  'python',
  'react',
  'vue',
  'angular',
  'go',
  'rust',
  'php',
  'ruby',
  'kubernetes',
  'terraform',
  'sql',
  'swift',
];

/** A plausible community: most speak French, a third English, a few others. */
export function population(
  count: number,
  prefix: string,
  rnd: () => number,
  role: 'mentor' | 'mentee',
): MatchProfile[] {
  const some = <T>(values: readonly T[], max: number) => values.filter(() => rnd() < max / values.length);
  return Array.from({ length: count }, (_, i) => ({
    memberId: `${prefix}${String(i).padStart(6, '0')}`,
    situation: situations[Math.floor(rnd() * situations.length)]!,
    domains: [domains[Math.floor(rnd() * domains.length)]!, ...some(domains, 1.5)],
    languages: [
      ...new Set([rnd() < 0.9 ? 'fr' : 'en', ...(rnd() < 0.35 ? ['en' as const] : []), ...some(languages, 0.3)]),
    ] as MatchProfile['languages'],
    remote: rnd() < 0.7,
    seeks: role === 'mentee' ? [goals[Math.floor(rnd() * goals.length)]!, ...some(goals, 1.5)] : [],
    offers: role === 'mentor' ? [goals[Math.floor(rnd() * goals.length)]!, ...some(goals, 3)] : [],
    stacks: some(stacks, 3),
    region: regions[Math.floor(rnd() * regions.length)]!,
    hoursPerMonth: 1 + Math.floor(rnd() * 10),
    capacity: 1 + Math.floor(rnd() * 3),
  }));
}

/** The questionnaire answers that give this profile. */
export function answersOf(p: MatchProfile, role: 'mentor' | 'mentee'): Answers {
  return {
    role,
    situation: p.situation,
    domains: [...p.domains],
    languages: [...p.languages],
    remote: p.remote,
    ...(role === 'mentee' ? { seeks: [...p.seeks] } : { offers: [...p.offers], capacity: p.capacity }),
    stacks: [...p.stacks],
    region: p.region,
    hoursPerMonth: p.hoursPerMonth,
    consent: true,
  };
}

interface Person {
  id: string;
  external: string;
  answers: Answers | null;
}

/** Rows per INSERT: one JSON parameter each, so the seeding is a few dozen statements. */
const chunk = 2_000;

async function insertPeople(prisma: PrismaClient, communityId: string, people: Person[]) {
  for (let start = 0; start < people.length; start += chunk) {
    const rows = people.slice(start, start + chunk);
    await prisma.$executeRawUnsafe(
      `INSERT INTO members (id, community_id, external_user_id, display_name, updated_at)
       SELECT r.id, $1::uuid, r.external, r.external, now() FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, external text)`,
      communityId,
      JSON.stringify(rows.map(({ id, external }) => ({ id, external }))),
    );
    const profiles = rows
      .filter((r) => r.answers)
      .map((r) => ({ id: r.id, answers: r.answers, role: r.answers!.role, capacity: r.answers!.capacity ?? null }));
    await prisma.$executeRawUnsafe(
      `INSERT INTO profiles (id, member_id, community_id, questionnaire_version, answers, role, capacity, consented_at, completed_at, updated_at)
       SELECT gen_random_uuid(), r.id, $1::uuid, 1, r.answers, r.role::"ProfileRole", r.capacity, now(), now(), now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, answers jsonb, role text, capacity int)`,
      communityId,
      JSON.stringify(profiles),
    );
  }
}

/** `sql` reads the chunk as $1 (a JSON array), then `params` as $2… */
async function insertRows(prisma: PrismaClient, sql: string, rows: object[], ...params: unknown[]) {
  for (let start = 0; start < rows.length; start += chunk)
    await prisma.$executeRawUnsafe(sql, JSON.stringify(rows.slice(start, start + chunk)), ...params);
}

export interface Seeded {
  /** Database id of each generated profile, by its generated memberId. */
  ids: Map<string, string>;
  mentorIds: string[];
  menteeIds: string[];
}

/**
 * What a community that ran for a while holds, in a few set-based statements: mentors and
 * waiting mentees with complete profiles; an active pair (with a mentee of her own) for the
 * mentors `loads` says are busy; for each waiting mentee, `declinedPerMentee` mentors who
 * declined her and one block, so exclusions are real rows.
 */
export async function seedMatching(
  prisma: PrismaClient,
  communityId: string,
  {
    mentors,
    mentees,
    loads,
    declinedPerMentee = 3,
    rnd = random(11),
  }: {
    mentors: MatchProfile[];
    mentees: MatchProfile[];
    loads: ReadonlyMap<string, number>;
    declinedPerMentee?: number;
    rnd?: () => number;
  },
): Promise<Seeded> {
  const ids = new Map<string, string>();
  const person = (p: MatchProfile, role: 'mentor' | 'mentee'): Person => {
    const id = randomUUID();
    ids.set(p.memberId, id);
    return { id, external: p.memberId, answers: answersOf(p, role) };
  };
  const people = [...mentors.map((m) => person(m, 'mentor')), ...mentees.map((m) => person(m, 'mentee'))];
  const pairs: { id: string; mentee: string; mentor: string }[] = [];
  mentors.forEach((m, i) => {
    for (let k = 0; k < (loads.get(m.memberId) ?? 0); k += 1) {
      const mentee = { id: randomUUID(), external: `paired-${i}-${k}`, answers: null };
      people.push(mentee);
      pairs.push({ id: randomUUID(), mentee: mentee.id, mentor: ids.get(m.memberId)! });
    }
  });
  await insertPeople(prisma, communityId, people);
  await insertRows(
    prisma,
    `INSERT INTO pairs (id, community_id, mentee_id, mentor_id, status, started_at)
     SELECT r.id, $2::uuid, r.mentee, r.mentor, 'active', now() - interval '30 days' FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, mentee uuid, mentor uuid)`,
    pairs,
    communityId,
  );
  const mentorIds = mentors.map((m) => ids.get(m.memberId)!);
  const menteeIds = mentees.map((m) => ids.get(m.memberId)!);
  const declined: { mentee: string; mentor: string }[] = [];
  const blocks: { blocker: string; blocked: string }[] = [];
  for (const mentee of menteeIds) {
    const picked = new Set<string>();
    while (picked.size < Math.min(declinedPerMentee + 1, mentorIds.length))
      picked.add(mentorIds[Math.floor(rnd() * mentorIds.length)]!);
    const [blocked, ...rest] = [...picked];
    if (blocked && declinedPerMentee > 0) blocks.push({ blocker: blocked, blocked: mentee });
    for (const mentor of rest) declined.push({ mentee, mentor });
  }
  await insertRows(
    prisma,
    `INSERT INTO mentorship_requests (id, community_id, mentee_id, mentor_id, status, expires_at, answered_at, closed_at)
     SELECT gen_random_uuid(), $2::uuid, r.mentee, r.mentor, 'declined', now() + interval '14 days', now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS r(mentee uuid, mentor uuid)`,
    declined,
    communityId,
  );
  await insertRows(
    prisma,
    `INSERT INTO blocks (blocker_id, blocked_id) SELECT r.blocker, r.blocked FROM jsonb_to_recordset($1::jsonb) AS r(blocker uuid, blocked uuid) ON CONFLICT DO NOTHING`,
    blocks,
  );
  return { ids, mentorIds, menteeIds };
}
