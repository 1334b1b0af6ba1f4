import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import type { OutboxRow } from '../../src/core/outbox.ts';
import { ShareRefused } from '../../src/core/posts/share-input.ts';
import { createSubmissionService, type SubmissionService } from '../../src/core/posts/submission-service.ts';
import type { Block } from '../../src/core/reply-model.ts';
import type { Store } from '../../src/core/store.ts';
import { render } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { fakeFiles, person, png, postsCommunity, refusedWith } from '../support/posts-fixtures.ts';

/** The action ids of a message's buttons, without their arguments. */
const buttonsOf = (row: OutboxRow | null) =>
  (row?.message.blocks ?? []).flatMap((b: Block) =>
    b.type === 'actions'
      ? b.elements.map((e) =>
          e.action
            .replace(/^[0-9a-f-]{36}\//, '')
            .split(':')
            .slice(0, 2)
            .join(':'),
        )
      : [],
  );

describeEachDatabase('sharing a post', (kind) => {
  let database: Database;
  let store: Store;
  let posts: SubmissionService;
  let community: Community;
  let ada: Member, nadia: Member;
  const clock = createManualClock('2026-04-01T09:00:00Z');
  const files = fakeFiles({
    desk: png('desk'),
    again: png('desk'),
    big: Buffer.concat([png('big'), Buffer.alloc(2 * 1024 * 1024)]),
    text: Buffer.from('not an image at all'),
  });
  const complete = { category: 'coding', caption: 'Mon premier commit', credit: 'name', consent: 'community' } as const;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createStore(database.prisma);
    posts = createSubmissionService({ store, clock });
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    clock.set('2026-04-01T09:00:00Z');
    files.fetched.length = 0;
    community = await postsCommunity(store, `g-${Math.random()}`, {
      posts: { hour: 12, perDay: 1, maxImageMb: 1, showModeratorName: false },
    });
    [ada, nadia] = await Promise.all([person(store, community, '1001'), person(store, community, '2002')]);
  });

  const outbox = (key: string) => store.outbox.get(community.id, key);
  const submit = (values: object, file?: string, extra: object = {}) =>
    posts.submit({
      community,
      author: ada,
      values,
      ...(file ? { file: files.file(file) } : {}),
      fetchFile: files.fetchFile,
      ...extra,
    });
  const rendered = (error: { text: Parameters<typeof render>[1] }) => render('fr', error.text);

  it('takes a post with its image, keeps the bytes once even sent twice, and puts a card in the queue', async () => {
    const first = await submit(complete, 'desk');
    const second = await submit({ ...complete, caption: 'La même photo' }, 'again');

    expect(first).toMatchObject({
      status: 'pending',
      revision: 0,
      category: 'coding',
      credit: 'name',
      consent: 'community',
      caption: 'Mon premier commit',
    });
    expect(first.image).toEqual({
      sha256: second.image!.sha256,
      name: `coding-${first.id.slice(-8)}.png`,
      mime: 'image/png',
    });
    expect(await database.prisma.storedFile.count({ where: { sha256: first.image!.sha256 } })).toBe(1);
    expect(await store.files.get(first.image!.sha256)).toEqual(png('desk'));

    const card = await outbox(`posts.card:${first.id}:0`);
    expect(card?.target).toEqual({ kind: 'channel', channelId: 'C-queue' });
    expect(card?.message.files).toEqual([
      expect.objectContaining({ sha256: first.image!.sha256, name: first.image!.name }),
    ]);
    expect(card?.message.text).toContain('Mon premier commit');
    expect(buttonsOf(card)).toEqual(['share:approve', 'share:changes', 'share:reject', 'share:queue-open']);
    expect((await store.auditLog.list(community.id, { action: 'posts.submitted' })).map((e) => e.targetId)).toEqual([
      second.id,
      first.id,
    ]);
    expect(await store.submissions.draftOf(ada.id)).toBeNull();
  });

  it('takes a quote without an image', async () => {
    const quote = await submit({
      category: 'quote',
      caption: '« Le code est poésie »',
      credit: 'handle',
      handle: '@ada_codes',
      consent: 'social',
    });
    expect(quote).toMatchObject({ image: null, creditHandle: '@ada_codes', consent: 'social' });
    expect((await outbox(`posts.card:${quote.id}:0`))?.message.files).toBeUndefined();
  });

  it('names what is missing, keeps what she gave, and fills it in from her draft next time', async () => {
    const error = await refusedWith(submit({ category: 'coding', caption: 'Mon bureau' }));
    expect(error).toBeInstanceOf(ShareRefused);
    expect(rendered(error)).toBe(
      'Il manque encore : l’image, le crédit, la diffusion.\nJ’ai gardé ce que tu as déjà donné (la catégorie, la légende) : relance /marraine partager avec seulement ce qui manque.',
    );
    expect((error as ShareRefused).fields).toEqual({
      image: { key: 'posts.problem.missing' },
      credit: { key: 'posts.problem.missing' },
      consent: { key: 'posts.problem.missing' },
    });
    expect(await store.submissions.draftOf(ada.id)).toEqual({ category: 'coding', caption: 'Mon bureau' });

    const done = await submit({ credit: 'anonymous', consent: 'community' }, 'desk');
    expect(done).toMatchObject({ category: 'coding', caption: 'Mon bureau', credit: 'anonymous' });
    expect(await store.submissions.draftOf(ada.id)).toBeNull();
  });

  it('refuses a file too large (declared or read) or not an image, saying why, and keeps her text', async () => {
    const declared = await refusedWith(
      submit(complete, 'desk', { file: files.file('desk', { size: 5 * 1024 * 1024 }) }),
    );
    expect(rendered(declared)).toContain('Ton image est trop lourde : 1 Mo au plus');
    expect(files.fetched).not.toContain('desk'); // refused from the size the platform told, nothing downloaded

    const read = await refusedWith(submit(complete, 'big'));
    expect(rendered(read)).toContain('1 Mo au plus');
    expect((read as ShareRefused).fields).toEqual({ image: { key: 'posts.problem.tooLarge', params: { max: 1 } } });

    const notImage = await refusedWith(submit(complete, 'text'));
    expect(rendered(notImage)).toContain('png, jpeg, webp ou gif');
    expect(rendered(notImage)).toContain(
      'J’ai gardé ce que tu as déjà donné (la catégorie, la légende, le crédit, la diffusion)',
    );
    expect(await store.submissions.draftOf(ada.id)).toEqual(complete);
    expect(await store.submissions.listOf(ada.id)).toEqual([]);

    // The platform could not give the file (an expired link): she is asked to send it again, her text kept.
    const gone = await refusedWith(submit(complete, 'expired-link'));
    expect(rendered(gone)).toContain('Je n’ai pas pu récupérer ton image auprès de la plateforme');
    expect(await store.submissions.draftOf(ada.id)).toEqual(complete);
  });

  it('without a queue channel, says so kindly and keeps her draft', async () => {
    community = await store.communities.update(community.id, { settings: { ...community.settings, channels: {} } });
    const error = await refusedWith(submit(complete));
    expect(error.text.key).toBe('posts.error.noQueue');
    expect(rendered(error)).toContain('(la catégorie, la légende, le crédit, la diffusion)');
    expect(await store.submissions.draftOf(ada.id)).toEqual(complete);
  });

  it('approves: the card loses its decision buttons and says by whom, she is told, the queue gets it', async () => {
    const { id } = await submit(complete, 'desk');
    clock.advance(60_000);
    const { submission } = await posts.decide({
      community,
      moderator: nadia,
      submissionId: id,
      decision: 'approve',
      revision: 0,
    });
    expect(submission).toMatchObject({
      status: 'approved',
      revision: 1,
      decidedById: nadia.id,
      queueRank: clock.now().getTime(),
    });

    const edit = await outbox(`posts.card.edit:${id}:1`);
    expect(edit?.target).toEqual({ kind: 'edit', of: `posts.card:${id}:0` });
    expect(edit?.message.text).toContain('✅ Approuvée par l’équipe de modération le 1 avril 2026 à 11:01.');
    expect(buttonsOf(edit)).toEqual(['share:reopen', 'share:queue-open']);
    const dm = await outbox(`posts.dm:${id}:1:approved`);
    expect(dm?.target).toEqual({ kind: 'dm', userId: '1001' });
    expect(dm?.message.text).toContain('approuvée par l’équipe de modération');
    expect(buttonsOf(dm)).toEqual(['share:withdraw']);

    // A second moderator, or a second click, changes nothing and is told who decided.
    const late = await refusedWith(
      posts.decide({
        community,
        moderator: await person(store, community, '3003'),
        submissionId: id,
        decision: 'reject',
        note: 'non',
      }),
    );
    expect(rendered(late)).toBe('Déjà approuvée par <@2002> le 1 avril 2026 à 11:01.');
    expect((await store.submissions.get(id))?.revision).toBe(1);
  });

  it('refuses a moderator deciding her own submission', async () => {
    const { id } = await submit(complete, 'desk');
    expect(
      (await refusedWith(posts.decide({ community, moderator: ada, submissionId: id, decision: 'approve' }))).text.key,
    ).toBe('posts.error.ownSubmission');
    expect((await refusedWith(posts.reopen({ community, moderator: ada, submissionId: id }))).text.key).toBe(
      'posts.error.ownSubmission',
    );
    expect((await store.submissions.get(id))?.status).toBe('pending');
  });

  it('rejects with a reason she reads, naming the moderator when the community wants it', async () => {
    community = await store.communities.update(community.id, {
      settings: { ...community.settings, posts: { ...community.settings.posts, showModeratorName: true } },
    });
    const { id } = await submit(complete, 'desk');
    expect(
      (
        await refusedWith(
          posts.decide({ community, moderator: nadia, submissionId: id, decision: 'reject', note: '  ' }),
        )
      ).text.key,
    ).toBe('posts.error.reasonRequired');
    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'reject', note: 'Photo floue' });
    const dm = await outbox(`posts.dm:${id}:1:rejected`);
    expect(dm?.message.text).toBe(
      'Ta publication « Moi en train de coder » n’a pas été retenue par <@2002>. L’explication : \uE000Photo floue\uE001',
    );
    expect((await outbox(`posts.card.edit:${id}:1`))?.message.text).toContain('❌ Refusée par <@2002>');
    const [entry] = await store.auditLog.list(community.id, { action: 'posts.rejected' });
    expect(entry).toMatchObject({ actorId: nadia.id, targetId: id, details: { revision: 1, note: true } });
    expect(JSON.stringify(entry?.details)).not.toContain('floue');
  });

  it('asks for changes, takes her edit as a new card, then approves from that card', async () => {
    const { id } = await submit(complete, 'desk');
    await posts.decide({
      community,
      moderator: nadia,
      submissionId: id,
      decision: 'changes',
      note: 'Recadre la photo',
      revision: 0,
    });
    const asked = await outbox(`posts.dm:${id}:1:changes`);
    expect(asked?.message.text).toContain('\uE000Recadre la photo\uE001');
    expect(asked?.message.text).toContain('lance /marraine partager avec seulement la nouvelle image');
    expect(buttonsOf(asked)).toEqual(['share:edit', 'share:withdraw']);
    expect((await outbox(`posts.card.edit:${id}:1`))?.message.text).toContain(
      '✏️ Modification demandée par l’équipe de modération',
    );

    const edited = await posts.edit({
      community,
      author: ada,
      submissionId: id,
      caption: 'Recadrée !',
      file: files.file('again'),
      fetchFile: files.fetchFile,
    });
    expect(edited).toMatchObject({ status: 'pending', revision: 2, caption: 'Recadrée !', decisionNote: null });
    const card = await outbox(`posts.card:${id}:1`);
    expect(card?.target).toEqual({ kind: 'channel', channelId: 'C-queue' });
    expect(card?.message.text).toContain('Modifiée par son autrice');
    expect(buttonsOf(card)).toEqual(['share:approve', 'share:changes', 'share:reject', 'share:queue-open']);
    // The first card's buttons are out of date: they carry revision 0.
    expect(
      (
        await refusedWith(
          posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve', revision: 0 }),
        )
      ).text.key,
    ).toBe('posts.error.stale');

    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve', revision: 2 });
    expect((await outbox(`posts.card.edit:${id}:3`))?.target).toEqual({ kind: 'edit', of: `posts.card:${id}:1` });
    expect(
      (await refusedWith(posts.edit({ community, author: ada, submissionId: id, caption: 'encore' }))).text.key,
    ).toBe('posts.error.notWaitingForChanges');
  });

  it('reopens a decision: pending again, the card gets its buttons back, she is told; never a withdrawn one', async () => {
    const { id } = await submit(complete, 'desk');
    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve' });
    const { submission } = await posts.reopen({ community, moderator: nadia, submissionId: id, revision: 1 });
    expect(submission).toMatchObject({ status: 'pending', revision: 2, queueRank: null });
    const card = await outbox(`posts.card.edit:${id}:2`);
    expect(card?.target).toEqual({ kind: 'edit', of: `posts.card:${id}:0` });
    expect(buttonsOf(card)).toEqual(['share:approve', 'share:changes', 'share:reject', 'share:queue-open']);
    expect((await outbox(`posts.dm:${id}:2:reopened`))?.message.text).toContain('rouverte par l’équipe de modération');
    expect(rendered(await refusedWith(posts.reopen({ community, moderator: nadia, submissionId: id })))).toBe(
      'Déjà rouverte par <@2002> le 1 avril 2026 à 11:00 : elle attend une décision.',
    );

    await posts.withdraw({ community, author: ada, submissionId: id });
    expect(rendered(await refusedWith(posts.reopen({ community, moderator: nadia, submissionId: id })))).toBe(
      '<@1001> a retiré cette publication le 1 avril 2026 à 11:00.',
    );
  });

  it('lets her withdraw until it is published, the card saying so', async () => {
    const { id } = await submit(complete, 'desk');
    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve' });
    expect(await posts.withdraw({ community, author: ada, submissionId: id })).toMatchObject({
      already: false,
      submission: { status: 'withdrawn', queueRank: null },
    });
    const card = await outbox(`posts.card.edit:${id}:2`);
    expect(card?.message.text).toContain('↩️ Retirée par <@1001>');
    expect(buttonsOf(card)).toEqual(['share:queue-open']);
    expect((await posts.withdraw({ community, author: ada, submissionId: id })).already).toBe(true);
    expect((await refusedWith(posts.withdraw({ community, author: nadia, submissionId: id }))).text.key).toBe(
      'error.expired',
    );

    const other = await submit(complete, 'desk');
    await database.prisma.submission.update({ where: { id: other.id }, data: { status: 'published' } });
    expect((await refusedWith(posts.withdraw({ community, author: ada, submissionId: other.id }))).text.key).toBe(
      'posts.error.alreadyPublished',
    );
  });

  it('keeps every action in the audit log, member texts left out', async () => {
    const { id } = await submit(complete, 'desk');
    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'changes', note: 'Texte privé' });
    await posts.edit({ community, author: ada, submissionId: id, caption: 'Nouvelle légende' });
    await posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve' });
    await posts.reopen({ community, moderator: nadia, submissionId: id });
    await posts.withdraw({ community, author: ada, submissionId: id });
    const entries = (await store.auditLog.list(community.id)).reverse();
    expect(entries.map((e) => [e.action, e.actorId === ada.id ? 'ada' : 'nadia'])).toEqual([
      ['posts.submitted', 'ada'],
      ['posts.changes_requested', 'nadia'],
      ['posts.edited', 'ada'],
      ['posts.approved', 'nadia'],
      ['posts.reopened', 'nadia'],
      ['posts.withdrawn', 'ada'],
    ]);
    expect(entries.every((e) => e.targetType === 'submission' && e.targetId === id)).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/Texte privé|Nouvelle légende|premier commit/);
  });
});
