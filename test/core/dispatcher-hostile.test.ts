// Regressions the fuzzer found (test/fuzz): what a stale or forged component, or a NUL in
// member text, did to the dispatcher before it was answered instead of logged as a failure.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createManualClock } from '../../src/core/clock.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import { translator } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';

describe('dispatcher, given what a stranger can put in an interaction', () => {
  let database: Database;
  let services: Services;
  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock: createManualClock(),
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
  });
  afterAll(() => database?.close());

  function setup() {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const dispatcher = createDispatcher({ commands, services, logger });
    const incoming = (
      input: IncomingInteraction['input'],
      overrides: Partial<IncomingInteraction> = {},
    ): IncomingInteraction => ({
      platform: 'slack',
      deliveryKey: randomUUID(),
      community: { externalId: 'T0HOSTILE', name: 'Duchess' },
      user: { externalId: 'U0ADA', displayName: 'Ada' },
      isPlatformAdmin: async () => false,
      richForms: true,
      input,
      ...overrides,
    });
    return { dispatcher, logger, incoming };
  }

  it.each([
    ['an id that is no uuid', 'checkin:pair-resume:junk'],
    ['a uuid that names nothing', `checkin:pair-resume:${randomUUID()}`],
  ])('answers a button carrying %s as expired, without logging a failure', async (_what, id) => {
    const { dispatcher, logger, incoming } = setup();
    const { reply } = await dispatcher.dispatch(incoming({ kind: 'action', id, values: [] }));
    expect(reply).toEqual({ kind: 'message', ephemeral: true, text: translator('fr')('error.expired') });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('keeps member text with a NUL character (no PostgreSQL text holds one), without it', async () => {
    const { dispatcher, logger, incoming } = setup();
    const { reply } = await dispatcher.dispatch(
      incoming(
        { kind: 'command', name: 'profile', options: {} },
        {
          community: { externalId: 'T0NUL\u0000', name: 'Duch\u0000ess' },
          user: { externalId: 'U0N\u0000UL', displayName: 'A\u0000da' },
        },
      ),
    );
    expect(reply.kind).toBe('message');
    expect(logger.error).not.toHaveBeenCalled();
    const community = await services.store.communities.find('slack', 'T0NUL');
    expect(community?.name).toBe('Duchess');
    expect((await services.store.members.find(community!.id, 'U0NUL'))?.displayName).toBe('Ada');
  });
});
