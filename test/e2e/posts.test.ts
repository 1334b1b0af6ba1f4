import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { buttonInteraction, modalSubmitInteraction, type FakeMessage } from '../fakes/discord/index.ts';
import { stateValue, type FakeSlackMessage, type SlackArgs } from '../fakes/slack/index.ts';
import { localMoment, waitUntilSettled } from '../support/nudge-e2e.ts';
import { componentIds, startDiscordWorld, type DiscordUser, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

/**
 * The daily feed through the real discord.js and Bolt clients: she shares a photo, a
 * moderator asks for a change, she edits from her DM, a moderator approves (two at once:
 * one decision), and the daily job publishes it at 12:00 Paris time with the image
 * uploaded again from the stored bytes. Refusals on the way: an oversized file, a file
 * that is not an image, a member who is not a moderator, a moderator deciding her own post.
 * Her caption is full of both platforms' mention syntax: it pings nobody.
 */
const png = (tag: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`IHDR fake image ${tag}`)]);
const photo = png('desk');
const day = '2026-05-04';
const paris = 'Europe/Paris';

describe('daily posts end to end on Discord', () => {
  const clock = createManualClock(localMoment(day, '09:00', paris));
  let world: DiscordWorld;
  let community: Community;
  let role: string;
  const ada: DiscordUser = { id: '720000000000000001', username: 'ada' };
  const zoe: DiscordUser = { id: '720000000000000002', username: 'zoe' };
  let mona: DiscordUser;
  let lea: DiscordUser;
  const hostile = (roleId: string) => `@everyone @here <@&${roleId}> <@${zoe.id}> Mon bureau **du jour**`;

  beforeAll(async () => {
    world = await startDiscordWorld({ clock, channels: ['showcase'] });
    role = world.guild.roles.find((r) => r.name === 'Modération')!.id;
    mona = { id: '720000000000000003', username: 'mona', roles: [role] };
    lea = { id: '720000000000000004', username: 'lea', roles: [role] };
    const created = await world.app.store.communities.ensure({
      platform: 'discord',
      externalId: world.guild.id,
      name: 'Duchess France',
      locale: 'fr',
      timeZone: paris,
    });
    community = await world.app.store.communities.update(created.id, {
      settings: {
        ...created.settings,
        channels: { moderationQueue: world.channel('moderation'), showcase: world.channel('showcase') },
        moderatorRoles: [role],
      },
    });
  });
  afterAll(() => world?.stop());

  const settled = () => waitUntilSettled(world.app, community.id, () => world.fake.requests.length);
  const cards = () => world.messagesIn('moderation');
  const buttonOf = (message: FakeMessage, action: string) =>
    JSON.stringify(message.components).match(new RegExp(`"custom_id":"([^"]*${action}[^"]*)"`))?.[1];
  /** A click or a form sent from a DM: Discord then says no guild, only who she is. */
  const inDm = async (payload: Parameters<DiscordWorld['fake']['interact']>[0]) => {
    const handle = await world.fake.interact(payload);
    return (await handle.callback(5_000)).body as { type: number; data: { content?: string } };
  };

  it('refuses an oversized file and a file that is not an image, saying why, and keeps her text', async () => {
    const big = await world.command(ada, 'share', {
      category: 'coding',
      image: { filename: 'big.png', bytes: photo, size: 9 * 1024 * 1024 },
      caption: 'Mon bureau',
      credit: 'name',
      consent: 'social',
    });
    expect(big.data.content).toContain('Ton image est trop lourde : 8 Mo au plus');
    const text = await world.command(ada, 'share', {
      category: 'coding',
      image: { filename: 'notes.png', bytes: Buffer.from('pas une image'), contentType: 'image/png' },
    });
    expect(text.data.content).toContain('png, jpeg, webp ou gif');
    expect(text.data.content).toContain('J’ai gardé');
    expect(cards()).toEqual([]);
  });

  it('she shares a photo: the card reaches the moderators with the image, her caption pings nobody', async () => {
    const sent = await world.command(ada, 'share', {
      category: 'coding',
      image: { filename: 'desk.png', bytes: photo, contentType: 'image/png' },
      caption: hostile(role),
      credit: 'name',
      consent: 'social',
    });
    expect(sent.data.content).toContain('Ta publication est dans la file de modération');
    const card = await world.waitForMessage('moderation');
    expect(card.files.map((f) => f.bytes)).toEqual([photo]);
    expect(card.content).toContain('Moi en train de coder');
    // Only whom the bot means may be pinged: her (the credit), never a role, never @everyone.
    expect(card.raw.mentions?.map((u) => u.id) ?? []).not.toContain(zoe.id);
    expect(card.raw.mention_everyone).toBe(false);
    expect(card.raw.mention_roles).toEqual([]);
  });

  it('a member who does not moderate cannot decide, nor can a moderator decide her own post', async () => {
    const approve = buttonOf(cards()[0]!, 'share:approve:')!;
    expect((await world.click(zoe, approve)).data.content).toBe('Seule l’équipe de modération peut faire cela.');
    await world.command(mona, 'share', {
      category: 'quote',
      caption: '« Le code est poésie » — Ada',
      credit: 'anonymous',
      consent: 'community',
    });
    await expect.poll(() => cards().length).toBe(2);
    const own = buttonOf(cards()[1]!, 'share:approve:')!;
    expect((await world.click(mona, own)).data.content).toContain('C’est ta propre publication');
  });

  it('a moderator asks for a change; she edits from her DM; the new card comes back to the queue', async () => {
    const changes = buttonOf(cards()[0]!, 'share:changes:')!;
    const form = await world.click(mona, changes);
    expect(form.type).toBe(InteractionResponseType.Modal);
    const asked = await world.submit(mona, form.data.custom_id!, { note: 'Recadre un peu la photo <@&1>' });
    expect(asked.data.content).toContain(`<@${ada.id}>`);

    const dm = await world.waitForDirectMessage(ada, (m) => m.content.includes('Une modification est demandée'));
    expect(dm.content).toContain('Recadre un peu la photo');
    const edit = buttonOf(dm, 'share:edit:')!;
    const editForm = await inDm(
      buttonInteraction({ user: { id: ada.id, username: ada.username }, customId: edit, locale: 'fr' }),
    );
    expect(editForm.type).toBe(InteractionResponseType.Modal);
    const editSend = (editForm.data as { custom_id: string }).custom_id;
    const done = await inDm(
      modalSubmitInteraction({
        user: { id: ada.id, username: ada.username },
        customId: editSend,
        locale: 'fr',
        fields: { caption: `Mon bureau recadré ${hostile(role)}`, handle: '' },
      }),
    );
    expect(done.data.content).toBeTruthy();

    await expect.poll(() => cards().length).toBe(3);
    await settled();
    const [first, , fresh] = cards();
    // The first card says a change was asked and has no decision button left; the new one has them.
    expect(first!.content).toContain('Modification demandée');
    expect(buttonOf(first!, 'share:approve:')).toBeUndefined();
    expect(fresh!.content).toContain('Mon bureau recadré');
    expect(fresh!.files.map((f) => f.bytes)).toEqual([photo]);
  });

  it('two moderators approve at once: one decision, the other is told who decided', async () => {
    const approve = buttonOf(cards()[2]!, 'share:approve:')!;
    const answers = await Promise.all([world.click(mona, approve), world.click(lea, approve)]);
    const texts = answers.map((a) => a.data.content ?? '').sort();
    expect(texts).toEqual([
      expect.stringContaining('C’est approuvé'),
      expect.stringMatching(/^Déjà approuvée par <@72000000000000000[34]> le /),
    ]);
    await settled();
    expect(cards()[2]!.content).toContain('Approuvée par');
    expect(
      componentIds({ type: 4, data: { components: cards()[2]!.components as never }, request: undefined as never }),
    ).not.toContain(approve);
    await world.waitForDirectMessage(ada, (m) => m.content.includes('a été approuvée'));
  });

  it('publishes it at 12:00 Paris time, once, with the image uploaded again, pinging nobody but her', async () => {
    clock.set(localMoment(day, '11:59', paris));
    await world.app.scheduler.tick();
    await settled();
    expect(world.messagesIn('showcase')).toEqual([]);

    clock.set(localMoment(day, '12:01', paris));
    await world.app.scheduler.tick();
    await world.app.scheduler.tick();
    await settled();
    const posts = world.messagesIn('showcase');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post!.files.map((f) => f.bytes)).toEqual([photo]);
    expect(post!.content).toContain('Mon bureau recadré');
    // Her caption is shown as typed, inert: no @everyone, no role, no mention chip of Zoé.
    expect(post!.content).toContain('@\u200Beveryone');
    expect(post!.content).not.toContain(`<@${zoe.id}>`);
    expect(post!.content).not.toContain(`<@&${role}>`);
    expect(post!.raw.mention_everyone).toBe(false);
    expect(post!.raw.mention_roles).toEqual([]);
    const showcasePost = world.fake.requests.find(
      (r) => r.method === 'POST' && r.path.endsWith(`/channels/${world.channel('showcase')}/messages`),
    );
    const body = showcasePost?.body as
      { allowed_mentions?: { parse: string[]; users: string[]; roles: string[] } } | undefined;
    expect(body?.allowed_mentions).toEqual({ parse: [], users: [ada.id], roles: [] });
    await world.waitForDirectMessage(ada, (m) => m.content.includes('Ta publication est en ligne'));
  });
});

