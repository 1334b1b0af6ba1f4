import { randomBytes, randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { createDispatcher } from '../../src/core/dispatcher.ts';
import { consentVersion } from '../../src/core/onboarding/questionnaire.ts';
import type { Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { fakeFiles, png } from '../support/posts-fixtures.ts';
import { post } from '../support/publication-seed.ts';
import { createDataService } from '../../src/core/privacy/data-service.ts';

/**
 * Consent: the version she agreed to is stored; withdrawing it in `profile` hides her
 * answers from everyone (she is no longer suggested), pauses her, and offers her export
 * and erasure. Her export carries her images, zipped.
 */
describe('consent and the export of images', () => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let database: Database;
  let services: Services;
  let community: Community;
  let mentor: Member;
  let mentee: Member;
  let act: (userId: string, id: string) => Promise<Reply>;

  const answers = (role: 'mentor' | 'mentee') => ({
    role,
    situation: 'experienced',
    domains: ['back'],
    languages: ['fr'],
    remote: 'yes',
    hoursPerMonth: '4',
    consent: true,
    ...(role === 'mentor' ? { offers: ['confidence'], capacity: '2' } : { seeks: ['confidence'] }),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const created = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'G-consent',
      name: 'Duchess',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, channels: { moderationQueue: 'C-queue' } },
    });
    mentor = await services.store.members.ensure({
      communityId: community.id,
      externalUserId: 'U-mentor',
      displayName: 'Mona',
    });
    mentee = await services.store.members.ensure({
      communityId: community.id,
      externalUserId: 'U-mentee',
      displayName: 'Ada',
    });
    await services.profiles.answer(mentor, 'fr', answers('mentor'));
    await services.profiles.answer(mentee, 'fr', answers('mentee'));
    const dispatcher = createDispatcher({
      commands,
      services,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    act = async (userId, id) =>
      (
        await dispatcher.dispatch({
          platform: 'discord',
          deliveryKey: randomUUID(),
          community: { externalId: 'G-consent' },
          user: { externalId: userId, locale: 'fr' },
          isPlatformAdmin: async () => false,
          richForms: false,
          input: { kind: 'action', id, values: [] },
        })
      ).reply;
  });
  afterAll(() => database?.close());

  const suggested = async () =>
    (await services.matching.menteeView(community, mentee)).suggestions.map((s) => s.member.id);

  it('stores the consent version she agreed to', async () => {
    expect((await services.profiles.get(mentor))?.consentVersion).toBe(consentVersion);
    expect(await suggested()).toEqual([mentor.id]);
  });

  it('withdrawing it hides her answers, pauses her, and offers export and erasure', async () => {
    const confirm = await act('U-mentor', 'profile:consent-withdraw');
    expect(confirm.kind === 'message' && confirm.text).toContain('Marraine ne montre plus tes réponses à personne');
    const reply = await act('U-mentor', 'profile:consent-withdraw-confirm');
    expect(reply.kind === 'message' && reply.text).toContain('Ton consentement est retiré');
    expect(JSON.stringify(reply)).toContain('"action":"data:export"');
    expect(JSON.stringify(reply)).toContain('"action":"data:delete:keep"');
    const profile = await services.profiles.get(mentor);
    expect(profile).toMatchObject({ consentedAt: null, consentVersion: null, completedAt: null });
    expect(profile?.answers.consent).toBeUndefined();
    expect((await services.store.members.get(mentor.id)).status).toBe('paused');
    expect(await suggested()).toEqual([]);
    expect(await services.store.auditLog.list(community.id, { action: 'profile.consent_withdrawn' })).toHaveLength(1);
  });

  it('consenting again brings her back', async () => {
    await services.profiles.answer(await services.store.members.get(mentor.id), 'fr', { consent: true });
    // The mentor pool kept in memory reads its version again after a while (see mentor-pool.ts).
    clock.advance(10 * 60_000);
    expect((await services.profiles.get(mentor))?.consentVersion).toBe(consentVersion);
    expect((await services.store.members.get(mentor.id)).status).toBe('active');
    expect(await suggested()).toEqual([mentor.id]);
  });

  it('sends her images in a zip beside the JSON file', async () => {
    const photo = png('her desk');
    const files = fakeFiles({ photo });
    await services.posts.submit({
      community,
      author: mentee,
      values: { category: 'coding', caption: 'Mon bureau', credit: 'name', consent: 'community' },
      file: files.file('photo'),
      fetchFile: files.fetchFile,
    });
    expect(await services.data.export(community, mentee)).toMatchObject({ images: 1 });
    const row = (
      await database.prisma.outboxMessage.findMany({
        where: { communityId: community.id, key: { startsWith: 'data.export:' } },
      })
    )[0]!;
    const [json, zip] = (row.message as { files: { sha256: string; name: string; mime: string }[] }).files;
    expect(json!.mime).toBe('application/json');
    expect(zip!.mime).toBe('application/zip');
    const unzipped = unzipSync(new Uint8Array((await services.store.files.get(zip!.sha256))!));
    expect(Object.values(unzipped).map((bytes) => Buffer.from(bytes))).toEqual([photo]);
    const document = JSON.parse((await services.store.files.get(json!.sha256))!.toString('utf8')) as {
      parts: { table: string; records: { caption?: string }[] }[];
    };
    expect(document.parts.find((p) => p.table === 'submissions')?.records[0]?.caption).toBe('Mon bureau');
  });

  it('sends images too large for one message in several zips, one message each', async () => {
    clock.advance(60_000);
    const big: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const image = await services.store.files.put(randomBytes(4_000), 'image/png');
      big.push(
        await post(database.prisma, community, mentee, { caption: `Grande photo ${i}`, consent: 'community', image }),
      );
    }
    // The same export as her button, with parts of 7 kB instead of 9 MiB.
    const partMax = 7_000;
    const data = createDataService({ store: services.store, clock, zipPartMaxBytes: partMax });
    expect(await data.export(community, mentee)).toMatchObject({ images: 3 });
    const rows = await database.prisma.outboxMessage.findMany({
      where: {
        communityId: community.id,
        key: { startsWith: `data.export:${mentee.id}:${clock.now().toISOString().slice(0, 16)}` },
      },
      orderBy: { key: 'asc' },
    });
    const files = rows.map((row) => (row.message as { files: { sha256: string; name: string; mime: string }[] }).files);
    // The JSON and the first zip together, then the second zip alone.
    expect(files.map((f) => f.map((file) => file.mime))).toEqual([
      ['application/json', 'application/zip'],
      ['application/zip'],
    ]);
    expect(files.map((f) => f.at(-1)?.name)).toEqual([
      'marraine-mes-images-2026-06-15-1-2.zip',
      'marraine-mes-images-2026-06-15-2-2.zip',
    ]);
    const names: string[] = [];
    for (const f of files) {
      const bytes = (await services.store.files.get(f.at(-1)!.sha256))!;
      expect(bytes.length).toBeLessThanOrEqual(partMax);
      names.push(...Object.keys(unzipSync(new Uint8Array(bytes))));
    }
    expect(names.filter((name) => big.some((id) => name.startsWith(`images/${id}`)))).toHaveLength(2);
    expect(names).toHaveLength(3);
  });
});
