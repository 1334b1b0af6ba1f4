import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { fittingMentee, fittingMentor } from '../support/answers.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson } from '../support/matching-fixtures.ts';
import { countingFactory, type RoundTrips } from '../support/round-trips.ts';

const silent = { info() {}, warn() {}, error() {} };

/**
 * Database round trips per interaction, through the real dispatcher and commands on the
 * embedded database, counted at the driver adapter (every query, BEGIN and COMMIT). Each
 * is a message to PGlite's thread, and Prisma's work on the main thread before it: the
 * bounds keep a change from quietly adding some to every interaction.
 */
describe('database round trips per interaction', () => {
  let database: Database;
  let trips: RoundTrips;
  let services: Services;
  let community: Community;
  const guild = 'guild-round-trips';
  const mentors: Member[] = [];
  const mentees: Member[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('PGlite', {
      wrap: (factory) => {
        const counting = countingFactory(factory);
        trips = counting.trips;
        return counting.factory;
      },
    });
    services = createServices({
      // Time held still for the community rows kept: the counts must not depend on how loaded the machine is.
      store: createStore(database.prisma, { communityCache: { now: () => 0 } }),
      clock: createManualClock(new Date('2026-03-02T10:00:00Z')),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const { store } = services;
    community = await store.communities.ensure({ platform: 'discord', externalId: guild, name: 'Duchess France' });
    // Her locale comes with her first interaction (each measure starts with her `profile`).
    const person = (userId: string, answers: Answers) =>
      createPerson(store, community, userId, answers, new Date('2026-03-01T10:00:00Z'));
    for (let i = 0; i < 5; i += 1) mentees.push(await person(`10${i}`, fittingMentee));
    for (let i = 0; i < 5; i += 1) mentors.push(await person(`20${i}`, fittingMentor()));
  });
  afterAll(() => database?.close());

  const dispatcher = () => createDispatcher({ commands, services, logger: silent });
  /** From her in the guild, or in a DM (no community: the component id names it). */
  const incoming = (userId: string, input: IncomingInteraction['input'], inDm = false): IncomingInteraction => ({
    platform: 'discord',
    deliveryKey: randomUUID(),
    ...(inDm ? {} : { community: { externalId: guild, name: 'Duchess France' } }),
    user: { externalId: userId, displayName: userId, locale: 'fr' },
    isPlatformAdmin: async () => false,
    richForms: false,
    input,
  });

  /**
   * Round trips of one interaction of `userId`, after a first one of hers (her `profile`)
   * has warmed what the process keeps between interactions.
   */
  async function measure(userId: string, make: () => Promise<IncomingInteraction> | IncomingInteraction) {
    const bot = dispatcher();
    await bot.dispatch(incoming(userId, { kind: 'command', name: 'profile', options: {} }));
    const interaction = await make();
    trips.reset();
    const { reply } = await bot.dispatch(interaction);
    const sql = [...trips.sql];
    expect(reply.kind).not.toBe('none');
    if (reply.kind === 'message') expect(reply.text).not.toMatch(/expir|inattendu/i);
    return { count: sql.length, sql };
  }

  const request = (mentee: Member, mentor: Member) =>
    services.matching.request(community, mentee, mentor.id, 'Bonjour !');

  /** [what, who, at most this many round trips, the interaction]. */
  const kinds: [string, string, number, () => Promise<IncomingInteraction> | IncomingInteraction][] = [
    ['profile command', '100', 2, () => incoming('100', { kind: 'command', name: 'profile', options: {} })],
    ['mentors command', '100', 7, () => incoming('100', { kind: 'command', name: 'mentors', options: {} })],
    ['join command', '300', 2, () => incoming('300', { kind: 'command', name: 'join', options: {} })],
    ['join step', '300', 5, () => incoming('300', { kind: 'action', id: 'join:set:role:join', values: ['mentee'] })],
    [
      'ask button',
      '101',
      3,
      () => incoming('101', { kind: 'action', id: `mentors:ask:${mentors[0]!.id}`, values: [] }),
    ],
    [
      'request form',
      '101',
      19,
      () =>
        incoming('101', {
          kind: 'form',
          id: `mentors:send:${mentors[0]!.id}`,
          values: { message: 'Bonjour, je serais ravie d’échanger avec toi !' },
        }),
    ],
    [
      'offer button (DM)',
      '201',
      12,
      async () => {
        const asked = await request(mentees[2]!, mentors[1]!);
        return incoming('201', { kind: 'action', id: `${community.id}/requests:offer:${asked.id}`, values: [] }, true);
      },
    ],
    [
      'choose button (DM)',
      '103',
      18,
      async () => {
        const asked = await request(mentees[3]!, mentors[2]!);
        await services.matching.offer(community, mentors[2]!, asked.id);
        return incoming('103', { kind: 'action', id: `${community.id}/mentors:choose:${asked.id}`, values: [] }, true);
      },
    ],
    ['pause button', '104', 10, () => incoming('104', { kind: 'action', id: 'profile:pause', values: [] })],
  ];

  it.each(kinds)('%s (user %s): at most %s round trips', async (_what, userId, most, make) => {
    const { count, sql } = await measure(userId, make);
    // What was sent, when the bound is passed, says where the extra ones come from.
    expect(count, sql.map((s) => s.replace(/\s+/g, ' ').slice(0, 120)).join('\n')).toBeLessThanOrEqual(most);
  });
});
