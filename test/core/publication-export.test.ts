import { randomBytes, randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { createPostsExport, csvCell } from '../../src/core/posts/export.ts';
import { zipParts } from '../../src/core/zip-parts.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { person, post, postsCommunity, tinyPng } from '../support/publication-seed.ts';

/**
 * The admin's export for social media: one zip (CSV, JSON, images) of the approved and
 * published posts whose author agreed, sent to her by DM through the outbox.
 */
describe('posts export', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock('2026-03-10T09:00:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await postsCommunity(services.store, 'G-export', {
      timeZone: 'Europe/Paris',
      moderatorUsers: ['mod'],
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, adminUsers: ['boss'] },
    });
    const [ada, bea, cleo] = [
      await person(services.store, community, 'ada'),
      await person(services.store, community, 'bea'),
      await person(services.store, community, 'cleo'),
    ];
    const image = await services.store.files.put(tinyPng, 'image/png');
    ids.ada = await post(database.prisma, community, ada, {
      caption: 'Ada au "hackathon"',
      consent: 'social',
      image,
      status: 'published',
    });
    await database.prisma.submission.update({
      where: { id: ids.ada },
      data: { publishedOn: new Date('2026-03-02T00:00:00Z'), publishedAt: new Date('2026-03-02T11:00:00Z') },
    });
    ids.formula = await post(database.prisma, community, bea, {
      caption: '=HYPERLINK("http://evil.example","clique")',
      consent: 'social',
      image: null,
    });
    ids.private = await post(database.prisma, community, cleo, {
      caption: 'Dans la communauté seulement',
      consent: 'community',
      image,
    });
    ids.pending = await post(database.prisma, community, cleo, {
      caption: 'Pas encore décidée',
      consent: 'social',
      status: 'pending',
      image,
    });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input']): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'G-export' },
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms: false,
      input,
    });
    return reply;
  }
  const textOf = (reply: Reply) => withoutMarkers(reply.kind === 'message' ? reply.text : '');

  it('neutralises a cell a spreadsheet would run as a formula, and escapes quotes', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+33 6')).toBe(`"'+33 6"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('dit "bonjour"')).toBe('"dit ""bonjour"""');
    expect(csvCell('Ada')).toBe('"Ada"');
  });

  it('is for admins only', async () => {
    expect(textOf(await dispatch('mod', { kind: 'action', id: 'admin:posts-export', values: [] }))).toContain(
      'administrent',
    );
    expect(await database.prisma.outboxMessage.count({ where: { communityId: community.id } })).toBe(0);
  });

  it('sends the admin one zip by DM: CSV, JSON and the images of the consented posts only', async () => {
    const reply = await dispatch('boss', { kind: 'action', id: 'admin:posts-export', values: [] });
    expect(textOf(reply)).toContain('Export prêt : 2 publications');
    const boss = await services.store.members.find(community.id, 'boss');
    const row = await services.store.outbox.get(community.id, `posts.export:${boss?.id}:2026-03-10T09:00`);
    expect(row?.target).toEqual({ kind: 'dm', userId: 'boss' });
    const file = row?.message.files?.[0];
    expect(file).toMatchObject({ name: 'marraine-posts-2026-03-10.zip', mime: 'application/zip' });
    const zip = unzipSync(new Uint8Array((await services.store.files.get(file?.sha256 as string)) as Buffer));
    expect(Object.keys(zip).sort()).toEqual([`images/${ids.ada}.png`, 'posts.csv', 'posts.json']);
    expect(Buffer.from(zip[`images/${ids.ada}.png`] as Uint8Array).equals(tinyPng)).toBe(true);

    // A byte order mark first, so spreadsheets read it as UTF-8 (the decoder drops it).
    expect([...(zip['posts.csv'] as Uint8Array).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = strFromU8(zip['posts.csv'] as Uint8Array);
    expect(csv.split('\r\n')).toEqual([
      'caption,credit,category,image,published_on',
      `"Ada au ""hackathon""","ada","Moi en train de coder","images/${ids.ada}.png","2026-03-02"`,
      `"'=HYPERLINK(""http://evil.example"",""clique"")","bea","Une citation tech d’une femme","",""`,
      '',
    ]);
    const json = JSON.parse(strFromU8(zip['posts.json'] as Uint8Array)) as {
      caption: string;
      category: string;
      image: string;
      publishedOn: string;
    }[];
    expect(json.map((p) => [p.caption, p.category, p.image, p.publishedOn])).toEqual([
      ['Ada au "hackathon"', 'coding', `images/${ids.ada}.png`, '2026-03-02'],
      ['=HYPERLINK("http://evil.example","clique")', 'quote', '', ''],
    ]);
    const audit = await services.store.auditLog.list(community.id, { action: 'posts.exported' });
    expect(audit.map((a) => [a.actorId, a.details?.posts])).toEqual([[boss?.id, 2]]);
  });

  it('packs images into zips under a limit, the CSV and JSON in the first, every image once and in order', () => {
    const image = (n: number, size: number) => ({
      path: `images/${n}.png`,
      bytes: new Uint8Array(randomBytes(size)),
      stored: true,
    });
    const head = [{ path: 'posts.csv', bytes: new TextEncoder().encode('caption\r\n') }];
    const images = [image(1, 300), image(2, 300), image(3, 300), image(4, 900), image(5, 10)];
    const parts = zipParts(head, images, { mtime: new Date('2026-03-10T09:00:00Z'), maxBytes: 1_000 });
    const names = parts.map((zip) => Object.keys(unzipSync(new Uint8Array(zip))));
    expect(names).toEqual([
      ['posts.csv', 'images/1.png', 'images/2.png'],
      ['images/3.png'],
      ['images/4.png'],
      ['images/5.png'],
    ]);
    // Every part under the limit but the one holding an image larger than it alone.
    expect(parts.map((zip) => zip.length <= 1_000)).toEqual([true, true, false, true]);
    expect(zipParts(head, [], { mtime: new Date(), maxBytes: 1_000 })).toHaveLength(1);
  });

  it('sends an export too large for one message as several zips, one message each, in order', async () => {
    clock.set(new Date('2026-03-10T09:05:00Z'));
    const bea = await services.store.members.find(community.id, 'bea');
    const big = [];
    for (let i = 0; i < 2; i += 1) {
      const file = await services.store.files.put(randomBytes(4_000), 'image/png');
      big.push(
        await post(database.prisma, community, bea!, { caption: `Grande photo ${i}`, consent: 'social', image: file }),
      );
    }
    // The same export as the admin's button, with parts of 7 kB instead of 9 MiB.
    const boss = (await services.store.members.find(community.id, 'boss'))!;
    const partMax = 7_000;
    const exported = await createPostsExport({ store: services.store, clock, zipPartMaxBytes: partMax }).run(
      community,
      boss,
    );
    expect(exported.posts).toBe(4);
    const key = `posts.export:${boss?.id}:2026-03-10T09:05`;
    const rows = [
      await services.store.outbox.get(community.id, key),
      await services.store.outbox.get(community.id, `${key}:2`),
    ];
    expect(await services.store.outbox.get(community.id, `${key}:3`)).toBeNull();
    expect(rows.map((r) => r?.message.files?.[0]?.name)).toEqual([
      'marraine-posts-2026-03-10-1-2.zip',
      'marraine-posts-2026-03-10-2-2.zip',
    ]);
    expect(rows[0]?.message.text).toContain('4 publications');
    expect(rows.map((r) => r?.message.text.includes('Partie'))).toEqual([true, true]);
    const zips = [];
    for (const row of rows) {
      const bytes = (await services.store.files.get(row?.message.files?.[0]?.sha256 as string)) as Buffer;
      expect(bytes.length).toBeLessThanOrEqual(partMax);
      zips.push(Object.keys(unzipSync(new Uint8Array(bytes))));
    }
    expect(zips[0]?.slice(0, 2).sort()).toEqual(['posts.csv', 'posts.json']);
    expect(
      zips
        .flat()
        .filter((name) => name.startsWith('images/'))
        .sort(),
    ).toEqual([ids.ada, ...big].map((id) => `images/${id}.png`).sort());
  });
});
