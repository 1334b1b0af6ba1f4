import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { buttonInteraction, type FakeMessage } from '../fakes/discord/index.ts';
import type { FakeSlackMessage } from '../fakes/slack/index.ts';
import { localMoment, waitUntilSettled } from '../support/nudge-e2e.ts';
import { seedOnePair } from '../support/nudge-seed.ts';
import { startDiscordWorld, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

/**
 * A check-in through the real discord.js and Bolt clients: it reaches each member of a pair
 * at 10:00 in her own time zone with its three answers and a stop button; "need help" from
 * the DM reaches the moderators, and only a moderator can take it; the stop button stops
 * her next check-in and not her partner's. The clock is the app's, moved by hand; each
 * step waits for the outbox to drain and the fake to go quiet.
 *
 * The pair starts on Monday 2 March 2026; check-ins come every 3 weeks: 23 March (Paris on
 * winter time, Montréal already on summer time) and 13 April.
 */
const startedAt = new Date('2026-03-02T09:00:00Z');
const paris = 'Europe/Paris';
const montreal = 'America/Montreal';
const firstDay = '2026-03-23';
const nextDay = '2026-04-13';
// Her display name is what a member typed: it must never turn into a ping anywhere.
const hostileName = '@everyone <@&123456789012345678> [clic](https://e.vil)';

const answerIds = (communityId: string, checkInId: string) =>
  ['met', 'not_yet', 'need_help'].map((value) => `${communityId}/checkin:answer:${checkInId}:${value}`);
const stopId = (communityId: string) => `${communityId}/profile:stop:checkin`;

describe('nudges end to end on Discord', () => {
  const clock = createManualClock('2026-03-02T09:00:00Z');
  let world: DiscordWorld;
  let community: Community;
  let pairId: string;
  const ada = { id: '710000000000000001', username: 'ada' };
  const nadia = { id: '710000000000000002', username: 'nadia' };
  const mona = { id: '710000000000000003', username: 'mona' };
  const lea = { id: '710000000000000004', username: 'lea' };
  let moderation: string;
  let moderatorRole: string;

  beforeAll(async () => {
    world = await startDiscordWorld({ clock });
    moderation = world.guild.channelId('moderation');
    moderatorRole = world.guild.roles.find((r) => r.name === 'Modération')!.id;
    const seeded = await seedOnePair(world.app.store, world.database.prisma, {
      platform: 'discord',
      externalId: world.guild.id,
      mentee: { userId: ada.id, name: hostileName, timeZone: paris },
      mentor: { userId: nadia.id, name: 'Nadia', timeZone: montreal },
      startedAt,
    });
    pairId = seeded.pairId;
    community = await world.app.store.communities.update(seeded.community.id, {
      settings: {
        ...seeded.community.settings,
        channels: { moderationQueue: moderation },
        moderatorRoles: [moderatorRole],
      },
    });
  });
  afterAll(() => world?.stop());

  const settled = () => waitUntilSettled(world.app, community.id, () => world.fake.requests.length);
  const tickAt = async (at: Date) => {
    clock.set(at);
    await world.app.scheduler.tick();
    await settled();
  };
  const customIds = (m: FakeMessage) =>
    JSON.stringify(m.components)
      .match(/"custom_id":"[^"]*"/g)
      ?.map((s) => s.slice(13, -1)) ?? [];
  const checkIns = (userId: string) =>
    world.fake.directMessages(userId).filter((m) => m.content.includes('avez-vous réussi à vous voir'));
  /** A click on a button of a DM the bot sent: Discord says no guild, only the user. */
  async function clickInDm(user: { id: string; username: string }, message: FakeMessage, customId: string) {
    expect(customIds(message)).toContain(customId);
    const handle = await world.fake.interact(
      buttonInteraction({ user, customId, locale: 'fr', channelId: message.channelId, message: message.raw }),
    );
    return (await handle.callback(5_000)).body as { type: number; data: { content: string; flags?: number } };
  }
  const latestCheckIn = async () =>
    (await world.database.prisma.checkIn.findFirst({ where: { pairId }, orderBy: { dueOn: 'desc' } }))!;

  it('asks each member of the pair at 10:00 in her own time zone, with the three answers and a stop button', async () => {
    await tickAt(localMoment(firstDay, '09:59', paris));
    expect(checkIns(ada.id)).toEqual([]);

    await tickAt(localMoment(firstDay, '10:00', paris));
    expect(checkIns(ada.id)).toHaveLength(1);
    // 04:00 in Montréal: hers waits for her morning.
    expect(checkIns(nadia.id)).toEqual([]);

    await tickAt(localMoment(firstDay, '10:00', montreal));
    const checkIn = await latestCheckIn();
    expect(checkIn.dueOn.toISOString().slice(0, 10)).toBe(firstDay);
    for (const [user, partner] of [
      [ada, nadia],
      [nadia, ada],
    ] as const) {
      const [message] = checkIns(user.id);
      expect(checkIns(user.id)).toHaveLength(1);
      expect(message!.content).toContain(`<@${partner.id}>`);
      expect(customIds(message!)).toEqual([...answerIds(community.id, checkIn.id), stopId(community.id)]);
    }
  });

  it('"need help" from her DM alerts the moderation channel; only a moderator can take it, and taking edits the alert', async () => {
    const checkIn = await latestCheckIn();
    const [question] = checkIns(ada.id);
    const saved = await clickInDm(ada, question!, answerIds(community.id, checkIn.id)[2]!);
    expect(saved.type).toBe(InteractionResponseType.UpdateMessage);
    expect(saved.data.content).toContain('l’équipe de modération est prévenue');
    // Her answer replaces the check-in, and its one-click stop stays.
    expect(JSON.stringify((saved.data as { components?: unknown }).components)).toContain(stopId(community.id));
    await settled();

    const alerts = world.fake.messages(moderation).filter((m) => !m.ephemeral);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.content).toContain(`🆘 <@${ada.id}> demande de l’aide pour son binôme avec <@${nadia.id}>`);
    expect(alert.content).toContain(`<@&${moderatorRole}>`);
    const takeId = `${community.id}/checkin:take:${checkIn.id}`;
    expect(customIds(alert)).toEqual([takeId]);
    // Inert: only the bot's own mentions can notify (the moderators' role, the two members);
    // her typed name never reaches the channel.
    const post = world.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${moderation}/messages`)!;
    const body = post.body as {
      content: string;
      allowed_mentions: { parse: string[]; users: string[]; roles: string[] };
    };
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.allowed_mentions.roles).toEqual([moderatorRole]);
    expect(new Set(body.allowed_mentions.users)).toEqual(new Set([ada.id, nadia.id]));
    expect(body.content).not.toContain('@everyone');
    expect(body.content).not.toContain('123456789012345678');
    expect(body.content).not.toContain('e.vil');

    const inGuild = (user: { id: string; username: string }, roles: string[]) =>
      buttonInteraction({
        guildId: world.guild.id,
        channelId: moderation,
        user,
        customId: takeId,
        locale: 'fr',
        roles,
        message: alert.raw,
      });
    const refused = await (await world.fake.interact(inGuild(lea, []))).callback(5_000);
    expect(JSON.stringify(refused.body)).toContain('Seule l’équipe de modération peut faire cela.');
    await settled();
    expect(world.fake.messages(moderation).filter((m) => !m.ephemeral)[0]!.edited).toBe(false);

    const taken = await (await world.fake.interact(inGuild(mona, [moderatorRole]))).callback(5_000);
    expect(JSON.stringify(taken.body)).toContain(`Tu t’en occupes : pense à contacter <@${ada.id}>`);
    await settled();
    const edited = world.fake.messages(moderation).filter((m) => !m.ephemeral);
    expect(edited).toHaveLength(1);
    expect(edited[0]!.edited).toBe(true);
    expect(edited[0]!.content).toContain(`✅ Pris en charge par <@${mona.id}>.`);
    expect(customIds(edited[0]!)).toEqual([]);
    expect(world.fake.directMessages(ada.id).at(-1)!.content).toContain('a pris ta demande d’aide en charge');
  });

  it('the stop button on her check-in stops her next one; her partner still gets hers', async () => {
    // Nadia's question is still there as sent (Ada's answer replaced Ada's own message).
    const [question] = checkIns(nadia.id);
    const stopped = await clickInDm(nadia, question!, stopId(community.id));
    expect(stopped.data.content).toContain('Tu ne recevras plus ce type de message');
    await settled();
    const hersBefore = world.fake.directMessages(nadia.id).length;
    const adaBefore = checkIns(ada.id).length;

    await tickAt(localMoment(nextDay, '10:00', paris));
    await tickAt(localMoment(nextDay, '10:00', montreal));
    const next = await latestCheckIn();
    expect(next.dueOn.toISOString().slice(0, 10)).toBe(nextDay);
    expect(world.fake.directMessages(nadia.id)).toHaveLength(hersBefore);
    expect(checkIns(ada.id)).toHaveLength(adaBefore + 1);
    expect(customIds(checkIns(ada.id).at(-1)!)).toEqual([...answerIds(community.id, next.id), stopId(community.id)]);
  });
});

describe('nudges end to end on Slack', () => {
  const clock = createManualClock('2026-03-02T09:00:00Z');
  let world: SlackWorld;
  let community: Community;
  let pairId: string;
  const moderation = 'C0MODS';

  beforeAll(async () => {
    world = await startSlackWorld({ clock });
    for (const id of ['U0ADA', 'U0NADIA', 'U0MONA', 'U0LEA'])
      world.fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
    const seeded = await seedOnePair(world.app.store, world.database.prisma, {
      platform: 'slack',
      externalId: world.fake.teamId,
      mentee: { userId: 'U0ADA', name: '<!channel> <!subteam^S0MODS> <https://e.vil|clic>', timeZone: paris },
      mentor: { userId: 'U0NADIA', name: 'Nadia', timeZone: montreal },
      startedAt,
    });
    pairId = seeded.pairId;
    community = await world.app.store.communities.update(seeded.community.id, {
      settings: { ...seeded.community.settings, channels: { moderationQueue: moderation }, moderatorUsers: ['U0MONA'] },
    });
  });
  afterAll(() => world?.stop());

  const settled = () => waitUntilSettled(world.app, community.id, () => world.fake.calls.length);
  const tickAt = async (at: Date) => {
    clock.set(at);
    await world.app.scheduler.tick();
    await settled();
  };
  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;
  const dms = (userId: string) => (dmChannel(userId) ? world.fake.messages(dmChannel(userId)) : []);
  const checkIns = (userId: string) => dms(userId).filter((m) => m.text.includes('avez-vous réussi à vous voir'));
  const actionIds = (m: FakeSlackMessage) =>
    JSON.stringify(m.blocks ?? [])
      .match(/"action_id":"[^"]*"/g)
      ?.map((s) => s.slice(13, -1)) ?? [];
  /** Her click on a button of a message, and what she reads back (an update of it, or a reply). */
  async function click(userId: string, message: FakeSlackMessage, actionId: string, expected: string) {
    expect(actionIds(message)).toContain(actionId);
    const [calls, responses] = [world.fake.calls.length, world.fake.responses.length];
    expect((await world.click(userId, actionId, { message: { ...message, ts: message.ts } })).status).toBe(200);
    await expect
      .poll(() => JSON.stringify([world.fake.calls.slice(calls), world.fake.responses.slice(responses)]))
      .toContain(expected);
  }
  const latestCheckIn = async () =>
    (await world.database.prisma.checkIn.findFirst({ where: { pairId }, orderBy: { dueOn: 'desc' } }))!;

  it('asks each member of the pair at 10:00 in her own time zone, with the three answers and a stop button', async () => {
    await tickAt(localMoment(firstDay, '09:59', paris));
    expect(checkIns('U0ADA')).toEqual([]);
    await tickAt(localMoment(firstDay, '10:00', paris));
    expect(checkIns('U0ADA')).toHaveLength(1);
    expect(checkIns('U0NADIA')).toEqual([]);
    await tickAt(localMoment(firstDay, '10:00', montreal));

    const checkIn = await latestCheckIn();
    for (const [user, partner] of [
      ['U0ADA', 'U0NADIA'],
      ['U0NADIA', 'U0ADA'],
    ] as const) {
      expect(checkIns(user)).toHaveLength(1);
      expect(checkIns(user)[0]!.text).toContain(`<@${partner}>`);
      expect(actionIds(checkIns(user)[0]!)).toEqual([...answerIds(community.id, checkIn.id), stopId(community.id)]);
    }
  });

  it('"need help" from her DM alerts the moderation channel; only a moderator can take it, and taking edits the alert', async () => {
    const checkIn = await latestCheckIn();
    await click(
      'U0ADA',
      checkIns('U0ADA')[0]!,
      answerIds(community.id, checkIn.id)[2]!,
      'l’équipe de modération est prévenue',
    );
    await settled();

    const [alert, ...more] = world.fake.messages(moderation);
    expect(more).toEqual([]);
    expect(alert!.text).toContain('🆘 <@U0ADA> demande de l’aide pour son binôme avec <@U0NADIA>');
    const takeId = `${community.id}/checkin:take:${checkIn.id}`;
    expect(actionIds(alert!)).toEqual([takeId]);
    // Inert: the only mentions are the bot's own (the two members, the moderator to notify).
    const everything = JSON.stringify([alert!.text, alert!.blocks]);
    expect(new Set(everything.match(/<[@!#][^>]*>/g))).toEqual(new Set(['<@U0ADA>', '<@U0NADIA>', '<@U0MONA>']));
    expect(everything).not.toContain('e.vil');

    await click('U0LEA', alert!, takeId, 'Seule l’équipe de modération peut faire cela.');
    await settled();
    expect(world.fake.messages(moderation)[0]!.edited).toBeUndefined();

    await click('U0MONA', alert!, takeId, 'Tu t’en occupes : pense à contacter <@U0ADA>');
    await settled();
    const [edited, ...others] = world.fake.messages(moderation);
    expect(others).toEqual([]);
    expect(edited!.edited).toBeDefined();
    expect(edited!.text).toContain('✅ Pris en charge par <@U0MONA>.');
    expect(actionIds(edited!)).toEqual([]);
    expect(dms('U0ADA').at(-1)!.text).toContain('a pris ta demande d’aide en charge');
  });

  it('the stop button on her check-in stops her next one; her partner still gets hers', async () => {
    await click('U0NADIA', checkIns('U0NADIA')[0]!, stopId(community.id), 'Tu ne recevras plus ce type de message');
    await settled();
    const hersBefore = dms('U0NADIA').length;
    const adaBefore = checkIns('U0ADA').length;

    await tickAt(localMoment(nextDay, '10:00', paris));
    await tickAt(localMoment(nextDay, '10:00', montreal));
    const next = await latestCheckIn();
    expect(next.dueOn.toISOString().slice(0, 10)).toBe(nextDay);
    expect(dms('U0NADIA')).toHaveLength(hersBefore);
    expect(checkIns('U0ADA')).toHaveLength(adaBefore + 1);
    expect(actionIds(checkIns('U0ADA').at(-1)!)).toEqual([...answerIds(community.id, next.id), stopId(community.id)]);
  });
});