describe('daily posts end to end on Slack', () => {
  const clock = createManualClock(localMoment(day, '09:00', paris));
  let world: SlackWorld;
  let community: Community;
  const queue = 'C0QUEUE';
  const showcase = 'C0SHOW';

  beforeAll(async () => {
    world = await startSlackWorld({ clock });
    for (const id of ['U0ADA', 'U0ZOE', 'U0MONA', 'U0LEA'])
      world.fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
    world.fake.setUser({ id: 'U0ROBOT', name: 'robot', locale: 'fr-FR', is_bot: true });
    const created = await world.app.store.communities.ensure({
      platform: 'slack',
      externalId: world.fake.teamId,
      name: 'Duchess France',
      locale: 'fr',
      timeZone: paris,
    });
    community = await world.app.store.communities.update(created.id, {
      settings: {
        ...created.settings,
        channels: { moderationQueue: queue, showcase },
        moderatorUsers: ['U0MONA', 'U0LEA'],
      },
    });
  });
  afterAll(() => world?.stop());

  const settled = () => waitUntilSettled(world.app, community.id, () => world.fake.calls.length);
  const actionIds = (m: FakeSlackMessage) =>
    JSON.stringify(m.blocks ?? [])
      .match(/"action_id":"[^"]*"/g)
      ?.map((s) => s.slice(13, -1)) ?? [];
  const buttonOf = (m: FakeSlackMessage, action: string) => actionIds(m).find((id) => id.includes(action));
  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;
  const dms = (userId: string) => (dmChannel(userId) ? world.fake.messages(dmChannel(userId)!) : []);

  /** The form a command or a click opened (views.open), to submit. */
  async function opened(send: () => Promise<unknown>): Promise<SlackArgs> {
    const calls = world.fake.calls.length;
    await send();
    await expect.poll(() => world.fake.calls.slice(calls).some((c) => c.method === 'views.open')).toBe(true);
    const call = world.fake.calls.slice(calls).find((c) => c.method === 'views.open')!;
    return ((call.response as { view?: SlackArgs }).view ?? call.args.view) as SlackArgs;
  }
  /** Her click on a message's button: waits until what she reads (the acknowledgement, or a reply through response_url) says `expected`. */
  async function clickOn(userId: string, message: FakeSlackMessage, actionId: string, expected: string): Promise<void> {
    const [calls, responses] = [world.fake.calls.length, world.fake.responses.length];
    const answer = await world.click(userId, actionId, { message: { ...message, ts: message.ts } });
    expect(answer.status).toBe(200);
    await expect
      .poll(
        () => JSON.stringify([answer.json ?? '', world.fake.calls.slice(calls), world.fake.responses.slice(responses)]),
        { timeout: 10_000 },
      )
      .toContain(expected);
  }
  const fields = (values: Record<string, SlackArgs>) => values;

  it('refuses an oversized file and a file that is not an image under the field, keeping the form open', async () => {
    const view = await opened(() => world.command('U0ADA', 'partager'));
    const big = await world.submit(
      'U0ADA',
      view,
      fields({
        category: stateValue.staticSelect('coding'),
        image: world.fileInput('U0ADA', {
          name: 'big.png',
          bytes: Buffer.concat([photo, Buffer.alloc(9 * 1024 * 1024)]),
          mimetype: 'image/png',
        }),
        caption: stateValue.plainText('Mon bureau'),
        credit: stateValue.staticSelect('name'),
        consent: stateValue.staticSelect('social'),
      }),
    );
    expect(big.json).toMatchObject({ response_action: 'errors', errors: { image: '8 Mo au plus.' } });
    const text = await world.submit(
      'U0ADA',
      view,
      fields({
        category: stateValue.staticSelect('coding'),
        image: world.fileInput('U0ADA', {
          name: 'notes.png',
          bytes: Buffer.from('pas une image'),
          mimetype: 'image/png',
        }),
        caption: stateValue.plainText('Mon bureau'),
        credit: stateValue.staticSelect('name'),
        consent: stateValue.staticSelect('social'),
      }),
    );
    expect(JSON.stringify(text.json)).toContain('png, jpeg, webp ou gif');
    expect(world.fake.messages(queue)).toEqual([]);
  });

  it('shares, asks for a change, edits, approves (two at once: one decision), and publishes at 12:00 with the image', async () => {
    const view = await opened(() => world.command('U0ADA', 'partager'));
    const sent = await world.submit(
      'U0ADA',
      view,
      fields({
        category: stateValue.staticSelect('coding'),
        image: world.fileInput('U0ADA', { name: 'desk.png', bytes: photo, mimetype: 'image/png' }),
        caption: stateValue.plainText('<!channel> <!subteam^S0MODS> <@U0ZOE> & Mon bureau'),
        credit: stateValue.staticSelect('name'),
        consent: stateValue.staticSelect('social'),
      }),
    );
    expect(sent.status).toBe(200);
    await expect.poll(() => world.fake.messages(queue).length).toBe(1);
    await settled();
    const [card] = world.fake.messages(queue);
    expect(world.fake.imageFileIds(card!).map((id) => world.fake.fileBytes(id))).toEqual([photo]);
    // Her text is escaped: no channel ping, no group, no user mention can form from it.
    expect(JSON.stringify(card!.blocks)).not.toMatch(/<!channel>|<!subteam|<@U0ZOE>/);
    expect(JSON.stringify(card!.blocks)).toContain('&lt;!channel&gt;');

    // Not a moderator; then a moderator asks for a change.
    await clickOn('U0ZOE', card!, buttonOf(card!, 'share:approve:')!, 'Seule l’équipe de modération peut faire cela.');
    const noteForm = await opened(() =>
      world.click('U0MONA', buttonOf(card!, 'share:changes:')!, { message: { ...card!, ts: card!.ts } }),
    );
    await world.submit('U0MONA', noteForm, { note: stateValue.plainText('Recadre un peu la photo') });
    await expect.poll(() => dms('U0ADA').some((m) => m.text.includes('Une modification est demandée'))).toBe(true);
    const dm = dms('U0ADA').find((m) => m.text.includes('Une modification est demandée'))!;

    // She edits from her DM, and replaces the photo.
    const editForm = await opened(() =>
      world.click('U0ADA', buttonOf(dm, 'share:edit:')!, { message: { ...dm, ts: dm.ts } }),
    );
    const recropped = png('recropped');
    await world.submit('U0ADA', editForm, {
      caption: stateValue.plainText('Mon bureau recadré <!channel> <@U0ZOE> @here'),
      handle: stateValue.plainText(null),
      image: world.fileInput('U0ADA', { name: 'desk2.png', bytes: recropped, mimetype: 'image/png' }),
    });
    await expect.poll(() => world.fake.messages(queue).length).toBe(2);
    await settled();
    const fresh = world.fake.messages(queue)[1]!;
    expect(world.fake.imageFileIds(fresh).map((id) => world.fake.fileBytes(id))).toEqual([recropped]);

    // Two moderators at once: one decision.
    const approve = buttonOf(fresh, 'share:approve:')!;
    const before = world.fake.responses.length;
    const clicks = await Promise.all(
      ['U0MONA', 'U0LEA'].map((userId) => world.click(userId, approve, { message: { ...fresh, ts: fresh.ts } })),
    );
    // Each answer is either in the acknowledgement or posted to her response_url.
    const answers = () =>
      [
        ...clicks.map((c) => JSON.stringify(c.json ?? '')),
        ...world.fake.responses.slice(before).map((r) => JSON.stringify(r.body)),
      ].filter((text) => text.includes('pprouv'));
    await expect.poll(() => answers().length).toBe(2);
    expect(answers().filter((text) => text.includes('C’est approuvé'))).toHaveLength(1);
    expect(answers().filter((text) => /Déjà approuvée par <@U0(MONA|LEA)> le /.test(text))).toHaveLength(1);
    await settled();
    expect(JSON.stringify(world.fake.messages(queue)[1]!.blocks)).toContain('Approuvée par');

    // Nothing before noon; at noon, once, the image uploaded again from the stored bytes.
    clock.set(localMoment(day, '11:30', paris));
    await world.app.scheduler.tick();
    await settled();
    expect(world.fake.messages(showcase)).toEqual([]);
    clock.set(localMoment(day, '12:00', paris));
    await world.app.scheduler.tick();
    await world.app.scheduler.tick();
    await settled();
    const published = world.fake.messages(showcase);
    expect(published).toHaveLength(1);
    expect(world.fake.imageFileIds(published[0]!).map((id) => world.fake.fileBytes(id))).toEqual([recropped]);
    expect(JSON.stringify(published[0]!.blocks)).toContain('Mon bureau recadré &lt;!channel&gt; &lt;@U0ZOE&gt;');
    expect(JSON.stringify(published[0]!.blocks)).not.toMatch(/<!channel>|<@U0ZOE>|<!here>/);
    await expect.poll(() => dms('U0ADA').some((m) => m.text.includes('Ta publication est en ligne'))).toBe(true);
  });

  it('challenges: a bot is refused (Slack says it is one); a challenge reaches her by DM and shows in the chains', async () => {
    const said = async (text: string) => JSON.stringify((await world.command('U0MONA', text)).json ?? '');
    expect(await said('defi <@U0ROBOT|robot>')).toContain('C’est un bot');
    expect(await said('defi <@U0ADA|ada>')).toContain('Défi envoyé');
    await expect.poll(() => dms('U0ADA').some((m) => m.text.includes('te lance un défi'))).toBe(true);
    const ada = JSON.stringify((await world.command('U0ADA', 'defi')).json ?? '');
    // Her post was published before the challenge: the link waits for her next one (⏳).
    expect(ada).toContain('<@U0MONA>');
    expect(ada).toContain('⏳');
  });
});
