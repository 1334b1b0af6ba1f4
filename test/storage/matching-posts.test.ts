import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Platform } from '../../src/core/community.ts';
import { createMatchingService, type MatchingService } from '../../src/core/matching/matching-service.ts';
import { repostAfterMs } from '../../src/core/matching/posts.ts';
import { spaceLinkToken } from '../../src/core/outbox.ts';
import { memberText, type Message } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';

const day = 24 * 60 * 60 * 1000;
const hasButton = (message: Message) => (message.blocks ?? []).some((b) => b.type === 'actions');

describeEachDatabase('her request posted in the matching channel, and the links to a pair’s space', (kind) => {
  let database: Database;
  let store: Store;
  let matching: MatchingService;
  let community: Community;
  const clock = createManualClock('2026-04-02T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    matching = createMatchingService({ store, clock });
  });
  afterAll(() => database?.close());

  async function newCommunity(platform: Platform, matchingChannel?: string) {
    const created = await store.communities.ensure({ platform, externalId: `c-${Math.random()}`, name: 'Duchess' });
    return store.communities.update(created.id, {
      settings: { ...created.settings, channels: matchingChannel ? { matching: matchingChannel } : {} },
    });
  }
  beforeEach(async () => {
    community = await newCommunity('discord', 'C-match');
  });

  /** Every outbox row of the community whose key starts with `prefix`, oldest first. */
  async function rows(prefix: string) {
    const found = await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: prefix } },
      orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
    });
    return found.map((r) => ({
      key: r.key,
      target: r.target,
      message: r.message as unknown as Message,
      after: r.after,
    }));
  }
  const posts = (menteeId: string) =>
    database.prisma.postedRequest.findMany({ where: { menteeId }, orderBy: { postedAt: 'asc' } });

  it('posting again while her post is open edits it with her new note: one channel message, one edit', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    expect(await matching.post(community, ada, 'Une marraine en data ?')).toBe('posted');
    expect(await matching.post(community, ada, 'Plutôt en back-end, finalement')).toBe('updated');

    const [post] = await posts(ada.id);
    expect(await posts(ada.id)).toHaveLength(1);
    expect(post).toMatchObject({
      status: 'open',
      note: 'Plutôt en back-end, finalement',
      revision: 1,
      messageKey: `request.posted:${post!.id}`,
    });
    const sent = await rows('request.posted');
    expect(sent.map((r) => r.key)).toEqual([post!.messageKey, `request.posted.edit:${post!.id}:1`]);
    expect(sent[0]!.target).toEqual({ kind: 'channel', channelId: 'C-match' });
    const edit = sent[1]!;
    expect(edit.target).toEqual({ kind: 'edit', of: post!.messageKey });
    expect(edit.message.text).toContain(memberText('Plutôt en back-end, finalement'));
    expect(edit.message.text).not.toContain('data');
    expect(hasButton(edit.message)).toBe(true);
  });

  it('keeps her note raw in the table and marks it as member text in the message', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const note = 'Bonjour <!channel> <@U0BOSS>\nDeux lignes';
    await matching.post(community, ada, note);
    expect((await posts(ada.id))[0]?.note).toBe(note);
    const [posted] = await rows('request.posted:');
    expect(posted!.message.text).toContain(
      `> ${memberText('Bonjour <!channel> <@U0BOSS>')}\n> ${memberText('Deux lignes')}`,
    );
  });

  it('closes a post older than seven days and posts anew, so it comes back where mentors read', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    await matching.post(community, ada, 'première');
    clock.advance(repostAfterMs + day);
    expect(await matching.post(community, ada, 'seconde')).toBe('posted');

    const [old, fresh] = await posts(ada.id);
    expect([old?.status, fresh?.status]).toEqual(['closed', 'open']);
    expect(fresh?.note).toBe('seconde');
    const [closing] = await rows(`request.posted.edit:${old!.id}:`);
    expect(closing!.target).toEqual({ kind: 'edit', of: old!.messageKey });
    expect(closing!.message.text).toContain('a publié sa demande à nouveau');
    expect(hasButton(closing!.message)).toBe(false);
    expect((await rows(fresh!.messageKey))[0]?.target).toEqual({ kind: 'channel', channelId: 'C-match' });
  });

  it('closes her post when she chooses: it says she found her marraine, with no button left', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    await matching.post(community, ada, 'Une marraine en data ?');
    await matching.post(community, ada, 'Ou en back-end');
    const { request } = await matching.volunteer(community, nadia, ada.id);
    await matching.choose(community, ada, request.id);

    const [post] = await posts(ada.id);
    expect(post).toMatchObject({ status: 'closed', revision: 2 });
    expect(post!.closedAt).toEqual(clock.now());
    const [closing] = await rows(`request.posted.edit:${post!.id}:2`);
    expect(closing!.target).toEqual({ kind: 'edit', of: post!.messageKey });
    expect(closing!.message.text).toBe('<@ada> a trouvé sa marraine 💜');
    expect(hasButton(closing!.message)).toBe(false);
  });

  it('gives the chosen mentor and the mentee a link to their space, sent once the space exists', async () => {
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    await matching.offer(community, nadia, request.id);
    const { pair } = await matching.choose(community, ada, request.id);

    const space = `pair.space:${pair.id}`;
    expect((await rows(space))[0]?.target).toMatchObject({
      kind: 'group',
      userIds: ['ada', 'nadia'],
      parentChannelId: 'C-match',
    });
    const [chosen] = await rows(`pair.chosen:${pair.id}`);
    const [ready] = await rows(`pair.ready:${pair.id}`);
    expect([chosen?.after, ready?.after]).toEqual([space, space]);
    expect(chosen!.target).toEqual({ kind: 'dm', userId: 'nadia' });
    expect(chosen!.message.text).toContain(
      `t’a choisie comme marraine 💜 Votre espace privé est ouvert : ${spaceLinkToken}`,
    );
    expect(ready!.target).toEqual({ kind: 'dm', userId: 'ada' });
    expect(ready!.message.text).toBe(`Ton espace privé avec <@nadia> est ouvert : ${spaceLinkToken}`);
  });

  it('sends the welcome by DM, with no link to wait for, on a Discord server without a matching channel', async () => {
    community = await newCommunity('discord');
    const ada = await createPerson(store, community, 'ada', menteeAnswers);
    const nadia = await createPerson(store, community, 'nadia', mentorAnswers());
    const request = await matching.request(community, ada, nadia.id, null);
    await matching.offer(community, nadia, request.id);
    const { pair } = await matching.choose(community, ada, request.id);
    const [chosen] = await rows(`pair.chosen:${pair.id}`);
    expect(chosen!.after).toBeNull();
    expect(chosen!.message.text).not.toContain(spaceLinkToken);
    expect(await rows(`pair.ready:${pair.id}`)).toEqual([]);
    expect((await rows(`pair.space:${pair.id}:`)).map((r) => r.target)).toEqual([
      { kind: 'dm', userId: 'ada' },
      { kind: 'dm', userId: 'nadia' },
    ]);
  });
});
