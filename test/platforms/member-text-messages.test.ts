import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { circleWelcome } from '../../src/core/circles/messages.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { communitySettingsSchema, type Community, type Member } from '../../src/core/community.ts';
import { createDispatcher } from '../../src/core/dispatcher.ts';
import { announcement, groupWelcome } from '../../src/core/events/messages.ts';
import type { CommunityEvent } from '../../src/core/events/ports.ts';
import type { Message, Reply } from '../../src/core/reply-model.ts';
import { createServices } from '../../src/core/services.ts';
import { renderMessage } from '../../src/platforms/discord/render.ts';
import { renderBlocks, toMrkdwn } from '../../src/platforms/slack/render.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { seedStats, statsNow } from '../support/stats-seed.ts';

/**
 * What members and admins type for a region, a city, an event or the community itself is
 * shown in circle welcomes, event announcements and group welcomes, and the stats: through
 * both adapters it pings nobody and links nowhere; only the members the bot names are pinged.
 */
const hostile =
  '@everyone @here <@&424242424242424242> <@999999999999999999> <!channel> <!here> <@U0BOSS> <https://e.vil|ici> [ici](https://e.vil)';

const community: Community = {
  id: 'c1',
  platform: 'discord',
  externalId: 'g1',
  name: `Duchess ${hostile}`,
  locale: 'fr',
  timeZone: 'Europe/Paris',
  settings: communitySettingsSchema.parse({}),
};

const member = (externalUserId: string): Member =>
  ({
    id: `m-${externalUserId}`,
    communityId: community.id,
    externalUserId,
    displayName: hostile,
    locale: 'fr',
    timeZone: null,
    status: 'active',
    quietFrom: null,
    quietTo: null,
    snoozedUntil: null,
    nudgeOptOut: [],
  }) as unknown as Member;

const event: CommunityEvent = {
  id: 'e1',
  communityId: community.id,
  name: `Forum ${hostile}`,
  startsAt: new Date('2027-03-14T08:00:00Z'),
  status: 'published',
  createdById: null,
  announcedAt: null,
  publishedAt: null,
  createdAt: new Date('2027-01-01T00:00:00Z'),
};

const people = ['700000000000000101', '700000000000000102', '700000000000000103'].map(member);

/** Discord: the rendered content holds only the chosen users' mentions, and allowed_mentions names them alone. */
function expectInertOnDiscord(message: Message, chosen: string[]) {
  const rendered = renderMessage(message);
  expect(rendered.allowed_mentions).toEqual({ parse: [], users: chosen, roles: [] });
  const tokens = [...rendered.content.matchAll(/<@[!&]?\d+>|<#\d+>|@everyone|@here/g)].map((m) => m[0]);
  expect(tokens.sort()).toEqual(chosen.map((id) => `<@${id}>`).sort());
  // No masked link either.
  expect(rendered.content).not.toMatch(/(?<!\\)\[[^\]\n]*\]\(/);
  // The typed words are still there for people to read.
  expect(rendered.content).toContain('everyone');
}

/** Slack: no special mention, user group, link or user mention but the chosen ones, in the blocks and the notification text. */
function expectInertOnSlack(message: Message, chosen: string[]) {
  const texts = [
    toMrkdwn(message.text),
    ...renderBlocks(message).flatMap((block) => {
      const b = block as {
        text?: { text: string };
        elements?: { text?: string | { text: string } }[];
        fields?: { text: string }[];
      };
      const inner = (text: string | { text: string } | undefined) =>
        typeof text === 'string' ? text : (text?.text ?? '');
      return [
        b.text?.text ?? '',
        ...(b.elements ?? []).map((e) => inner(e.text)),
        ...(b.fields ?? []).map((f) => f.text),
      ];
    }),
  ];
  for (const text of texts) {
    const tokens = [...text.matchAll(/<[!@#][^>]*>?|<https?:[^>]*>?/g)].map((m) => m[0]);
    for (const token of tokens) expect(chosen.map((id) => `<@${id}>`)).toContain(token);
    expect(text).not.toMatch(/@(channel|here|everyone)\b/);
  }
  expect(texts.join('\n')).toContain('&lt;');
}

describe('member text in circle, event and stats messages stays inert', () => {
  it('a circle’s welcome, whose shared place is what a member typed', () => {
    const message = circleWelcome(
      community,
      {
        number: 1,
        language: 'fr',
        shared: { situation: null, place: 'lyon', remote: false, domains: [], placeLabel: `Lyon ${hostile}` },
      },
      people,
      'new',
    );
    expect(message.text).toContain('Lyon');
    expectInertOnDiscord(
      message,
      people.map((p) => p.externalUserId),
    );
    expectInertOnSlack(
      message,
      people.map((p) => p.externalUserId),
    );
  });

  it('an event’s announcement, whose name an admin typed, pings nobody', () => {
    const message = announcement(community, event);
    expect(message.text).toContain('Forum');
    expectInertOnDiscord(message, []);
    expectInertOnSlack(message, []);
  });

  it('an event group’s welcome pings its participants and mentor only', () => {
    const [mentor, ...participants] = people as [Member, ...Member[]];
    const message = groupWelcome(community, event, 2, mentor, participants);
    expectInertOnDiscord(
      message,
      [...participants, mentor].map((p) => p.externalUserId),
    );
    expectInertOnSlack(
      message,
      [...participants, mentor].map((p) => p.externalUserId),
    );
  });

  describe('the stats, with the community’s and a region’s names as admins typed them', () => {
    let database: Database;
    let reply: Reply & { kind: 'message' };
    // The command takes up to 80 characters for a region.
    const region = 'Bretagne @everyone <!channel> <@&424242424242424242> <https://e.vil|ici>';
    beforeAll(async () => {
      database = await createTestDatabase();
      const store = createStore(database.prisma);
      const services = createServices({
        store,
        clock: createManualClock(statsNow),
        defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      });
      const dispatcher = createDispatcher({
        commands,
        services,
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      });
      const world = await seedStats(store, database.prisma);
      await store.communities.update(world.community.id, {
        name: community.name,
        settings: { ...world.community.settings, moderatorUsers: ['mod'] },
      });
      await store.regions.create({ communityId: world.community.id, name: region, aliases: [], delegateId: null });
      const { reply: answer } = await dispatcher.dispatch({
        platform: 'discord',
        deliveryKey: randomUUID(),
        community: { externalId: 'G-stats' },
        user: { externalId: 'mod', locale: 'fr' },
        isPlatformAdmin: async () => false,
        richForms: false,
        input: { kind: 'command', name: 'stats', options: { region } },
      });
      reply = answer as Reply & { kind: 'message' };
    });
    afterAll(() => database?.close());

    it('names them, inert, and pings nobody', () => {
      expect(reply.kind).toBe('message');
      expect(reply.text).toContain('Duchess');
      expect(reply.text).toContain('Bretagne');
      expectInertOnDiscord(reply, []);
      expectInertOnSlack(reply, []);
    });
  });
});
