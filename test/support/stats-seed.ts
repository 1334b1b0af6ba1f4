import type { Community, Member, MemberStatus } from '../../src/core/community.ts';
import type { Answers, Role, Situation } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';
import type { PrismaClient } from '../../src/storage/generated/client.ts';

/**
 * A community of a few members whose figures are known by hand (see stats-figures.test.ts):
 * roles, situations and regions, requests in every state, pairs active, paused and ended,
 * check-ins with every answer, published posts, and a neighbour community that must not
 * leak into them. "Now" is 2026-06-15 12:00 in Paris.
 */
export const statsNow = new Date('2026-06-15T10:00:00Z');
const at = (iso: string) => new Date(iso);

interface PersonSpec {
  role: Role;
  situation: Situation;
  region: string;
  completedAt: string;
  status?: MemberStatus;
}

const people: Record<string, PersonSpec> = {
  m1: { role: 'mentor', situation: 'experienced', region: 'Lyon', completedAt: '2025-11-05T10:00:00Z' },
  m2: { role: 'both', situation: 'junior', region: 'Paris', completedAt: '2026-01-10T10:00:00Z' },
  a: { role: 'mentee', situation: 'career-change', region: ' lyon ', completedAt: '2026-06-05T10:00:00Z' },
  b: { role: 'mentee', situation: 'student', region: 'Paris', completedAt: '2026-06-13T10:00:00Z' },
  // 00:30 on March 1st in Paris: March there, February in UTC.
  c: { role: 'mentee', situation: 'career-change', region: 'Lyon', completedAt: '2026-02-28T23:30:00Z' },
  d: { role: 'mentee', situation: 'returning', region: 'LYON', completedAt: '2026-02-01T10:00:00Z' },
  e: { role: 'peer', situation: 'student', region: 'Paris', completedAt: '2026-05-02T10:00:00Z' },
  f: { role: 'mentee', situation: 'junior', region: 'Lyon', completedAt: '2026-04-01T10:00:00Z', status: 'left' },
  g: {
    role: 'mentee',
    situation: 'career-change',
    region: 'Lyon',
    completedAt: '2026-01-20T10:00:00Z',
    status: 'paused',
  },
};

export interface StatsWorld {
  community: Community;
  members: Record<string, Member>;
}

async function member(store: Store, community: Community, name: string, spec: PersonSpec): Promise<Member> {
  const answers: Answers = {
    role: spec.role,
    situation: spec.situation,
    domains: ['back'],
    languages: ['fr'],
    remote: true,
    region: spec.region,
    hoursPerMonth: 4,
    consent: true,
    ...(spec.role === 'mentor' || spec.role === 'both'
      ? { offers: ['confidence'], capacity: 3 }
      : { seeks: ['confidence'] }),
  };
  const created = await store.members.ensure({ communityId: community.id, externalUserId: name, displayName: name });
  const completedAt = at(spec.completedAt);
  await store.profiles.save({
    memberId: created.id,
    communityId: community.id,
    questionnaireVersion: 1,
    answers,
    pendingInput: {},
    consentedAt: completedAt,
    completedAt,
  });
  return spec.status ? store.members.update(created.id, { status: spec.status }) : created;
}

