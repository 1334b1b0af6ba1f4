import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createUserDirectory } from '../../src/platforms/slack/users.ts';

/** users.info tells her time zone: it becomes hers when she has none (see members.ensure). */
describe('Slack user directory', () => {
  const clientWith = (user: Record<string, unknown>) => ({ users: { info: async () => ({ ok: true, user }) } }) as unknown as WebClient;

  it('passes on the time zone Slack knows for her', async () => {
    const directory = createUserDirectory(clientWith({ name: 'ada', locale: 'fr-FR', tz: 'America/Montreal' }));
    expect(await directory.get('U1')).toMatchObject({ name: 'ada', locale: 'fr-FR', timeZone: 'America/Montreal' });
  });

  it('says nothing of a time zone Slack does not give', async () => {
    const directory = createUserDirectory(clientWith({ name: 'ada' }));
    expect((await directory.get('U1')).timeZone).toBeNull();
  });
});
