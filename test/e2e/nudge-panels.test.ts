import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordDriver, slackDriver, type Driver, type TestUser } from './support/drivers.ts';

/**
 * The reminders panels, rendered by both real clients (selects of zones and kinds, rows of
 * buttons within each platform's limits) and acting on her member row.
 */
const platforms: [string, () => Promise<Driver>][] = [
  ['Discord', discordDriver],
  ['Slack', slackDriver],
];

describe.each(platforms)('nudge panels: %s', (_name, start) => {
  let driver: Driver;
  const ada: TestUser = { id: '', name: 'ada', locale: 'fr' };
  const boss: TestUser = { id: '', name: 'boss', locale: 'fr', admin: true };
  beforeAll(async () => {
    driver = await start();
    ada.id = driver.platform === 'discord' ? '500000000000000011' : 'U0ADA';
    boss.id = driver.platform === 'discord' ? '500000000000000012' : 'U0BOSS';
  });
  afterAll(() => driver?.stop());

  it('shows her reminders and pauses them for a week', async () => {
    const panel = await driver.click(ada, 'profile:nudges');
    expect(panel.text).toContain('Tes rappels');
    expect(panel.actions).toEqual(
      expect.arrayContaining(['profile:timezone', 'profile:opt-out', 'profile:quiet-open', 'profile:snooze:1w']),
    );
    const paused = await driver.click(ada, 'profile:snooze:1w');
    expect(paused.text).toContain('En pause jusqu’au');
    expect((await driver.member(ada))?.snoozedUntil).toBeInstanceOf(Date);
    expect((await driver.click(ada, 'profile:quiet-open')).form?.fields).toEqual(['quietFrom', 'quietTo']);
  });

  it('shows an admin the reminders settings and the community reminders', async () => {
    const settings = await driver.click(boss, 'admin:nudges');
    expect(settings.text).toContain('Rappels automatiques');
    expect(settings.text).toContain('Aucun binôme à suivre pour l’instant.');
    expect(settings.actions).toEqual(
      expect.arrayContaining([
        'admin:nudge-kinds',
        'admin:nudge-hour',
        'admin:nudge-weeks',
        'admin:nudge-months',
        'admin:reminders',
      ]),
    );
    const reminders = await driver.click(boss, 'admin:reminders');
    expect(reminders.text).toContain('Aucun rappel pour l’instant.');
    expect(reminders.actions).toContain('admin:reminder-add');
  });
});
