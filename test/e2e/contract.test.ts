import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import {
  discordDriver,
  slackDriver,
  type Driver,
  type QuestionnaireAnswers,
  type TestUser,
} from './support/drivers.ts';

/**
 * The same behaviours, checked through both adapters with their real clients. Each
 * driver acts as a member of its platform would; the outcomes must be the same.
 */
const platforms: [string, () => Promise<Driver>][] = [
  ['Discord', discordDriver],
  ['Slack', slackDriver],
];

const camille: TestUser = { id: 'U0CAMILLE', name: 'camille', locale: 'fr' };
const jo: TestUser = { id: 'U0JO', name: 'jo', locale: 'en' };
const mentor: TestUser = { id: 'U0NADIA', name: 'nadia', locale: 'fr' };

const mentee: QuestionnaireAnswers = {
  role: 'mentee',
  situation: 'returning',
  domains: ['front', 'design-ux'],
  languages: ['fr'],
  remote: 'no',
  seeks: ['confidence', 'first-job'],
  offers: [],
  stacks: 'React; Figma',
  region: 'Marseille',
  hoursPerMonth: '3',
  capacity: '',
  bio: 'De retour après un congé parental.',
};

describe.each(platforms)('contract: %s', (_name, start) => {
  let driver: Driver;
  beforeAll(async () => {
    driver = await start();
    // Discord ids are numeric; the same people, in each platform's id format.
    if (driver.platform === 'discord') {
      camille.id = '500000000000000001';
      jo.id = '500000000000000002';
      mentor.id = '500000000000000003';
    } else {
      camille.id = 'U0CAMILLE';
      jo.id = 'U0JO';
      mentor.id = 'U0NADIA';
    }
  });
  afterAll(() => driver?.stop());

  it('shows her data and what she can do with it, in the member’s language', async () => {
    expect((await driver.command(camille, { en: 'data', fr: 'donnees' })).text).toContain(
      'Tes données dans cette communauté',
    );
    expect((await driver.command(jo, { en: 'data', fr: 'donnees' })).text).toContain('Your data in this community');
  });

  it('keeps members who do not administer the space out of the settings', async () => {
    expect((await driver.command(camille, { en: 'admin', fr: 'admin' })).text).toBe(
      'Seules les personnes qui administrent cet espace peuvent faire cela.',
    );
  });

  it('stores the same profile from the same answers, and welcomes her by DM through the outbox', async () => {
    const summary = await driver.completeQuestionnaire(camille, mentee);
    expect(summary.text).toContain('C’est tout bon, bienvenue dans le programme !');
    expect(summary.text).toContain('De retour après une pause');
    const member = await driver.member(camille);
    const profile = await driver.store.profiles.get(member!.id);
    expect(profile?.answers).toEqual({
      role: 'mentee',
      situation: 'returning',
      domains: ['front', 'design-ux'],
      languages: ['fr'],
      remote: false,
      seeks: ['confidence', 'first-job'],
      stacks: ['React', 'Figma'],
      region: 'Marseille',
      hoursPerMonth: 3,
      bio: 'De retour après un congé parental.',
      consent: true,
    });
    await expect
      .poll(() => driver.directMessages(camille))
      .toEqual([expect.stringContaining('Bienvenue dans le programme')]);
  });

  it('asks a mentor how many mentees she takes, and names the field when the answer is out of range', async () => {
    const answer = await driver.completeQuestionnaire(mentor, {
      ...mentee,
      role: 'mentor',
      offers: ['public-speaking'],
      seeks: [],
      capacity: '9',
    });
    expect(answer.problems).toEqual({ 'Combien de filleules à la fois': 'écris un nombre entre 1 et 5.' });
    const member = await driver.member(mentor);
    const profile = await driver.store.profiles.get(member!.id);
    expect(profile?.answers).toMatchObject({ role: 'mentor', offers: ['public-speaking'], region: 'Marseille' });
    expect(profile?.answers.capacity).toBeUndefined();
    expect(profile?.completedAt).toBeNull();
  });

  it('refuses an invalid answer naming the field, and keeps her other answers', async () => {
    const answer = await driver.sendDetails(camille, { ...mentee, region: 'Aix', hoursPerMonth: 'beaucoup' });
    expect(answer.problems).toEqual({ 'Temps disponible par mois (heures)': 'écris un nombre entier, par exemple 4.' });
    const member = await driver.member(camille);
    const profile = await driver.store.profiles.get(member!.id);
    expect(profile?.answers).toMatchObject({ region: 'Aix', hoursPerMonth: 3 });
    expect(profile?.completedAt).not.toBeNull();
  });

  it('pauses and resumes her profile', async () => {
    expect((await driver.command(camille, { en: 'profile', fr: 'profil' })).actions).toContain('profile:pause');
    expect((await driver.click(camille, 'profile:pause')).text).toContain('Ton profil est en pause');
    expect((await driver.member(camille))?.status).toBe('paused');
    expect((await driver.click(camille, 'profile:resume')).text).toContain('Ton profil est de nouveau actif.');
    expect((await driver.member(camille))?.status).toBe('active');
  });

  it('answers her in her language when the database fails during a command, then works again', async () => {
    const ensure = vi
      .spyOn(driver.store.members, 'ensure')
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    try {
      const failed = await driver.command(jo, { en: 'profile', fr: 'profil' });
      const reference = /\((?:reference|référence) ([0-9a-f]{8})\)/.exec(failed.text)?.[1] ?? '(none)';
      expect(failed.text).toBe(translator('en')('error.unexpected', { reference }));
      expect((await driver.command(jo, { en: 'profile', fr: 'profil' })).text).toBe(translator('en')('profile.none'));
    } finally {
      ensure.mockRestore();
    }
  });

  it('answers a delivery made twice only once', async () => {
    expect(
      await driver.deliverTwice(
        { id: driver.platform === 'discord' ? '500000000000000009' : 'U0TWICE', name: 'twice', locale: 'fr' },
        { en: 'profile', fr: 'profil' },
      ),
    ).toBe(1);
  });
});
