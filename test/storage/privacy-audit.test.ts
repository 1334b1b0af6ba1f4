import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { auditCsv, actorsOf } from '../../src/core/privacy/audit-log-view.ts';
import type { Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import { translator } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { seedEverything, type PrivacyWorld } from '../support/privacy-seed.ts';

/**
 * The audit log: every kind of decision the issue names is written (moderation, request,
 * offer, choice, decline, cohort round, admin change, deletion); admins see the last
 * entries and export them as CSV, where an erased member reads "deleted member" and
 * member text can neither break a cell nor run as a formula; a member cannot see it.
 */
describe('the audit log', () => {
  const clock = createManualClock('2026-06-15T10:00:00Z');
  let database: Database;
  let services: Services;
  let world: PrivacyWorld;
  let act: (userId: string, input: IncomingInteraction['input']) => Promise<Reply>;
  const admin = 'U-admin';

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    world = await seedEverything(services, database.prisma, clock);
    const dispatcher = createDispatcher({
      commands,
      services,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    act = async (userId, input) =>
      (
        await dispatcher.dispatch({
          platform: 'discord',
          deliveryKey: randomUUID(),
          community: { externalId: world.community.externalId },
          user: { externalId: userId, locale: 'fr' },
          isPlatformAdmin: async () => userId === admin,
          richForms: false,
          input,
        })
      ).reply;
    // A member whose display name is a formula and a mention.
    await services.store.members.update(world.bea.id, {
      displayName: '=HYPERLINK("https://x.example","clic") "@everyone"',
    });
  }, 60_000);
  afterAll(() => database?.close());

  const text = (reply: Reply) => (reply.kind === 'message' ? reply.text : '');

  it('records every kind of decision, the erasure included', async () => {
    const adminMember = await services.store.members.ensure({ communityId: world.community.id, externalUserId: admin });
    await services.settings.update(world.community, adminMember, { privacy: { retentionDays: 30 } });
    await services.matching.cohortRound(world.community, adminMember);
    await services.data.erase(world.community, world.ada, { removePublished: false });
    const actions = new Set(
      (await services.store.auditLog.list(world.community.id, { limit: 1000 })).map((e) => e.action),
    );
    for (const action of [
      'posts.approved',
      'posts.changes_requested',
      'request.sent',
      'request.offered',
      'pair.created',
      'request.declined',
      'cohort.round',
      'settings.changed',
      'member.erased',
    ]) {
      expect([action, actions.has(action)]).toEqual([action, true]);
    }
  });

  it('shows admins the last entries, her own as "deleted member", and refuses members', async () => {
    expect(text(await act(world.bea.externalUserId, { kind: 'action', id: 'admin:audit', values: [] }))).toContain(
      'Seules les personnes qui administrent',
    );
    const view = text(await act(admin, { kind: 'action', id: 'admin:audit', values: [] }));
    expect(view).toContain('Les dernières décisions');
    expect(view).toContain('membre supprimée · `member.erased`');
    expect(view).not.toContain(world.tag);
    expect(view).not.toContain('HYPERLINK');
  });

  it('exports the log as CSV by DM: member text escaped, formulas inert, the erased member anonymous', async () => {
    const entries = await services.store.auditLog.list(world.community.id, { limit: 1000 });
    const csv = auditCsv(translator('fr'), entries, await actorsOf(services.store, entries));
    expect(csv).not.toContain(world.tag);
    expect(csv).toContain('"\'=HYPERLINK(""https://x.example"",""clic"") ""@everyone"""');
    expect(csv).toContain('"membre supprimée"');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFat,actor,actor_user_id,action,target_type,target_id,details');

    const reply = text(await act(admin, { kind: 'action', id: 'admin:audit-export', values: [] }));
    expect(reply).toContain('Le journal (');
    const row = (
      await database.prisma.outboxMessage.findMany({
        where: { communityId: world.community.id, key: { startsWith: 'audit.export:' } },
      })
    )[0]!;
    expect(row.target).toEqual({ kind: 'dm', userId: admin });
    const [file] = (row.message as { files: { sha256: string; mime: string }[] }).files;
    expect(file!.mime).toBe('text/csv');
    expect((await services.store.files.get(file!.sha256))!.toString('utf8')).toContain('"member.erased"');
  });

  it('lets admins set the retention period; a forged value is refused', async () => {
    await act(admin, { kind: 'action', id: 'admin:retention', values: ['180'] });
    expect((await services.store.communities.get(world.community.id)).settings.privacy.retentionDays).toBe(180);
    expect(text(await act(admin, { kind: 'action', id: 'admin:retention', values: ['abc'] }))).toContain(
      'plus valable',
    );
  });
});
