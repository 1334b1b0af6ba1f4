import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { memberText } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers } from '../support/matching-fixtures.ts';

/**
 * Her export and her erasure reach what is hers, not what merely looks like it: another
 * member with the same display name and the same short region, another community's log.
 */
describe('what counts as hers', () => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let database: Database;
  let services: Services;
  let community: Community;
  let other: Community;
  let ada: Member;
  let namesake: Member;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    community = await services.store.communities.ensure({
      platform: 'slack',
      externalId: 'T-scope',
      name: 'Duchess',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    other = await services.store.communities.ensure({
      platform: 'slack',
      externalId: 'T-other',
      name: 'Autre',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    ada = await createPerson(services.store, community, 'U-ada', { ...menteeAnswers, region: 'Lyon' });
    ada = await services.store.members.update(ada.id, { displayName: 'Marie' });
    namesake = await createPerson(services.store, community, 'U-marie', { ...menteeAnswers, region: 'Lyon' });
    namesake = await services.store.members.update(namesake.id, { displayName: 'Marie' });
    const base = { platform: 'slack' as const, availableAt: clock.now() };
    // A DM to the other Marie about Lyon, and one about Ada's region as member text with her mention.
    await services.store.outbox.enqueue({
      ...base,
      communityId: community.id,
      key: 'other',
      target: { kind: 'dm', userId: 'U-marie' },
      message: { text: `Bonjour Marie, rendez-vous à ${memberText('Lyon')}` },
    });
    await services.store.outbox.enqueue({
      ...base,
      communityId: community.id,
      key: 'hers',
      target: { kind: 'dm', userId: 'U-mentor' },
      message: { text: `<@U-ada> cherche une marraine à ${memberText('Lyon')}` },
    });
    await services.store.auditLog.record({
      communityId: other.id,
      actorId: null,
      action: 'elsewhere',
      details: { id: ada.id },
    });
  });
  afterAll(() => database?.close());

  it('exports her rows only', async () => {
    const parts = await services.data.collect(ada);
    const keys = parts.find((p) => p.table === 'outbox_messages')?.rows.map((r) => r.key);
    expect(keys).toEqual(['hers']);
    expect(parts.find((p) => p.table === 'audit_logs')?.rows.map((r) => r.action) ?? []).not.toContain('elsewhere');
    expect(parts.find((p) => p.table === 'profiles')?.rows.map((r) => r.member_id)).toEqual([ada.id]);
  });

  it('erases her without touching the namesake’s messages or profile', async () => {
    await services.data.erase(community, ada, { removePublished: false });
    const rows = await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id },
      orderBy: { key: 'asc' },
    });
    expect(rows.map((r) => r.key)).toEqual(['other']);
    expect(JSON.stringify(rows[0]!.message)).toContain('Bonjour Marie');
    expect((await services.profiles.get(namesake))?.answers.region).toBe('Lyon');
  });
});
