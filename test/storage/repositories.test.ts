import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createRepositories, type Repositories } from '../../src/storage/repositories/index.ts';
import type { Database } from '../../src/storage/database.ts';

describeEachDatabase('repositories', (kind) => {
  let database: Database;
  let repos: Repositories;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    repos = createRepositories(database.prisma);
  });
  afterAll(() => database?.close());

  it('creates a community on first contact and finds the same one afterwards, keeping its name current', async () => {
    const first = await repos.communities.ensure({ platform: 'discord', externalId: 'g-1', name: 'Duchess France' });
    expect(first).toMatchObject({
      platform: 'discord',
      externalId: 'g-1',
      name: 'Duchess France',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    expect(first.settings).toMatchObject({ channels: {}, moderatorRoles: [], moderatorUsers: [], adminUsers: [] });
    expect(first.settings.matching).toMatchObject({
      suggestions: 5,
      maxOpenRequests: 3,
      requestExpiryDays: 14,
      weights: { goals: 4, load: 1.5 },
    });

    const again = await repos.communities.ensure({ platform: 'discord', externalId: 'g-1', name: 'Duchess France ✨' });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('Duchess France ✨');
    expect(await repos.communities.find('discord', 'g-1')).toEqual(again);
  });

  it('keeps a Slack workspace and a Discord guild with the same external id apart', async () => {
    const discord = await repos.communities.ensure({ platform: 'discord', externalId: 'same', name: 'A' });
    const slack = await repos.communities.ensure({ platform: 'slack', externalId: 'same', name: 'B' });
    expect(slack.id).not.toBe(discord.id);
    expect(await repos.communities.find('slack', 'missing')).toBeNull();
  });

  it('stores settings, language and time zone, and does not reset settings on the next contact', async () => {
    const community = await repos.communities.ensure({
      platform: 'slack',
      externalId: 'T1',
      name: 'Femmes du Numérique',
    });
    await repos.communities.update(community.id, {
      locale: 'en',
      timeZone: 'America/Montreal',
      settings: { ...community.settings, channels: { showcase: 'C42' }, moderatorUsers: ['U2'], adminUsers: ['U1'] },
    });
    const reloaded = await repos.communities.ensure({
      platform: 'slack',
      externalId: 'T1',
      name: 'Femmes du Numérique',
    });
    expect(reloaded).toMatchObject({ locale: 'en', timeZone: 'America/Montreal' });
    expect(reloaded.settings.channels.showcase).toBe('C42');
    expect(reloaded.settings.adminUsers).toEqual(['U1']);
  });

  it('creates a member once per community and user, and updates her locale and status', async () => {
    const community = await repos.communities.ensure({ platform: 'discord', externalId: 'g-members', name: 'Members' });
    const member = await repos.members.ensure({
      communityId: community.id,
      externalUserId: 'u1',
      displayName: 'Ada',
      locale: 'fr',
    });
    const same = await repos.members.ensure({ communityId: community.id, externalUserId: 'u1' });
    expect(same.id).toBe(member.id);
    expect(same.displayName).toBe('Ada');

    const paused = await repos.members.update(member.id, {
      status: 'paused',
      locale: 'en',
      timeZone: 'Europe/Brussels',
    });
    expect(paused).toMatchObject({ status: 'paused', locale: 'en', timeZone: 'Europe/Brussels' });
    await repos.members.ensure({ communityId: community.id, externalUserId: 'u2' });
    expect(await repos.members.countByStatus(community.id)).toEqual({ active: 1, paused: 1, left: 0 });
    expect(await repos.members.find(community.id, 'nobody')).toBeNull();
  });

  it('writes the audit log and lists the newest entries first, filtered by action', async () => {
    const community = await repos.communities.ensure({ platform: 'discord', externalId: 'g-audit', name: 'Audit' });
    const admin = await repos.members.ensure({ communityId: community.id, externalUserId: 'admin' });
    await repos.auditLog.record({
      communityId: community.id,
      actorId: admin.id,
      action: 'settings.changed',
      details: { field: 'locale', to: 'en' },
    });
    await repos.auditLog.record({
      communityId: community.id,
      actorId: null,
      action: 'request.expired',
      targetType: 'request',
      targetId: 'r1',
    });
    const all = await repos.auditLog.list(community.id);
    expect(all.map((e) => e.action)).toEqual(['request.expired', 'settings.changed']);
    expect(all[1]).toMatchObject({ actorId: admin.id, details: { field: 'locale', to: 'en' } });
    expect(all[0]).toMatchObject({ actorId: null, targetType: 'request', targetId: 'r1' });
    expect(await repos.auditLog.list(community.id, { action: 'settings.changed' })).toHaveLength(1);
  });

  it('claims a platform delivery once, even when the same key arrives concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => repos.processedEvents.claim('slack', 'evt-1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repos.processedEvents.claim('discord', 'evt-1')).toBe(true);
    expect(await repos.processedEvents.claim('slack', 'evt-1')).toBe(false);
  });

  it('claims a delivery and reads her row in one go: once only, her row as stored, none before she is known', async () => {
    const community = await repos.communities.ensure({ platform: 'slack', externalId: 'T-claim', name: 'Claims' });
    const who = { communityId: community.id, externalUserId: 'U-NEW' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => repos.processedEvents.claimWithMember('slack', 'evt-m1', who)),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.every((r) => r.member === null)).toBe(true);
    // A claim by the plain claim is a claim here too.
    expect(await repos.processedEvents.claim('slack', 'evt-m2')).toBe(true);
    expect((await repos.processedEvents.claimWithMember('slack', 'evt-m2', who)).claimed).toBe(false);

    const stored = await repos.members.ensure({ ...who, displayName: 'Ada', locale: 'en', timeZone: 'Europe/Paris' });
    const snoozed = await repos.members.update(stored.id, {
      snoozedUntil: new Date('2026-05-01T08:00:00Z'),
      nudgeOptOut: ['checkin'],
      quietFrom: 1260,
      quietTo: 480,
    });
    const read = await repos.processedEvents.claimWithMember('slack', 'evt-m3', who);
    expect(read).toEqual({ claimed: true, member: snoozed });
    expect(await repos.members.get(stored.id)).toEqual(snoozed);
  });

  it('takes members’ locks in one statement and gives their rows, leaving out an id that names no one', async () => {
    const community = await repos.communities.ensure({ platform: 'slack', externalId: 'T-lock', name: 'Locks' });
    const [a, b] = [
      await repos.members.ensure({ communityId: community.id, externalUserId: 'U-A', displayName: 'A' }),
      await repos.members.ensure({ communityId: community.id, externalUserId: 'U-B', displayName: 'B' }),
    ];
    const nobody = '00000000-0000-7000-8000-000000000000';
    const locked = await database.prisma.$transaction((tx) =>
      createRepositories(tx).matching.lockMembers([b.id, a.id, nobody, b.id]),
    );
    expect(locked).toEqual([a, b].sort((x, y) => (x.id < y.id ? -1 : 1)));
  });

  it('purges processed deliveries older than a date and keeps the newer ones', async () => {
    await repos.processedEvents.claim('slack', 'old-and-new');
    expect(await repos.processedEvents.purge(new Date(Date.now() - 60_000))).toBe(0);
    expect(await repos.processedEvents.purge(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await repos.processedEvents.claim('slack', 'old-and-new')).toBe(true);
  });
});
