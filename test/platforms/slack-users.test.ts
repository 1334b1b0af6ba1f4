import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createUserDirectory } from '../../src/platforms/slack/users.ts';

/** users.info tells her time zone: it becomes hers when she has none (see members.ensure). */
describe('Slack user directory', () => {
  const clientWith = (user: Record<string, unknown>) =>
    ({ users: { info: async () => ({ ok: true, user }) } }) as unknown as WebClient;

  it('passes on the time zone Slack knows for her', async () => {
    const directory = createUserDirectory(clientWith({ name: 'ada', locale: 'fr-FR', tz: 'America/Montreal' }));
    expect(await directory.get('U1')).toMatchObject({ name: 'ada', locale: 'fr-FR', timeZone: 'America/Montreal' });
  });

  it('says nothing of a time zone Slack does not give', async () => {
    const directory = createUserDirectory(clientWith({ name: 'ada' }));
    expect((await directory.get('U1')).timeZone).toBeNull();
  });

  it('asks Slack again past its time in the background: her name and language answer at once from the last answer, her rights never do', async () => {
    let clock = 0;
    const answers: ((user: Record<string, unknown>) => void)[] = [];
    const client = {
      users: { info: () => new Promise((resolve) => answers.push((user) => resolve({ ok: true, user }))) },
    } as unknown as WebClient;
    const directory = createUserDirectory(client, { ttlMs: 1_000, quickMs: 60_000, adminMs: 50 }, () => clock);

    const first = directory.get('U1');
    expect(answers).toHaveLength(1);
    answers[0]!({ name: 'ada', locale: 'fr-FR', is_admin: true });
    expect(await first).toMatchObject({ name: 'ada', locale: 'fr-FR', isAdmin: true });
    expect(await directory.get('U1')).toMatchObject({ name: 'ada' });
    expect(answers).toHaveLength(1);

    clock = 5_000;
    // Slack is asked again and has not answered: the last answer serves (quickMs would be a minute).
    expect(await directory.get('U1')).toMatchObject({ name: 'ada', locale: 'fr-FR' });
    expect(answers).toHaveLength(2);
    // Rights wait for Slack's current answer, and are refused when it does not come in time.
    expect(await directory.isAdmin('U1')).toBe(false);
    answers[1]!({ name: 'ada lovelace', locale: 'en-US', is_admin: false });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await directory.get('U1')).toMatchObject({ name: 'ada lovelace', locale: 'en-US' });
    expect(answers).toHaveLength(2);
  });
});
