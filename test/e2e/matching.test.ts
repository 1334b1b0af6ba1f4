import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';
import type { Platform } from '../../src/core/community.ts';
import { buttonInteraction, modalSubmitInteraction } from '../fakes/discord/index.ts';
import { stateValue } from '../fakes/slack/index.ts';
import { componentIds, startDiscordWorld, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';
import { fittingMentee, fittingMentor } from '../support/answers.ts';

const mentee = fittingMentee;
const mentor = fittingMentor({ capacity: 2 });

/** People who already answered the questionnaire (tested elsewhere). */
async function seed(store: Store, platform: Platform, externalId: string, people: Record<string, [string, Answers]>) {
  const community = await store.communities.ensure({ platform, externalId, name: 'Duchess' });
  const ids: Record<string, string> = {};
  for (const [name, [userId, answers]] of Object.entries(people)) {
    const member = await store.members.ensure({
      communityId: community.id,
      externalUserId: userId,
      displayName: name,
      locale: 'fr',
    });
    await store.profiles.save({
      memberId: member.id,
      communityId: community.id,
      questionnaireVersion: 1,
      answers,
      pendingInput: {},
      consentedAt: new Date(),
      completedAt: new Date(),
    });
    ids[name] = member.id;
  }
  return { community, ids };
}

describe('matching end to end on Discord', () => {
  let world: DiscordWorld;
  const ada = { id: '700000000000000001', username: 'ada' };
  const nadia = { id: '700000000000000002', username: 'nadia' };
  const lina = { id: '700000000000000003', username: 'lina' };
  beforeAll(async () => {
    world = await startDiscordWorld();
  });
  afterAll(() => world?.stop());

  /** A click on a button of a DM the bot sent: Discord says no guild, only the user. */
  async function clickInDm(user: { id: string; username: string }, customId: string) {
    const handle = await world.fake.interact(buttonInteraction({ user, customId, locale: 'fr' }));
    return (await handle.callback()).body as { type: number; data: { content: string } };
  }
  const dmButton = async (userId: string, prefix: string) => {
    await expect
      .poll(() =>
        world.fake
          .directMessages(userId)
          .flatMap(
            (m) => JSON.stringify(m.components).match(new RegExp(`"custom_id":"([^"]*${prefix}[^"]*)"`))?.[1] ?? [],
          ),
      )
      .not.toEqual([]);
    const ids = world.fake
      .directMessages(userId)
      .flatMap((m) => JSON.stringify(m.components).match(new RegExp(`"custom_id":"([^"]*${prefix}[^"]*)"`))?.[1] ?? []);
    return ids.at(-1) as string;
  };

  it('a mentee sends two requests, both mentors offer, she chooses one, the other is told, their private thread opens', async () => {
    const matchingChannel = world.guild.channelId('general');
    const { community, ids } = await seed(world.app.store, 'discord', world.guild.id, {
      ada: [ada.id, mentee],
      nadia: [nadia.id, mentor],
      lina: [lina.id, { ...mentor, region: 'Nantes' }],
    });
    await world.app.store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: matchingChannel } },
    });

    const suggestions = await world.command(ada, 'mentors');
    expect(suggestions.data.content).toContain('Marraines qui te correspondent');
    expect(suggestions.data.content).toMatch(/Pourquoi : En commun : Back-end, java/);
    expect(componentIds(suggestions)).toEqual([
      `mentors:ask:${ids.nadia}`,
      `mentors:ask:${ids.lina}`,
      'mentors:post-open',
    ]);

    for (const name of ['nadia', 'lina'] as const) {
      const form = await world.click(ada, `mentors:ask:${ids[name]}`);
      expect(form.type).toBe(InteractionResponseType.Modal);
      const sent = await world.submit(ada, `mentors:send:${ids[name]}`, { message: `Bonjour ${name} !` });
      expect(sent.data.content).toContain('Demande envoyée');
    }

    for (const who of [nadia, lina]) {
      const offer = await dmButton(who.id, 'requests:offer:');
      expect(world.fake.directMessages(who.id).at(-1)?.content).toContain('aimerait que tu l’accompagnes');
      const answer = await clickInDm(who, offer);
      expect(answer.type).toBe(InteractionResponseType.UpdateMessage);
      expect(answer.data.content).toContain('est prévenue');
    }

    // Both offers reached her by DM, each with its button; she chooses from the last one.
    const choose = await dmButton(ada.id, 'mentors:choose:');
    await expect
      .poll(
        () => world.fake.directMessages(ada.id).filter((m) => m.content.includes('propose de t’accompagner')).length,
      )
      .toBe(2);
    const chosen = await clickInDm(ada, choose);
    expect(chosen.data.content).toMatch(/^C’est fait : <@70000000000000000[23]> t’accompagne/);

    const pairedWith = chosen.data.content.includes(nadia.id) ? nadia : lina;
    const other = pairedWith === nadia ? lina : nadia;
    await expect
      .poll(() => world.fake.directMessages(other.id).map((m) => m.content))
      .toContainEqual(expect.stringContaining('a choisi une autre marraine'));
    await expect
      .poll(() => world.fake.directMessages(pairedWith.id).map((m) => m.content))
      .toContainEqual(expect.stringContaining('t’a choisie comme marraine'));

    await expect
      .poll(() =>
        world.fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${matchingChannel}/threads`),
      )
      .toBe(true);
    const thread = world.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${matchingChannel}/threads`,
    )!;
    const threadId = (thread.response as { id: string }).id;
    await expect
      .poll(() => world.fake.threadMembers(threadId))
      .toEqual(expect.arrayContaining([ada.id, pairedWith.id]));
    await expect
      .poll(() => world.fake.messages(threadId).map((m) => m.content))
      .toContainEqual(expect.stringContaining('Pour lancer la conversation'));
    // Each is given a link to the thread, sent once it exists.
    await expect
      .poll(() => world.fake.directMessages(pairedWith.id).map((m) => m.content))
      .toContainEqual(expect.stringContaining(`Votre espace privé est ouvert : <#${threadId}>`));
    await expect
      .poll(() => world.fake.directMessages(ada.id).map((m) => m.content))
      .toContainEqual(`Ton espace privé avec <@${pairedWith.id}> est ouvert : <#${threadId}>`);
    expect((await world.command(ada, 'mentors')).data.content).toContain('Tu es accompagnée par');
  });

  it('lets a mentor decline from her DM with a private reason, in a form', async () => {
    const bea = { id: '700000000000000004', username: 'bea' };
    const zoe = { id: '700000000000000005', username: 'zoe' };
    const { ids } = await seed(world.app.store, 'discord', world.guild.id, {
      bea: [bea.id, mentee],
      zoe: [zoe.id, mentor],
    });
    await world.click(bea, `mentors:ask:${ids.zoe}`);
    await world.submit(bea, `mentors:send:${ids.zoe}`, { message: '' });
    const decline = await dmButton(zoe.id, 'requests:decline:');
    const form = await clickInDm(zoe, decline);
    expect(form.type).toBe(InteractionResponseType.Modal);
    const formId = (form.data as unknown as { custom_id: string }).custom_id;
    const handle = await world.fake.interact(
      modalSubmitInteraction({
        user: zoe,
        customId: formId,
        fields: { reason: 'Pas disponible en ce moment' },
        locale: 'fr',
      }),
    );
    expect(((await handle.callback()).body as { data: { content: string } }).data.content).toContain(
      'ta raison reste privée',
    );
    await expect
      .poll(() => world.fake.directMessages(bea.id).map((m) => m.content))
      .toContainEqual(expect.stringContaining('ne peut pas t’accompagner cette fois'));
    expect(JSON.stringify(world.fake.directMessages(bea.id))).not.toContain('Pas disponible');
  });

  it('a second post replaces the first in the channel, and once she has chosen the post says so with no button left', async () => {
    const cara = { id: '700000000000000006', username: 'cara' };
    const eve = { id: '700000000000000007', username: 'eve' };
    const channel = world.guild.channelId('general');
    const { community, ids } = await seed(world.app.store, 'discord', world.guild.id, {
      cara: [cara.id, mentee],
      eve: [eve.id, mentor],
    });
    await world.app.store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: channel } },
    });
    // Her post as everyone in the channel sees it (not the answers only the clicker sees).
    const posts = () => world.fake.messages(channel).filter((m) => !m.ephemeral && m.content.includes(`<@${cara.id}>`));

    expect((await world.click(cara, 'mentors:post-open')).type).toBe(InteractionResponseType.Modal);
    expect((await world.submit(cara, 'mentors:post', { note: 'Une marraine en data' })).data.content).toContain(
      'Ta demande est publiée',
    );
    await expect.poll(() => posts().map((m) => m.content)).toEqual([expect.stringContaining('Une marraine en data')]);
    expect((await world.submit(cara, 'mentors:post', { note: 'Plutôt en backend' })).data.content).toContain(
      'mise à jour avec ton nouveau mot',
    );
    await expect.poll(() => posts().map((m) => m.content)).toEqual([expect.stringContaining('Plutôt en backend')]);
    expect(posts()[0]!.content).not.toContain('data');
    expect(JSON.stringify(posts()[0]!.components)).toContain(`requests:volunteer:${ids.cara}`);

    expect((await world.click(eve, `requests:volunteer:${ids.cara}`)).data.content).toContain('est prévenue');
    await clickInDm(cara, await dmButton(cara.id, 'mentors:choose:'));
    await expect.poll(() => posts().map((m) => m.content)).toEqual([`<@${cara.id}> a trouvé sa marraine 💜`]);
    expect(posts()[0]!.components).toEqual([]);
  });

  it('posts a note full of mentions inert: nobody but her is pinged, and no mention shows as one', async () => {
    const ines = { id: '700000000000000008', username: 'ines' };
    const channel = world.guild.channelId('general');
    const { community } = await seed(world.app.store, 'discord', world.guild.id, { ines: [ines.id, mentee] });
    await world.app.store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: channel } },
    });
    const note =
      'Bonjour @everyone @here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> <#555555555555555555> [clic](https://e.vil)';
    await world.submit(ines, 'mentors:post', { note });
    const sent = await world.fake.waitForRequest(
      (r) =>
        r.method === 'POST' && r.path === `/channels/${channel}/messages` && JSON.stringify(r.body).includes('Bonjour'),
    );
    const body = sent.body as {
      content: string;
      allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
    };
    // Only the bot's own mention of her may notify anyone.
    expect(body.allowed_mentions).toEqual({ parse: [], users: [ines.id], roles: [] });
    const mentions = [...body.content.matchAll(/<(@[!&]?|#)\d+>/g)].map((m) => m[0]);
    expect(mentions).toEqual([`<@${ines.id}>`]);
    expect(body.content).not.toMatch(/@(everyone|here)\b/);
    expect(body.content).not.toMatch(/(?<!\\)\[clic\]\(/);
    expect(body.content).toContain('Bonjour');
  });
});

