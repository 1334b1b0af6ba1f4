import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createCheckinService } from '../../src/core/nudges/checkins.ts';
import type { Services } from '../../src/core/services.ts';
import type { PrismaClient } from '../../src/storage/generated/client.ts';
import { createPerson, mentorAnswers } from './matching-fixtures.ts';
import { fakeFiles, png } from './posts-fixtures.ts';

/**
 * One member, Ada, with a record in every table that can hold something about a member,
 * made through the services where one exists (and the repositories or SQL where only a
 * schedule or a long flow would): every text she typed and her display name carry `tag`,
 * so a scan of the whole database finds whatever is left of her.
 */
export interface PrivacyWorld {
  tag: string;
  community: Community;
  ada: Member;
  mentor: Member;
  bea: Member;
  /** Texts she typed, each holding the tag. */
  texts: Record<string, string>;
}

export async function seedEverything(
  services: Services,
  prisma: PrismaClient,
  clock: Clock,
  platform: 'discord' | 'slack' = 'discord',
): Promise<PrivacyWorld> {
  const { store } = services;
  const tag = `zq${randomBytes(5).toString('hex')}`;
  const mark = (what: string) => `${what}-${tag}`;
  const texts = {
    stacks: mark('stack'),
    region: mark('Lyon'),
    bio: mark('bio'),
    pending: mark('pending'),
    request: mark('request'),
    decline: mark('decline'),
    note: mark('note'),
    caption: mark('caption'),
    handle: mark('handle'),
    feedback: mark('feedback'),
    draft: mark('draft'),
    decision: mark('decision'),
  };
  const created = await store.communities.ensure({
    platform,
    externalId: `G-${randomBytes(4).toString('hex')}`,
    name: 'Duchess',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  const adaExternal = `U${tag}`;
  const community = await store.communities.update(created.id, {
    settings: {
      ...created.settings,
      channels: { moderationQueue: 'C-queue', showcase: 'C-show', matching: 'C-match' },
      moderatorUsers: [adaExternal],
    },
  });
  const now = clock.now();
  const mentor = await createPerson(store, community, 'U-mentor', mentorAnswers({ capacity: 2 }), now);
  const bea = await createPerson(
    store,
    community,
    'U-bea',
    {
      role: 'mentee',
      situation: 'student',
      domains: ['back'],
      languages: ['fr'],
      remote: true,
      seeks: ['career-change'],
      hoursPerMonth: 2,
      consent: true,
    },
    now,
  );
  const lea = await createPerson(store, community, 'U-lea', mentorAnswers({ capacity: 2 }), now);

  // Her profile, through the questionnaire: a mentee and a mentor ("both").
  let ada = await store.members.ensure({
    communityId: community.id,
    externalUserId: adaExternal,
    displayName: `Ada ${tag}`,
  });
  await services.profiles.answer(ada, 'fr', {
    role: 'both',
    situation: 'career-change',
    domains: ['back'],
    languages: ['fr'],
    remote: 'yes',
    seeks: ['career-change'],
    offers: ['confidence'],
    stacks: texts.stacks,
    region: texts.region,
    hoursPerMonth: '4',
    capacity: '1',
    bio: texts.bio,
    consent: true,
  });
  await services.profiles.answer(ada, 'fr', { hoursPerMonth: texts.pending }).catch(() => {});
  ada = await store.members.get(ada.id);
  await services.profiles.preferences.setTimeZone(ada, 'America/Montreal');

  // Matching: her request, its offer and her choice (a pair); Bea's request to her, declined with a reason.
  await services.matching.post(community, ada, texts.note);
  const request = await services.matching.request(community, ada, mentor.id, texts.request);
  await services.matching.request(community, ada, lea.id, texts.request);
  await services.matching.offer(community, mentor, request.id);
  const { pair } = await services.matching.choose(community, ada, request.id);
  const beaRequest = await services.matching.request(community, bea, ada.id, null);
  await services.matching.decline(community, ada, beaRequest.id, texts.decline);
  await createCheckinService({ store, clock }).reportMeeting(community, ada, pair.id);
  await prisma.checkIn.create({
    data: {
      pairId: pair.id,
      dueOn: new Date('2026-05-01'),
      answer: 'met',
      answeredById: ada.id,
      answeredAt: now,
      takenById: ada.id,
    },
  });
  await prisma.programFeedback.create({
    data: { pairId: pair.id, memberId: ada.id, rating: 5, wentWell: texts.feedback, wouldRecommend: true },
  });
  await prisma.block.create({ data: { blockerId: ada.id, blockedId: lea.id } });
  const round = await prisma.cohortRound.create({
    data: { communityId: community.id, startedById: ada.id, summary: {} },
  });
  await prisma.featuredSuggestion.create({ data: { roundId: round.id, menteeId: ada.id, mentorId: lea.id, score: 1 } });

  // Posts: hers, with an image, approved by a moderator and published; one she moderated.
  const files = fakeFiles({ photo: png(`image ${tag}`) });
  const moderator = await createPerson(store, community, 'U-mod', mentorAnswers(), now);
  const submission = await services.posts.submit({
    community,
    author: ada,
    values: { category: 'coding', caption: texts.caption, credit: 'handle', handle: texts.handle, consent: 'social' },
    file: files.file('photo'),
    fetchFile: files.fetchFile,
  });
  await services.posts.decide({ community, moderator, submissionId: submission.id, decision: 'approve' });
  await services.publication.publishNow(community, moderator, submission.id);
  const other = await services.posts.submit({
    community,
    author: bea,
    values: { category: 'quote', caption: 'Une citation', credit: 'anonymous', consent: 'community' },
  });
  await services.posts.decide({
    community,
    moderator: ada,
    submissionId: other.id,
    decision: 'changes',
    note: texts.decision,
  });
  await prisma.submissionDraft.create({ data: { memberId: ada.id, values: { caption: texts.draft } } });
  await services.publication.skip(community, ada, '2026-12-25');
  await services.challenges.challenge(community, ada, { externalUserId: bea.externalUserId, isBot: false });

  // Circles, events, regions, reminders.
  await services.circles.join(community, ada);
  const circle = await prisma.circle.create({
    data: { communityId: community.id, number: 1, language: 'fr', shared: { region: texts.region }, startedAt: now },
  });
  await prisma.circleMember.create({ data: { circleId: circle.id, memberId: ada.id, joinedAt: now } });
  const event = await services.events.create(
    community,
    ada,
    { name: 'Journée découverte', date: '2026-12-01' },
    'retry',
  );
  await services.events.register(community, ada, event.id);
  await services.regions.create(
    community,
    ada,
    { name: 'Auvergne', aliases: '', delegateUserId: ada.externalUserId },
    'retry',
  );
  await prisma.communityReminder.create({
    data: {
      communityId: community.id,
      channelId: 'C-general',
      text: 'Réunion mensuelle',
      schedule: '0 18 1 * *',
      cron: '0 18 1 * *',
      createdById: ada.id,
    },
  });

  return { tag, community, ada: await store.members.get(ada.id), mentor, bea, texts };
}

/** Tables that hold nothing about any one member: the scan's "every table" leaves only these out. */
export const tablesWithoutMembers = ['_prisma_migrations', 'processed_events', 'send_pacing'];

export interface Found {
  table: string;
  column: string;
  /** The row's primary key values, as text. */
  key: Record<string, string>;
}

/**
 * Every table and column of the database, read from its catalog (so a table added later is
 * scanned without editing this), searched for any of `needles`: text, JSON, arrays and uuids
 * as text, bytes as bytes.
 */
export async function scanDatabase(prisma: PrismaClient, needles: readonly string[]): Promise<Found[]> {
  const columns = await prisma.$queryRawUnsafe<{ table_name: string; column_name: string; data_type: string }[]>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const keys = await prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
     JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
     WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() ORDER BY k.ordinal_position`,
  );
  const found: Found[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    if (
      [
        'integer',
        'smallint',
        'bigint',
        'boolean',
        'double precision',
        'real',
        'numeric',
        'date',
        'timestamp with time zone',
        'timestamp without time zone',
      ].includes(type)
    )
      continue;
    if (type === 'USER-DEFINED' && column !== 'platform') continue;
    const pk = keys.filter((k) => k.table_name === table).map((k) => k.column_name);
    const select = pk.length > 0 ? pk.map((c) => `"${c}"::text AS "${c}"`).join(', ') : 'ctid::text AS ctid';
    const test =
      type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
    for (const needle of needles) {
      const rows = await prisma.$queryRawUnsafe<Record<string, string>[]>(
        `SELECT ${select} FROM "${table}" WHERE ${test}`,
        needle,
      );
      for (const key of rows) found.push({ table, column, key });
    }
  }
  return found;
}
