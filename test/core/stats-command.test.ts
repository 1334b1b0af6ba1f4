import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import { chartSize, chartSvg } from '../../src/core/stats/chart.ts';
import { renderPng } from '../../src/core/stats/png.ts';
import type { StatsFigures } from '../../src/core/stats/ports.ts';
import { chartSpec } from '../../src/core/stats/report-text.ts';
import { createStatsService } from '../../src/core/stats/stats-service.ts';
import { translator } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { seedStats, statsNow } from '../support/stats-seed.ts';

/** The chunks of a PNG, each checked against its CRC; throws on anything that is not a PNG. */
function pngChunks(bytes: Buffer): { type: string; data: Buffer }[] {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    const crc = bytes.readUInt32BE(at + 8 + length);
    expect(crc, `CRC of ${type}`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * `stats` through the dispatcher: moderators only, the figures in the community's language,
 * a region, and the chart: a real PNG of the expected size, sent by DM through the outbox,
 * drawn from the very figures of the message (one query for both).
 */
describe('stats command', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock(statsNow);
  const queried: StatsFigures[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = createStore(database.prisma);
    // Every query of the figures, to check the message and the chart share one.
    const figures = store.stats.figures.bind(store.stats);
    store.stats.figures = async (query) => {
      const result = await figures(query);
      queried.push(result);
      return result;
    };
    services = createServices({ store, clock, defaults: { locale: 'fr', timeZone: 'Europe/Paris' } });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const world = await seedStats(store, database.prisma);
    community = await store.communities.update(world.community.id, {
      settings: { ...world.community.settings, moderatorUsers: ['mod'], adminUsers: ['boss'] },
    });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, options: Record<string, unknown> = {}, locale = 'en'): Promise<string> {
    const input: IncomingInteraction['input'] = { kind: 'command', name: 'stats', options };
    const { reply } = await dispatcher.dispatch({
      platform: 'discord',
      deliveryKey: randomUUID(),
      community: { externalId: 'G-stats' },
      user: { externalId: userId, locale },
      isPlatformAdmin: async () => false,
      richForms: false,
      input,
    });
    // Numbers are spaced as each ICU writes them (no-break or narrow no-break): read as spaces.
    return withoutMarkers((reply as Reply & { kind: 'message' }).text).replace(/[\u00a0\u202f]/g, ' ');
  }
  const charts = () =>
    database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: 'stats.chart:' } },
      orderBy: { createdAt: 'asc' },
    });

  it('is refused to members who do not moderate, and sends them nothing', async () => {
    expect(await dispatch('a', {}, 'fr')).toBe('Seule l’équipe de modération peut faire cela.');
    expect(await charts()).toEqual([]);
  });

  it('gives moderators the program’s figures in the community’s language, whatever hers', async () => {
    const text = await dispatch('mod', { period: '6months' });
    expect(text).toContain('**Les chiffres de Duchess France** — les 6 derniers mois (janv. 2026 – juin 2026)');
    expect(text).toContain('**Membres** : 8 — 7 actives, 1 en pause, 1 partie, 8 arrivées sur la période');
    expect(text).toContain('- Par rôle : 1 marraine, 5 filleules, 1 marraine et filleule, 1 entre pairs');
    expect(text).toContain(
      '- Par situation : 2 étudiantes, 1 junior, 1 expérimentée, 3 en reconversion, 1 de retour après une pause',
    );
    expect(text).toContain('**En attente d’une marraine** : 3 filleules, depuis 4 jours (médiane)');
    expect(text).toContain(
      '**Demandes faites sur la période** : 7 envoyées, 3 où la marraine s’est proposée, 1 choisie, 1 déclinée, 2 expirées, 1 close autrement, 2 encore ouvertes',
    );
    expect(text).toContain('**Binômes** : 2 actifs, 1 en pause, 3 formés sur la période, 1 terminé sur la période');
    expect(text).toContain(
      '**Points dus sur la période** : 5 envoyés, 2 « on s’est vues », 1 « pas encore », 1 « besoin d’aide », 1 sans réponse, 50 % des réponses : « on s’est vues »',
    );
    expect(text).toContain('**Cercles** : 0 actif, 0 membre, 0 personne en attente d’un cercle');
    expect(text).toContain('**Événements** : 0 événement, 0 participante, 0 groupe');
    // The posts' figures, kept from before.
    expect(text).toContain('Propositions : 0 en attente, 0 à modifier, 1 approuvée, 4 publiées, 0 refusée, 0 retirée');
    expect(text).toContain('📊 Le graphique (janv. 2026 – juin 2026) arrive dans tes messages privés.');
  });

  it('sends the chart by DM: a valid PNG of the expected size, drawn from the same query as the message', async () => {
    clock.set(new Date(statsNow.getTime() + 60_000));
    const before = queried.length;
    const text = await dispatch('boss', { period: '6months' });
    // One query of the figures for the message and the chart together.
    expect(queried.length - before).toBe(1);
    const figures = queried.at(-1) as StatsFigures;
    expect(text).toContain(`${figures.pairs.started} formés sur la période`);

    const [row] = (await charts()).filter(
      (r) => r.key.startsWith('stats.chart:') && (r.target as { userId: string }).userId === 'boss',
    );
    expect(row?.target).toEqual({ kind: 'dm', userId: 'boss' });
    const message = row?.message as {
      text: string;
      files: { sha256: string; name: string; mime: string; description: string }[];
    };
    expect(message.files).toHaveLength(1);
    const [file] = message.files;
    expect(file).toMatchObject({ name: 'marraine-chiffres-2026-06-15.png', mime: 'image/png' });
    const png = (await services.store.files.get(file!.sha256)) as Buffer;

    const chunks = pngChunks(png);
    const header = chunks[0]!;
    expect(header.type).toBe('IHDR');
    const [width, height, depth, colour] = [
      header.data.readUInt32BE(0),
      header.data.readUInt32BE(4),
      header.data[8],
      header.data[9],
    ];
    expect([width, height]).toEqual([chartSize.width * chartSize.scale, chartSize.height * chartSize.scale]);
    expect(chunks.at(-1)?.type).toBe('IEND');
    // Every row of pixels is there: the image data inflates to height × (filter byte + width × channels).
    const channels = ({ 6: 4, 2: 3, 0: 1, 4: 2 } as Record<number, number>)[colour as number] as number;
    expect(depth).toBe(8);
    const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    expect(pixels.length).toBe(height * (1 + width * channels));

    // The numbers it shows: the DM lists each month's, from the same figures as the message…
    expect(withoutMarkers(message.text)).toContain(
      'Le graphique des chiffres de Duchess France, janv. 2026 – juin 2026 📊',
    );
    expect(message.text).toContain('- mai 2026 : 1 nouvelle membre, 1 nouveau binôme, 2 publications');
    expect(figures.months.map((m) => [m.members, m.pairs, m.posts])).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 2],
      [2, 0, 1],
    ]);
    expect(file!.description).toContain('juin 2026 : 2 nouvelles membres, 0 nouveau binôme, 1 publication');
    // …and the picture is exactly the chart of those figures, with their values as labels.
    const report = await createStatsService(services).report(community, { period: '6months' });
    expect(report.figures).toEqual(figures);
    const svg = chartSvg(chartSpec(translator('fr'), 'fr', community, report));
    const labels = [...svg.matchAll(/class="value"[^>]*>([^<]*)</g)].map((m) => Number(m[1]));
    expect(labels).toEqual(figures.months.flatMap((m) => [m.members, m.pairs, m.posts]));
    expect((await renderPng(svg)).png.equals(png)).toBe(true);
  });

  it('sends one chart when she asks twice within a minute', async () => {
    clock.set(new Date(statsNow.getTime() + 5 * 60_000));
    const before = (await charts()).length;
    await dispatch('mod', { period: 'month' });
    await dispatch('mod', { period: 'month' });
    expect((await charts()).length - before).toBe(1);
  });

  it('filters by region, named in any case and without accents, and says which', async () => {
    const text = await dispatch('mod', { period: '6months', region: 'auvergne rhone alpes' });
    expect(text).toContain('Région : Auvergne-Rhône-Alpes');
    expect(text).toContain('**Membres** : 5 — 4 actives, 1 en pause, 1 partie, 5 arrivées sur la période');
    expect(text).toContain('**En attente d’une marraine** : 2 filleules, depuis 7 jours (médiane)');
    expect(text).toContain('**Binômes** : 1 actif, 1 en pause, 2 formés sur la période, 1 terminé sur la période');
    expect(text).toContain('_Les publications et les défis : toute la communauté._');
    // A refusal speaks her language, like every refusal.
    expect(await dispatch('mod', { region: 'Bretagne' }, 'fr')).toBe(
      'Je ne connais pas la région « Bretagne ». Les régions de la communauté : Auvergne-Rhône-Alpes, Île-de-France.',
    );
  });

  it('reads a period typed in words on Slack, in either language', () => {
    const stats = commands.find((c) => c.name.en === 'stats')!;
    const period = (word: string) => stats.options.safeParse({ period: word }).data?.period;
    expect(['mois', 'Month'].map(period)).toEqual(['month', 'month']);
    expect(['6mois', '6months', 'semestre'].map(period)).toEqual(['6months', '6months', '6months']);
    expect(['année', 'annee', 'year', '12mois'].map(period)).toEqual(['year', 'year', 'year', 'year']);
    expect(['tout', 'all'].map(period)).toEqual(['all', 'all']);
  });

  it('takes words that name no period for the region (Slack’s options come in order)', async () => {
    // `/marraine stats Auvergne Rhône-Alpes`: the first word lands in the period, the rest in the region.
    const text = await dispatch('mod', { period: 'Auvergne', region: 'Rhône-Alpes' });
    expect(text).toContain('ce mois-ci (juin 2026)');
    expect(text).toContain('Région : Auvergne-Rhône-Alpes');
  });

  it('speaks English to an English community', async () => {
    const english = await services.store.communities.update(community.id, { locale: 'en' });
    try {
      const text = await dispatch('mod', { period: 'year' });
      expect(text).toContain('**Duchess France’s figures** — the last 12 months (Jul 2025 – Jun 2026)');
      expect(text).toContain('**Pairs**: 2 active, 1 paused, 5 formed in the period, 2 ended in the period');
      expect(text).toContain('60% of answers: “we met”');
    } finally {
      await services.store.communities.update(english.id, { locale: 'fr' });
    }
  });

  it('keeps no figure in memory: a new pair shows at once', async () => {
    const count = async () => Number(/\*\*Binômes\*\* : (\d+) actifs?/.exec(await dispatch('mod'))?.[1]);
    expect(await count()).toBe(2);
    const [a, m1] = await Promise.all([
      services.store.members.find(community.id, 'a'),
      services.store.members.find(community.id, 'm1'),
    ]);
    await database.prisma.pair.create({
      data: { communityId: community.id, menteeId: a!.id, mentorId: m1!.id, status: 'active', startedAt: clock.now() },
    });
    expect(await count()).toBe(3);
  });
});
