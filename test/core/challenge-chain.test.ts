import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { longestChains } from '../../src/core/challenges/chains.ts';
import type { Challenge } from '../../src/core/challenges/ports.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { person, post, postsCommunity } from '../support/publication-seed.ts';

/** `challenge @someone`, its refusals, and the chain her first published post closes. */
describe('challenge chain', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  let mod: Member;
  const clock = createManualClock('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    community = await postsCommunity(services.store, 'G-chain', { timeZone: 'Europe/Paris', moderatorUsers: ['mod'] });
    mod = await person(services.store, community, 'mod');
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input']): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'G-chain' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      whoIs: async (id) => (id.startsWith('bot') ? 'bot' : id.startsWith('nobody') ? 'unknown' : 'person'),
      richForms: false,
      input,
    });
    return reply;
  }
  const textOf = (reply: Reply) => withoutMarkers(reply.kind === 'message' ? reply.text : '');
  const challenge = async (from: string, to?: string) =>
    textOf(await dispatch(from, { kind: 'command', name: 'defi', options: to ? { someone: to } : {} }));
  /** Her post approved, then published by a moderator's "publish now". */
  async function publishes(name: string) {
    const author = await person(services.store, community, name);
    const id = await post(database.prisma, community, author, { caption: `La photo de ${name}`, rank: 1 });
    await services.publication.publishNow(community, mod, id);
    return id;
  }

  it('sends her a kind invitation by DM, with how to answer and a one-click opt-out, and keeps who challenged whom', async () => {
    expect(await challenge('ana', 'bia')).toBe('Défi envoyé à <@bia> 💜 Sa première publication rejoindra ta chaîne.');
    const [link] = await services.store.challenges.links(community.id);
    const [ana, bia] = [
      await services.store.members.find(community.id, 'ana'),
      await services.store.members.find(community.id, 'bia'),
    ];
    expect(link).toMatchObject({ challengerId: ana?.id, challengedId: bia?.id, status: 'open' });
    const dm = await services.store.outbox.get(community.id, `challenge.invite:${link?.id}`);
    expect(dm?.target).toEqual({ kind: 'dm', userId: 'bia' });
    expect(withoutMarkers(dm?.message.text ?? '')).toContain('<@ana> te lance un défi dans Duchess');
    expect(dm?.message.text).toContain('/marraine partager');
    expect(dm?.message.blocks?.find((b) => b.type === 'actions')).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action: `${community.id}/share:open`, label: 'Partager une photo', style: 'primary' },
        { type: 'button', action: `${community.id}/profile:stop:challenge`, label: 'Ne plus recevoir de défis' },
      ],
    });
    expect(
      (await services.store.auditLog.list(community.id, { action: 'challenge.sent' })).map((a) => a.actorId),
    ).toEqual([ana?.id]);
  });

  it('refuses herself, a bot, someone who opted out, the same person twice, and a fourth open challenge', async () => {
    expect(await challenge('ana', 'ana')).toContain('Tu ne peux pas te défier toi-même');
    expect(await challenge('ana', 'bot42')).toContain('C’est un bot');
    expect(await challenge('ana', 'bia')).toContain('Tu as déjà défié <@bia>');

    // Her one click on the invitation's "no more challenges".
    await challenge('cyd', 'dee');
    const deeLink = (await services.store.challenges.links(community.id)).at(-1) as Challenge;
    const stop = (
      await services.store.outbox.get(community.id, `challenge.invite:${deeLink.id}`)
    )?.message.blocks?.flatMap((b) => (b.type === 'actions' ? b.elements : []))[1];
    await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      user: { externalId: 'dee', locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms: false,
      input: { kind: 'action', id: stop?.action as string, values: [] },
    });
    expect(await challenge('ana', 'dee')).toContain('<@dee> ne souhaite pas recevoir de défis');

    expect(await challenge('ana', 'eve')).toContain('Défi envoyé');
    expect(await challenge('ana', 'fay')).toContain('Défi envoyé');
    expect(await challenge('ana', 'gil')).toContain('Tu as déjà 3 défis en attente');
    const ana = await services.store.members.find(community.id, 'ana');
    expect(await services.store.challenges.openCountBy(ana?.id as string)).toBe(3);
  });

  it('refuses someone the platform does not know, naming what she typed, and keeps nothing of it', async () => {
    const before = await services.store.challenges.links(community.id);
    expect(await challenge('ivy', 'nobody7')).toBe(
      'Je ne trouve pas nobody7 dans cette communauté. Mentionne la personne en tapant @ puis en la choisissant dans la liste, et relance la commande.',
    );
    expect(await services.store.challenges.links(community.id)).toEqual(before);
    expect(await services.store.members.find(community.id, 'nobody7')).toBeNull();
  });

  it('A challenges B, B posts and challenges C, C posts: the chain shows A → B → C', async () => {
    expect(await challenge('amy', 'ben')).toContain('Défi envoyé');
    const benPost = await publishes('ben');
    expect(await challenge('ben', 'cat')).toContain('Défi envoyé');
    expect(await challenge('ben', 'dot')).toContain('Défi envoyé');
    await publishes('cat');

    const [amy, ben] = [
      await services.store.members.find(community.id, 'amy'),
      await services.store.members.find(community.id, 'ben'),
    ];
    const amyToBen = (await services.store.challenges.links(community.id)).find((l) => l.challengerId === amy?.id);
    expect(amyToBen).toMatchObject({ status: 'closed', submissionId: benPost, challengedId: ben?.id });
    // Amy is told Ben took up her challenge.
    const told = await services.store.outbox.get(community.id, `challenge.closed:${amyToBen?.id}`);
    expect([told?.target, withoutMarkers(told?.message.text ?? '')]).toEqual([
      { kind: 'dm', userId: 'amy' },
      expect.stringContaining('<@ben> a relevé ton défi'),
    ]);

    expect(await challenge('cat')).toContain('<@amy> → <@ben> → **toi**');
    const benView = await challenge('ben');
    expect(benView).toContain('<@amy> → **toi**');
    expect(benView).toContain('Tu as défié :\n- <@cat>\n- <@dot> ⏳');
    const amyView = await challenge('amy');
    expect(amyView).toContain('Tu as défié :\n- <@ben>\n  - <@cat>\n  - <@dot> ⏳');
    expect(amyView).toContain(
      'Les plus longues chaînes de la communauté**\n1. **toi** → <@ben> → <@cat> (3 personnes)',
    );
  });

  it('shows the community’s longest chains that hold, three at most, longest first', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const link = (from: string, to: string, minute: number, status: Challenge['status'] = 'closed'): Challenge => ({
      id: `${from}-${to}`,
      communityId: 'c',
      challengerId: from,
      challengedId: to,
      status,
      submissionId: status === 'closed' ? `post-${to}` : null,
      createdAt: at(minute),
      closedAt: status === 'closed' ? at(minute + 1) : null,
    });
    const links = [
      link('a', 'b', 1),
      link('b', 'c', 2),
      link('c', 'd', 3),
      link('x', 'y', 4),
      link('y', 'z', 5),
      link('p', 'q', 6),
      link('q', 'r', 7, 'open'),
      link('m', 'n', 8),
    ];
    expect(longestChains(links)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['x', 'y', 'z'],
      ['p', 'q'],
    ]);
    // A cycle (each answered the other's challenge) is cut, not followed forever.
    expect(longestChains([link('a', 'b', 1), link('b', 'a', 2)])).toEqual([]);
  });

  it('gives moderators the posts figures in `stats`, with the longest chains', async () => {
    expect(textOf(await dispatch('amy', { kind: 'command', name: 'stats', options: {} }))).toContain('modération');
    const stats = textOf(await dispatch('mod', { kind: 'command', name: 'stats', options: {} }));
    expect(stats).toContain('Propositions : 0 en attente, 0 à modifier, 0 approuvée, 2 publiées, 0 refusée, 0 retirée');
    expect(stats).toContain('2 publications ce mois-ci');
    expect(stats).toContain('1. <@amy> → <@ben> → <@cat> (3 personnes)');
    expect(stats).toContain('Le graphique (oct. 2025 – mars 2026) arrive dans tes messages privés.');
  });
});