export async function seedStats(store: Store, prisma: PrismaClient, externalId = 'G-stats'): Promise<StatsWorld> {
  const community = await store.communities.ensure({
    platform: 'discord',
    externalId,
    name: 'Duchess France',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  const members: Record<string, Member> = {};
  for (const [name, spec] of Object.entries(people)) members[name] = await member(store, community, name, spec);
  // Someone who started the questionnaire and stopped: not a member in the figures.
  const h = await store.members.ensure({ communityId: community.id, externalUserId: 'h' });
  await store.profiles.save({
    memberId: h.id,
    communityId: community.id,
    questionnaireVersion: 1,
    answers: { role: 'mentee' },
    pendingInput: {},
    consentedAt: null,
    completedAt: null,
  });
  const id = (name: string) => (members[name] as Member).id;

  const request = (
    name: string,
    mentee: string,
    mentor: string,
    status: 'pending' | 'offered' | 'accepted' | 'declined' | 'cancelled' | 'expired',
    created: string,
    extra: { expires?: string; answered?: string; volunteered?: boolean } = {},
  ) => ({
    communityId: community.id,
    menteeId: id(mentee),
    mentorId: id(mentor),
    status,
    createdAt: at(created),
    message: name,
    expiresAt: at(extra.expires ?? '2026-07-30T10:00:00Z'),
    answeredAt: extra.answered ? at(extra.answered) : null,
    volunteered: extra.volunteered ?? false,
  });
  await prisma.mentorshipRequest.createMany({
    data: [
      request('r1', 'a', 'm1', 'pending', '2026-06-10T10:00:00Z'),
      // Past its expiry and not yet closed by the scheduler: expired all the same.
      request('r2', 'b', 'm1', 'pending', '2026-05-20T10:00:00Z', { expires: '2026-06-10T10:00:00Z' }),
      request('r3', 'a', 'm2', 'declined', '2026-04-01T10:00:00Z', { answered: '2026-04-02T10:00:00Z' }),
      request('r4', 'c', 'm1', 'accepted', '2026-03-04T10:00:00Z', { answered: '2026-03-04T12:00:00Z' }),
      request('r5', 'b', 'm2', 'expired', '2026-05-01T10:00:00Z', { expires: '2026-05-15T10:00:00Z' }),
      // A mentor volunteered on her posted request: an offer without an answer time.
      request('r6', 'd', 'm2', 'offered', '2026-06-12T10:00:00Z', { volunteered: true }),
      request('r7', 'd', 'm1', 'cancelled', '2026-06-01T10:00:00Z', { answered: '2026-06-02T10:00:00Z' }),
      request('r8', 'a', 'm2', 'declined', '2025-11-01T10:00:00Z', { answered: '2025-11-02T10:00:00Z' }),
    ],
  });

  const pair = async (
    mentee: string,
    mentor: string,
    status: 'active' | 'paused' | 'ended',
    started: string,
    ended?: string,
  ) =>
    (
      await prisma.pair.create({
        data: {
          communityId: community.id,
          menteeId: id(mentee),
          mentorId: id(mentor),
          status,
          startedAt: at(started),
          endedAt: ended ? at(ended) : null,
        },
      })
    ).id;
  const p1 = await pair('c', 'm1', 'active', '2026-03-05T10:00:00Z');
  await pair('m2', 'm1', 'active', '2026-05-20T10:00:00Z');
  const p3 = await pair('d', 'm2', 'ended', '2026-02-01T10:00:00Z', '2026-06-11T10:00:00Z');
  const p4 = await pair('g', 'm1', 'paused', '2025-12-20T10:00:00Z');
  await pair('f', 'm1', 'ended', '2025-09-01T10:00:00Z', '2025-10-01T10:00:00Z');

  const checkIn = (pairId: string, due: string, answer: 'met' | 'not_yet' | 'need_help' | null) => ({
    pairId,
    dueOn: at(`${due}T00:00:00Z`),
    answer,
    answeredAt: answer ? at(`${due}T15:00:00Z`) : null,
  });
  await prisma.checkIn.createMany({
    data: [
      checkIn(p1, '2026-03-26', 'met'),
      checkIn(p1, '2026-04-16', 'not_yet'),
      checkIn(p1, '2026-04-23', 'met'),
      checkIn(p3, '2026-02-22', 'need_help'),
      checkIn(p3, '2026-03-15', null),
      checkIn(p4, '2025-12-30', 'met'),
    ],
  });

  const post = (author: string, status: 'published' | 'approved', day: string | null) => ({
    communityId: community.id,
    authorId: id(author),
    category: 'coding',
    caption: `Photo de ${author}`,
    credit: 'name',
    consent: 'community',
    status,
    publishedOn: day ? at(`${day}T00:00:00Z`) : null,
    publishSlot: day ? 0 : null,
    publishedAt: day ? at(`${day}T10:00:00Z`) : null,
  });
  await prisma.submission.createMany({
    data: [
      post('a', 'published', '2026-06-01'),
      post('c', 'published', '2026-05-10'),
      post('e', 'published', '2026-05-11'),
      post('b', 'published', '2025-12-01'),
      post('b', 'approved', null),
    ],
  });

  // Regions: Lyon is one of Auvergne-Rhône-Alpes' other names; members typed it in any case.
  await store.regions.create({
    communityId: community.id,
    name: 'Auvergne-Rhône-Alpes',
    aliases: ['Lyon', 'Grenoble'],
    delegateId: id('m1'),
  });
  await store.regions.create({
    communityId: community.id,
    name: 'Île-de-France',
    aliases: ['Paris'],
    delegateId: null,
  });

  // A neighbour community: none of this may show in the figures above.
  const other = await store.communities.ensure({
    platform: 'discord',
    externalId: `${externalId}-other`,
    name: 'Ailleurs',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  const x = await member(store, other, 'x', {
    role: 'mentee',
    situation: 'student',
    region: 'Lyon',
    completedAt: '2026-06-01T10:00:00Z',
  });
  const y = await member(store, other, 'y', {
    role: 'mentor',
    situation: 'experienced',
    region: 'Lyon',
    completedAt: '2026-06-01T10:00:00Z',
  });
  await prisma.pair.create({
    data: {
      communityId: other.id,
      menteeId: x.id,
      mentorId: y.id,
      status: 'active',
      startedAt: at('2026-06-02T10:00:00Z'),
    },
  });
  await prisma.mentorshipRequest.create({
    data: {
      communityId: other.id,
      menteeId: x.id,
      mentorId: y.id,
      status: 'accepted',
      createdAt: at('2026-06-01T12:00:00Z'),
      expiresAt: at('2026-06-20T10:00:00Z'),
    },
  });
  return { community, members };
}
