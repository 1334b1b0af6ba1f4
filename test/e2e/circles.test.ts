import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/community.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';
import { componentIds, startDiscordWorld, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

const peer: Answers = {
  role: 'peer',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change'],
  region: 'Lyon',
  hoursPerMonth: 4,
  consent: true,
};

/** People who already answered the questionnaire (tested elsewhere), and the matching channel set. */
async function seed(store: Store, platform: Platform, externalId: string, userIds: string[], matching: string) {
  const created = await store.communities.ensure({ platform, externalId, name: 'Duchess' });
  await store.communities.update(created.id, { settings: { ...created.settings, channels: { matching } } });
  for (const userId of userIds) {
    const member = await store.members.ensure({
      communityId: created.id,
      externalUserId: userId,
      displayName: userId,
      locale: 'fr',
    });
    await store.profiles.save({
      memberId: member.id,
      communityId: created.id,
      questionnaireVersion: 1,
      answers: peer,
      pendingInput: {},
      consentedAt: new Date(),
      completedAt: new Date(),
    });
  }
}

describe('peer circles end to end on Discord', () => {
  let world: DiscordWorld;
  const people = ['ada', 'bea', 'cam', 'dan'].map((username, i) => ({ id: `70000000000000010${i}`, username }));
  beforeAll(async () => {
    world = await startDiscordWorld();
  });
  afterAll(() => world?.stop());

  it('four members join a circle: it is formed, its private thread opens with all four, and each is given the link', async () => {
    const matching = world.guild.channelId('general');
    await seed(
      world.app.store,
      'discord',
      world.guild.id,
      people.map((p) => p.id),
      matching,
    );

    const shown = await world.command(people[0]!, 'circle');
    expect(shown.data.content).toContain('Les cercles de pairs');
    expect(componentIds(shown)).toEqual(['circle:join']);
    for (const person of people.slice(0, 3))
      expect((await world.click(person, 'circle:join')).data.content).toContain('tu es sur la liste d’attente');
    const last = await world.click(people[3]!, 'circle:join');
    expect(last.data.content).toContain('Ton cercle est formé : bienvenue dans le cercle 1');

    const thread = await world.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${matching}/threads`,
    );
    const threadId = (thread.response as { id: string }).id;
    expect((thread.body as { name: string; type: number }).name).toBe('Cercle 1');
    // The four of them (and the bot, who made it).
    await expect
      .poll(() => world.fake.threadMembers(threadId).filter((id) => id.startsWith('7000')))
      .toEqual(people.map((p) => p.id));
    await expect
      .poll(() => world.fake.messages(threadId).map((m) => m.content))
      .toContainEqual(expect.stringContaining('Vous partagez : En reconversion, Back-end, Lyon.'));
    for (const person of people) {
      await expect
        .poll(() => world.fake.directMessages(person.id).map((m) => m.content))
        .toContainEqual(
          `Ton cercle est formé : bienvenue dans le cercle 1 💜 Votre espace privé est ouvert : <#${threadId}>`,
        );
    }
    // `circle` now shows her circle, its space, and how to leave it.
    const mine = await world.command(people[1]!, 'circle');
    expect(mine.data.content).toContain('Ton cercle : le cercle 1');
    expect(mine.data.content).toContain(`Votre espace : <#${threadId}>`);
    expect(componentIds(mine)).toEqual(['circle:leave-ask']);
  });
});

describe('peer circles end to end on Slack', () => {
  let world: SlackWorld;
  const people = ['U0CADA', 'U0CBEA', 'U0CCAM', 'U0CDAN'];
  beforeAll(async () => {
    world = await startSlackWorld();
    for (const id of people) world.fake.setUser({ id, name: id.slice(3).toLowerCase(), locale: 'fr-FR' });
  });
  afterAll(() => world?.stop());

  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;

  it('four members join a circle: it is formed, its group DM opens with all four, and each is given the link', async () => {
    await seed(world.app.store, 'slack', world.fake.teamId, people, 'C0MATCH');
    const shown = await world.command(people[0]!, 'cercle');
    expect(JSON.stringify(shown.json)).toContain('circle:join');
    for (const userId of people) await world.click(userId, 'circle:join');

    const group = await world.fake.waitForCall('conversations.open', (args) => args.users === people.join(','));
    const groupId = (group.response as { channel: { id: string } }).channel.id;
    await expect
      .poll(() => world.fake.messages(groupId).map((m) => m.text))
      .toContainEqual(expect.stringContaining('Bienvenue dans le cercle 1'));
    for (const userId of people) {
      await expect
        .poll(() => (dmChannel(userId) ? world.fake.messages(dmChannel(userId)).map((m) => m.text) : []))
        .toContainEqual(expect.stringContaining(`<#${groupId}>`));
    }
  });
});
