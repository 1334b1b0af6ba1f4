import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { csvCell } from '../../src/core/posts/export.ts';
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
    services = createServices({ store: createStore(database.prisma), clock, defaults: { locale: 'fr', timeZone: 'Europe/Paris' } });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await postsCommunity(services.store, 'G-export', { timeZone: 'Europe/Paris', moderatorUsers: ['mod'] });
    community = await services.store.communities.update(created.id, { settings: { ...created.settings, adminUsers: ['boss'] } });
    const [ada, bea, cleo] = [await person(services.store, community, 'ada'), await person(services.store, community, 'bea'), await person(services.store, community, 'cleo')];
    const image = await services.store.files.put(tinyPng, 'image/png');
    ids.ada = await post(database.prisma, community, ada, { caption: 'Ada au "hackathon"', consent: 'social', image, status: 'published' });
    await database.prisma.submission.update({ where: { id: ids.ada }, data: { publishedOn: new Date('2026-03-02T00:00:00Z'), publishedAt: new Date('2026-03-02T11:00:00Z') } });
    ids.formula = await post(database.prisma, community, bea, { caption: '=HYPERLINK("http://evil.example","clique")', consent: 'social', image: null });
    ids.private = await post(database.prisma, community, cleo, { caption: 'Dans la communauté seulement', consent: 'community', image });
    ids.pending = await post(database.prisma, community, cleo, { caption: 'Pas encore décidée', consent: 'social', status: 'pending', image });
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
    expect(textOf(await dispatch('mod', { kind: 'action', id: 'admin:posts-export', values: [] }))).toContain('administrent');
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
    const json = JSON.parse(strFromU8(zip['posts.json'] as Uint8Array)) as { caption: string; category: string; image: string; publishedOn: string }[];
    expect(json.map((p) => [p.caption, p.category, p.image, p.publishedOn])).toEqual([
      ['Ada au "hackathon"', 'coding', `images/${ids.ada}.png`, '2026-03-02'],
      ['=HYPERLINK("http://evil.example","clique")', 'quote', '', ''],
    ]);
    const audit = await services.store.auditLog.list(community.id, { action: 'posts.exported' });
    expect(audit.map((a) => [a.actorId, a.details?.posts])).toEqual([[boss?.id, 2]]);
  });
});
