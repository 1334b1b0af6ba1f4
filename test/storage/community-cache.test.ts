import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createDispatcher } from '../../src/core/dispatcher.ts';
import { createServices } from '../../src/core/services.ts';
import { translator } from '../../src/i18n/index.ts';
import type { PrismaClient } from '../../src/storage/database.ts';
import { communityCacheMs } from '../../src/storage/community-cache.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { createPostgresTwins } from '../support/postgres-twins.ts';

const silent = { info() {}, warn() {}, error() {} };

/**
 * The community rows each process keeps (src/storage/community-cache.ts): two instances
 * of the bot on one database, each with its own cache and its own (fake) monotonic time.
 */
describeEachDatabase('community rows kept per process', (kind) => {
  const clients: PrismaClient[] = [];
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'PostgreSQL') {
      const twins = await createPostgresTwins();
      clients.push(twins.first.prisma, twins.second.prisma);
      close = twins.close;
    } else {
      // PGlite has one connection: two stores over it still have a cache each.
      const database = await createTestDatabase(kind);
      clients.push(database.prisma, database.prisma);
      close = database.close;
    }
  });
  afterAll(() => close?.());

  function instance(prisma: PrismaClient) {
    const time = { now: 0 };
    const store = createStore(prisma, { communityCache: { now: () => time.now } });
    const services = createServices({
      store,
      clock: createManualClock(new Date('2026-03-02T10:00:00Z')),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const dispatcher = createDispatcher({ commands, services, logger: silent });
    return { time, store, services, dispatcher };
  }

  it(`an admin's change on one instance is seen there at once, and by the other within ${communityCacheMs} ms`, async () => {
    const [a, b] = [instance(clients[0]!), instance(clients[1]!)];
    const guild = `guild-${randomUUID()}`;
    /** Her `profile` on an instance, she who has no language of her own: the community's answers. */
    const profileText = async (on: typeof a) => {
      const { reply } = await on.dispatcher.dispatch({
        platform: 'discord',
        deliveryKey: randomUUID(),
        community: { externalId: guild, name: 'Duchess France' },
        user: { externalId: '42' },
        isPlatformAdmin: async () => false,
        richForms: false,
        input: { kind: 'command', name: 'profile', options: {} },
      });
      return reply.kind === 'message' ? reply.text : reply.kind;
    };
    const [fr, en] = [translator('fr')('profile.none'), translator('en')('profile.none')];
    expect(await profileText(a)).toBe(fr);
    expect(await profileText(b)).toBe(fr);

    const community = await a.store.communities.ensure({ platform: 'discord', externalId: guild });
    const admin = await a.store.members.ensure({ communityId: community.id, externalUserId: '7' });
    await a.services.settings.update(community, admin, { locale: 'en' });

    expect(await profileText(a)).toBe(en);
    // The other instance keeps what it read for the bound, not longer.
    b.time.now += communityCacheMs - 1;
    expect(await profileText(b)).toBe(fr);
    b.time.now += 1;
    expect(await profileText(b)).toBe(en);
  });

  it('keeps nothing a transaction wrote and then rolled back', async () => {
    const a = instance(clients[0]!);
    const community = await a.store.communities.ensure({ platform: 'slack', externalId: `T${randomUUID()}` });
    const failed = a.store.transaction(async (repos) => {
      await repos.communities.update(community.id, { locale: 'en' });
      expect((await repos.communities.get(community.id)).locale).toBe('en');
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    expect((await a.store.communities.get(community.id)).locale).toBe('fr');
    expect((await a.store.communities.findById(community.id))?.locale).toBe('fr');
  });

  it('forgets a community whose admin list an erasure changed', async () => {
    const a = instance(clients[0]!);
    const community = await a.store.communities.ensure({ platform: 'slack', externalId: `T${randomUUID()}` });
    const admin = await a.store.members.ensure({ communityId: community.id, externalUserId: 'UADMIN' });
    await a.store.communities.update(community.id, { settings: { ...community.settings, adminUsers: ['UADMIN'] } });
    expect((await a.store.communities.get(community.id)).settings.adminUsers).toEqual(['UADMIN']);

    await a.store.transaction((repos) => repos.privacy.erase(admin, new Date(), { removePublished: false }));
    expect((await a.store.communities.get(community.id)).settings.adminUsers).toEqual([]);
  });

  it('gives rows no caller can change in place for everyone', async () => {
    const a = instance(clients[0]!);
    const community = await a.store.communities.ensure({ platform: 'slack', externalId: `T${randomUUID()}` });
    const kept = await a.store.communities.get(community.id);
    expect(() => kept.settings.adminUsers.push('UX')).toThrow(TypeError);
    expect((await a.store.communities.get(community.id)).settings.adminUsers).toEqual([]);
  });
});
