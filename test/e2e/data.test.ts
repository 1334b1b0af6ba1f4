import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import type { RunningApp } from '../../src/app.ts';
import { stateValue, type FakeSlackMessage, type SlackArgs } from '../fakes/slack/index.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';
import { componentIds, startDiscordWorld, type DiscordUser, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

/**
 * Her data through the real discord.js and Bolt clients: `data` sends her export by DM as
 * a file; erasing with a wrong word does nothing; with the right one, she is erased and her
 * mentor told kindly, with nothing of hers (a hostile name, a hostile note) in the message.
 * Leaving the server (Discord) or a deactivated account (Slack) pauses her; 90 days later
 * the scheduler erases her, once.
 */
const hostile = '@everyone @here <@123456789012345678> <!channel> <https://x.example|cliquez> **gras**';
const day = 24 * 60 * 60 * 1000;

/** Ada (mentee, hostile name and note) paired with Mona (mentor), through the services. */
async function pairUp(
  app: RunningApp,
  community: Community,
  adaId: string,
  monaId: string,
): Promise<{ ada: Member; mona: Member }> {
  const { store, matching } = app.services;
  const mona = await createPerson(store, community, monaId, mentorAnswers({ capacity: 2 }));
  let ada = await createPerson(store, community, adaId, { ...menteeAnswers, bio: hostile });
  ada = await store.members.update(ada.id, { displayName: hostile });
  const request = await matching.request(community, ada, mona.id, hostile);
  await matching.offer(community, mona, request.id);
  await matching.choose(community, ada, request.id);
  return { ada, mona };
}

describe('her data end to end on Discord', () => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let world: DiscordWorld;
  let community: Community;
  const ada: DiscordUser = { id: '730000000000000001', username: 'ada' };
  const mona: DiscordUser = { id: '730000000000000002', username: 'mona' };
  const zoe: DiscordUser = { id: '730000000000000003', username: 'zoe' };
  const lou: DiscordUser = { id: '730000000000000004', username: 'lou' };

  beforeAll(async () => {
    world = await startDiscordWorld({ clock, channels: ['showcase'] });
    const created = await world.app.store.communities.ensure({
      platform: 'discord',
      externalId: world.guild.id,
      name: 'Duchess France',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    community = await world.app.store.communities.update(created.id, {
      settings: {
        ...created.settings,
        channels: { moderationQueue: world.channel('moderation'), showcase: world.channel('showcase') },
        moderatorUsers: [mona.id],
      },
    });
    const { ada: member, mona: moderator } = await pairUp(world.app, community, ada.id, mona.id);
    // Her post, published in the showcase: she will ask for it to go with her data.
    const { posts, publication } = world.app.services;
    const post = await posts.submit({
      community,
      author: member,
      values: { category: 'quote', caption: `Citation ${hostile}`, credit: 'name', consent: 'community' },
    });
    await posts.decide({ community, moderator, submissionId: post.id, decision: 'approve' });
    await publication.publishNow(community, moderator, post.id);
    await world.waitForMessage('showcase', (m) => m.content.includes('Citation'));
  });
  afterAll(() => world?.stop());

  it('sends her export by DM as a JSON file', async () => {
    const panel = await world.command(ada, 'data');
    expect(componentIds(panel)).toEqual(['data:export', 'data:delete:keep', 'data:delete:remove']);
    const answer = await world.click(ada, 'data:export');
    expect(answer.data.content).toContain('tes données arrivent en message privé');
    const dm = await world.waitForDirectMessage(ada, (m) => m.files.length > 0);
    const [file] = dm.files;
    expect(file!.filename).toMatch(/^marraine-mes-donnees-2026-06-15\.json$/);
    const document = JSON.parse(file!.bytes.toString('utf8')) as {
      parts: { table: string; explanation: { fr: string; en: string }; records: Record<string, unknown>[] }[];
    };
    const profile = document.parts.find((p) => p.table === 'profiles')!;
    expect(profile.explanation.fr).toContain('Tes réponses au questionnaire');
    expect(JSON.stringify(profile.records)).toContain('cliquez');
    expect(document.parts.map((p) => p.table)).toEqual(
      expect.arrayContaining(['members', 'pairs', 'mentorship_requests', 'audit_logs']),
    );
  });

  it('a wrong confirmation erases nothing', async () => {
    const modal = await world.click(ada, 'data:delete:keep');
    expect(modal.type).toBe(9);
    const wrong = await world.submit(ada, 'data:confirm:keep', { confirm: 'oui' });
    expect(wrong.data.content).toContain('Rien n’a été effacé : pour confirmer, tape exactement SUPPRIMER');
    expect(await world.app.store.members.find(community.id, ada.id)).not.toBeNull();
  });

  it('the right one erases her, and her mentor is told kindly, with nothing of hers', async () => {
    const done = await world.submit(ada, 'data:confirm:remove', { confirm: ' supprimer ' });
    expect(done.data.content).toContain('Tes données sont effacées de cette communauté');
    expect(done.data.content).toContain('Tes publications sont aussi retirées du salon vitrine (1)');
    // The bot deletes its own showcase message.
    await expect
      .poll(() => world.messagesIn('showcase').filter((m) => m.content.includes('Citation')).length, { timeout: 5_000 })
      .toBe(0);
    expect(await world.app.store.members.find(community.id, ada.id)).toBeNull();
    const told = await world.waitForDirectMessage(mona, (m) => m.content.includes('a quitté Marraine'));
    expect(told.content).toContain('Ta binôme (depuis le 15 juin 2026) a quitté Marraine');
    expect(told.content).not.toContain('cliquez');
    expect(told.content).not.toContain(ada.id);
    expect(told.raw.mention_everyone).toBe(false);
    expect(told.raw.mentions ?? []).toEqual([]);
    // A second time: nothing left, and she is told so.
    const again = await world.submit(ada, 'data:confirm:keep', { confirm: 'SUPPRIMER' });
    expect(again.data.content).toContain('Marraine ne garde rien sur toi');
  });

  it('leaving the server pauses her; 90 days later the scheduler erases her, once; one who came back is kept', async () => {
    await world.command(zoe, 'data');
    const zoeMember = (await world.app.store.members.find(community.id, zoe.id))!;
    await world.app.store.profiles.save({
      memberId: zoeMember.id,
      communityId: community.id,
      questionnaireVersion: 1,
      answers: { ...menteeAnswers, bio: hostile },
      pendingInput: {},
      consentedAt: clock.now(),
      completedAt: clock.now(),
    });
    world.fake.removeMember(world.guild.id, zoe);
    await expect
      .poll(async () => (await world.app.store.members.find(community.id, zoe.id))?.status, { timeout: 5_000 })
      .toBe('paused');
    // Lou leaves and joins again the same day: nothing of hers is erased later.
    await world.command(lou, 'data');
    world.fake.removeMember(world.guild.id, lou);
    await expect
      .poll(
        async () => (await world.app.store.auditLog.list(community.id, { action: 'member.left_platform' })).length,
        { timeout: 5_000 },
      )
      .toBe(2);
    world.fake.addMember(world.guild.id, lou);
    await expect
      .poll(
        async () => (await world.app.store.auditLog.list(community.id, { action: 'member.back_on_platform' })).length,
        { timeout: 5_000 },
      )
      .toBe(1);

    clock.advance(89 * day);
    await world.app.scheduler.tick();
    expect(await world.app.store.members.find(community.id, zoe.id)).not.toBeNull();
    clock.advance(2 * day);
    await world.app.scheduler.tick();
    await world.app.scheduler.tick();
    expect(await world.app.store.members.find(community.id, zoe.id)).toBeNull();
    expect(await world.app.store.members.find(community.id, lou.id)).not.toBeNull();
    const erasures = await world.app.store.auditLog.list(community.id, { action: 'member.erased.retention' });
    expect(erasures).toHaveLength(1);
  });
});

describe('her data end to end on Slack', () => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let world: SlackWorld;
  let community: Community;

  beforeAll(async () => {
    world = await startSlackWorld({ clock });
    for (const id of ['U0ADA', 'U0MONA', 'U0ZOE'])
      world.fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
    community = await world.app.store.communities.ensure({
      platform: 'slack',
      externalId: world.fake.teamId,
      name: 'Duchess France',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    await pairUp(world.app, community, 'U0ADA', 'U0MONA');
  });
  afterAll(() => world?.stop());

  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;
  const dms = (userId: string): FakeSlackMessage[] =>
    dmChannel(userId) ? world.fake.messages(dmChannel(userId)!) : [];
  async function opened(send: () => Promise<unknown>): Promise<SlackArgs> {
    const calls = world.fake.calls.length;
    await send();
    await expect.poll(() => world.fake.calls.slice(calls).some((c) => c.method === 'views.open')).toBe(true);
    const call = world.fake.calls.slice(calls).find((c) => c.method === 'views.open')!;
    return ((call.response as { view?: SlackArgs }).view ?? call.args.view) as SlackArgs;
  }

  it('sends her export by DM as a JSON file', async () => {
    const panel = await world.command('U0ADA', 'donnees');
    expect(panel.body).toContain('data:export');
    await world.click('U0ADA', 'data:export');
    await expect.poll(() => dms('U0ADA').some((m) => (m.files ?? []).length > 0), { timeout: 10_000 }).toBe(true);
    const dm = dms('U0ADA').find((m) => (m.files ?? []).length > 0)!;
    const bytes = world.fake.fileBytes(String(dm.files![0]!.id))!;
    const document = JSON.parse(bytes.toString('utf8')) as { parts: { table: string }[] };
    expect(document.parts.map((p) => p.table)).toEqual(expect.arrayContaining(['members', 'profiles', 'pairs']));
  });

  it('a wrong confirmation erases nothing; the right one erases her and her mentor is told', async () => {
    const view = await opened(() => world.click('U0ADA', 'data:delete:keep'));
    const wrong = await world.submit('U0ADA', view, { confirm: stateValue.plainText('non') });
    expect(JSON.stringify(wrong.json)).toContain('Rien n’a été effacé');
    expect(await world.app.store.members.find(community.id, 'U0ADA')).not.toBeNull();

    const right = await world.submit('U0ADA', view, { confirm: stateValue.plainText('SUPPRIMER') });
    expect(JSON.stringify(right.json)).toContain('Tes données sont effacées');
    expect(await world.app.store.members.find(community.id, 'U0ADA')).toBeNull();
    await expect
      .poll(() => dms('U0MONA').some((m) => m.text.includes('a quitté Marraine')), { timeout: 10_000 })
      .toBe(true);
    const told = dms('U0MONA').find((m) => m.text.includes('a quitté Marraine'))!;
    expect(JSON.stringify(told)).not.toMatch(/cliquez|<!channel>|<@123456789012345678>|U0ADA/);
  });

  it('a deactivated account pauses her', async () => {
    await world.command('U0ZOE', 'donnees');
    const { eventBody, postToBolt } = await import('../fakes/slack/index.ts');
    const { signingSecret } = await import('./support/slack-world.ts');
    const body = eventBody({
      teamId: world.fake.teamId,
      event: { type: 'user_change', user: { id: 'U0ZOE', team_id: world.fake.teamId, deleted: true } },
    });
    expect((await postToBolt(world.url, signingSecret, body)).status).toBe(200);
    await expect
      .poll(async () => (await world.app.store.members.find(community.id, 'U0ZOE'))?.status, { timeout: 5_000 })
      .toBe('paused');
    const left = await world.app.store.auditLog.list(community.id, { action: 'member.left_platform' });
    expect(left).toHaveLength(1);
    // Reactivated: kept; a later profile change (another user_change) is not news.
    for (const _ of [1, 2]) {
      const back = eventBody({
        teamId: world.fake.teamId,
        event: { type: 'user_change', user: { id: 'U0ZOE', team_id: world.fake.teamId, deleted: false } },
      });
      expect((await postToBolt(world.url, signingSecret, back)).status).toBe(200);
    }
    await expect
      .poll(
        async () => (await world.app.store.auditLog.list(community.id, { action: 'member.back_on_platform' })).length,
        { timeout: 5_000 },
      )
      .toBe(1);
  });
});
