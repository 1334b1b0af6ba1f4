import type { Platform } from '../../src/core/community.ts';
import type { Store } from '../../src/core/store.ts';
import type { PrismaClient } from '../../src/storage/database.ts';

/**
 * Set-based seeding for the nudge tests and benchmark: tens of thousands of rows in a few
 * statements (INSERT … SELECT generate_series), where one insert per row would take minutes.
 * Ids are derived from the community, the user base and the row's number, so statements can refer to rows
 * an earlier one made without reading them back.
 */

/** Discord-like numeric user ids: pair `n`'s mentee is `base + 2n - 1`, its mentor `base + 2n`. */
export const seedUserBase = 400_000_000_000_000_000n;
export const menteeUserId = (n: number, base = seedUserBase) => String(base + BigInt(2 * n - 1));
export const mentorUserId = (n: number, base = seedUserBase) => String(base + BigInt(2 * n));

/**
 * `count` active pairs of two new members each, numbered from 1. `startedDaysAgo(n)` in SQL
 * terms is `startedAt - (n % spreadDays) days`, so pairs can start on different days.
 */
export async function seedPairs(
  prisma: PrismaClient,
  input: {
    communityId: string;
    count: number;
    startedAt: Date;
    spreadDays?: number;
    timeZone?: string | null;
    userBase?: bigint;
  },
): Promise<void> {
  const { communityId, count, startedAt } = input;
  const base = (input.userBase ?? seedUserBase).toString();
  await prisma.$executeRawUnsafe(
    `INSERT INTO members (id, community_id, external_user_id, display_name, time_zone, status, updated_at)
     SELECT md5($1::text || ':' || $2::text || ':member:' || g)::uuid, $1::text::uuid, ($2::text::numeric + g)::text, 'Membre ' || g, $4::text, 'active', now()
     FROM generate_series(1, $3::int * 2) g`,
    communityId,
    base,
    count,
    input.timeZone ?? null,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO pairs (id, community_id, mentee_id, mentor_id, status, started_at)
     SELECT md5($1::text || ':' || $5::text || ':pair:' || g)::uuid, $1::text::uuid, md5($1::text || ':' || $5::text || ':member:' || (2 * g - 1))::uuid,
            md5($1::text || ':' || $5::text || ':member:' || (2 * g))::uuid, 'active', $3::timestamptz - make_interval(days => (g % $4::int))
     FROM generate_series(1, $2::int) g`,
    communityId,
    count,
    startedAt.toISOString(),
    input.spreadDays ?? 1,
    base,
  );
}

/** `count` enabled community reminders on `cron`, spread over the given channels in turn. */
export async function seedReminders(
  prisma: PrismaClient,
  input: { communityId: string; count: number; cron: string; channelIds: string[] },
): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO community_reminders (id, community_id, channel_id, text, schedule, cron, enabled, updated_at)
     SELECT md5($1::text || ':reminder:' || g)::uuid, $1::text::uuid, ($4::text[])[1 + g % cardinality($4::text[])], 'Rappel n°' || g, $3, $3, true, now()
     FROM generate_series(1, $2::int) g`,
    input.communityId,
    input.count,
    input.cron,
    input.channelIds,
  );
}

export interface SeededPerson {
  userId: string;
  name: string;
  timeZone: string;
}

/**
 * One community (found or made, as a first interaction would), its two members with their
 * own time zones, and their active pair started at `startedAt`: what matching leaves behind.
 */
export async function seedOnePair(
  store: Store,
  prisma: PrismaClient,
  input: { platform: Platform; externalId: string; mentee: SeededPerson; mentor: SeededPerson; startedAt: Date },
) {
  const community = await store.communities.ensure({
    platform: input.platform,
    externalId: input.externalId,
    name: 'Duchess France',
  });
  const person = async ({ userId, name, timeZone }: SeededPerson) => {
    const member = await store.members.ensure({
      communityId: community.id,
      externalUserId: userId,
      displayName: name,
      locale: 'fr',
    });
    return store.members.update(member.id, { timeZone });
  };
  const mentee = await person(input.mentee);
  const mentor = await person(input.mentor);
  const pair = await prisma.pair.create({
    data: { communityId: community.id, menteeId: mentee.id, mentorId: mentor.id, startedAt: input.startedAt },
  });
  return { community, mentee, mentor, pairId: pair.id };
}