describe('matching end to end on Slack', () => {
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld();
    for (const id of ['U0ADA', 'U0NADIA', 'U0LINA', 'U0CARA', 'U0EVE'])
      world.fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
  });
  afterAll(() => world?.stop());

  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;
  /** The latest DM to a user holding a button whose id contains `prefix`, with that id. */
  async function dmWithButton(userId: string, prefix: string) {
    const find = () =>
      (dmChannel(userId) ? world.fake.messages(dmChannel(userId)) : [])
        .map((m) => ({
          m,
          id: JSON.stringify(m.blocks ?? []).match(new RegExp(`"action_id":"([^"]*${prefix}[^"]*)"`))?.[1],
        }))
        .filter((x) => x.id)
        .at(-1);
    await expect.poll(() => find() !== undefined).toBe(true);
    return find()!;
  }

  it('a mentee sends two requests, both mentors offer, she chooses one, the other is told, their group DM opens', async () => {
    const { ids } = await seed(world.app.store, 'slack', world.fake.teamId, {
      ada: ['U0ADA', mentee],
      nadia: ['U0NADIA', mentor],
      lina: ['U0LINA', { ...mentor, region: 'Nantes' }],
    });
    const suggestions = await world.command('U0ADA', 'marraines');
    const text = JSON.stringify(suggestions.json);
    expect(text).toContain('Marraines qui te correspondent');
    expect(text).toContain(`mentors:ask:${ids.nadia}`);

    for (const name of ['nadia', 'lina'] as const) {
      await world.click('U0ADA', `mentors:ask:${ids[name]}`);
      const opened = await world.fake.waitForCall(
        'views.open',
        (args) => (args.view as { callback_id: string }).callback_id === `mentors:send:${ids[name]}`,
      );
      const sent = await world.submit('U0ADA', opened.args.view as Record<string, unknown>, {
        message: stateValue.plainText(`Bonjour ${name}`),
      });
      expect(JSON.stringify(sent.json)).toContain('Demande envoyée');
    }

    for (const userId of ['U0NADIA', 'U0LINA']) {
      const { m, id } = await dmWithButton(userId, 'requests:offer:');
      expect(m.text).toContain('aimerait que tu l’accompagnes');
      await world.click(userId, id!, { message: { ...m, ts: m.ts } });
      await world.fake.waitForCall(
        'chat.update',
        (args) => args.ts === m.ts && String(args.text).includes('est prévenue'),
      );
    }

    const { m, id } = await dmWithButton('U0ADA', 'mentors:choose:');
    await world.click('U0ADA', id!, { message: { ...m, ts: m.ts } });
    const update = await world.fake.waitForCall(
      'chat.update',
      (args) => args.ts === m.ts && String(args.text).includes('t’accompagne'),
    );
    const chosenNadia = String(update.args.text).includes('U0NADIA');
    const [chosen, other] = chosenNadia ? ['U0NADIA', 'U0LINA'] : ['U0LINA', 'U0NADIA'];

    await expect
      .poll(() => world.fake.messages(dmChannel(other)).map((x) => x.text))
      .toContainEqual(expect.stringContaining('a choisi une autre marraine'));
    const group = await world.fake.waitForCall('conversations.open', (args) => args.users === `U0ADA,${chosen}`);
    const groupId = (group.response as { channel: { id: string } }).channel.id;
    await expect
      .poll(() => world.fake.messages(groupId).map((x) => x.text))
      .toContainEqual(expect.stringContaining('Pour lancer la conversation'));
    await expect
      .poll(() => world.fake.messages(dmChannel(chosen)).map((x) => x.text))
      .toContainEqual(expect.stringContaining(`<#${groupId}>`));
    await expect
      .poll(() => world.fake.messages(dmChannel('U0ADA')).map((x) => x.text))
      .toContainEqual(expect.stringContaining(`<#${groupId}>`));
  });
  it('a second post replaces the first in the channel, and once she has chosen the post says so with no button left', async () => {
    const { community, ids } = await seed(world.app.store, 'slack', world.fake.teamId, {
      cara: ['U0CARA', mentee],
      eve: ['U0EVE', mentor],
    });
    await world.app.store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: 'C0MATCH' } },
    });
    const posts = () => world.fake.messages('C0MATCH').filter((m) => m.text.includes('U0CARA'));

    await world.click('U0CARA', 'mentors:post-open');
    const opened = await world.fake.waitForCall(
      'views.open',
      (args) => (args.view as { callback_id: string }).callback_id === 'mentors:post',
    );
    const view = opened.args.view as Record<string, unknown>;
    expect(
      JSON.stringify(await world.submit('U0CARA', view, { note: stateValue.plainText('Une marraine en data') })),
    ).toContain('Ta demande est publiée');
    await expect.poll(() => posts().map((m) => m.text)).toEqual([expect.stringContaining('Une marraine en data')]);
    expect(
      JSON.stringify(await world.submit('U0CARA', view, { note: stateValue.plainText('Plutôt en backend') })),
    ).toContain('mise à jour avec ton nouveau mot');
    await expect.poll(() => posts().map((m) => m.text)).toEqual([expect.stringContaining('Plutôt en backend')]);
    expect(posts()[0]!.text).not.toContain('data');

    const post = posts()[0]!;
    await world.click('U0EVE', `requests:volunteer:${ids.cara}`, { message: { ...post, ts: post.ts } });
    const { m, id } = await dmWithButton('U0CARA', 'mentors:choose:');
    await world.click('U0CARA', id!, { message: { ...m, ts: m.ts } });
    await expect.poll(() => posts().map((x) => x.text)).toEqual([expect.stringContaining('a trouvé sa marraine')]);
    expect(JSON.stringify(posts()[0]!.blocks ?? [])).not.toContain('"type":"actions"');
  });

  it('posts a note full of mentions inert: no channel, group or person can be pinged by it', async () => {
    const { community } = await seed(world.app.store, 'slack', world.fake.teamId, { ines: ['U0INES', mentee] });
    await world.app.store.communities.update(community.id, {
      settings: { ...community.settings, channels: { matching: 'C0MATCH' } },
    });
    await world.click('U0INES', 'mentors:post-open');
    const opened = await world.fake.waitForCall(
      'views.open',
      (args) => (args.view as { callback_id: string }).callback_id === 'mentors:post',
    );
    const note = 'Bonjour <!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0MODS> <@&123> <https://e.vil|clic>';
    await world.submit('U0INES', opened.args.view as Record<string, unknown>, { note: stateValue.plainText(note) });
    const post = await world.fake.waitForCall(
      'chat.postMessage',
      (args) => args.channel === 'C0MATCH' && String(args.text).includes('Bonjour'),
    );
    const everything = JSON.stringify([post.args.text, post.args.blocks]);
    for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<!subteam^', '<https://e.vil'])
      expect(everything).not.toContain(ping);
    // Her words are still there, shown as she typed them (escaped for Slack).
    expect(String(post.args.text)).toContain('&lt;!channel&gt;');
    expect([...everything.matchAll(/<[@!#][^>]*>/g)].map((m) => m[0])).toEqual(expect.arrayContaining(['<@U0INES>']));
    expect(new Set([...everything.matchAll(/<[@!#][^>]*>/g)].map((m) => m[0]))).toEqual(new Set(['<@U0INES>']));
  });
});
