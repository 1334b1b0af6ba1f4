import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.ts';
import { startPlaygroundWorld, type PlaygroundWorld } from './support/playground-world.ts';

/** Debian's package (`apt-get install chromium`); .ci/run installs it when missing. */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const artifacts = join(projectRoot, 'test/artifacts/playground');
if (!hasChromium) {
  process.stderr.write(
    `\n⚠ Playground browser tests SKIPPED: Chromium is not installed at ${chromiumPath} (apt-get install -y chromium).\n\n`,
  );
}

/** What a member typed that a careless page would run or format: it must show as typed. */
const hostileBio = '<img src=x onerror=alert(1)> **bold**';
const hostileNote = '<script>window.pwned = 1</script> _merci_ <@sophie>';

describe.skipIf(!hasChromium)('the playground in Chromium (skipped without /usr/bin/chromium)', () => {
  let world: PlaygroundWorld;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    [world, browser] = await Promise.all([
      startPlaygroundWorld(),
      // As root (CI, containers) Chromium's sandbox cannot start.
      chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] }),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'fr-FR' });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const messages = () => page.locator('#messages');
  const dms = () => page.locator('#dms');

  async function type(text: string) {
    await page.locator('#command').fill(text);
    await page.locator('#command').press('Enter');
  }

  it('lets a mentee join, ask a mentor, and choose her once she offers, with the welcome in their space', async () => {
    await page.goto(world.url);
    await expect.poll(() => page.locator('#conversation-name').textContent()).toBe('#général');

    // The command box completes the subcommands, in French first.
    await page.locator('#command').fill('/marraine rej');
    await expect.poll(() => page.locator('#completions li').first().textContent()).toContain('/marraine rejoindre');
    await page.locator('#command').press('Tab');
    expect(await page.locator('#command').inputValue()).toBe('/marraine rejoindre ');
    await page.locator('#command').press('Enter');

    // The questionnaire in one form, as on Slack.
    const form = page.locator('dialog.modal');
    await form.waitFor();
    await form.locator('#field-role').selectOption('mentee');
    await form.locator('#field-situation').selectOption('career-change');
    await form.locator('input[name="domains"][value="back"]').check();
    await form.locator('input[name="languages"][value="fr"]').check();
    await form.locator('#field-remote').selectOption('yes');
    await form.locator('input[name="seeks"][value="career-change"]').check();
    await form.locator('#field-stacks').fill('Java');
    await form.locator('#field-region').fill('Lyon');
    await form.locator('#field-hoursPerMonth').fill('4');
    await form.locator('#field-bio').fill(hostileBio);
    await form.locator('input[name="consent"][value="yes"]').check();
    await shot('01-questionnaire');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached' });
    await messages().getByText('bienvenue dans le programme').waitFor();

    // Her bio shows exactly as she typed it: no image, no bold.
    await expect
      .poll(() => messages().locator('.member-text', { hasText: '<img' }).first().textContent())
      .toBe(hostileBio);
    expect(await page.locator('#messages img, #messages strong:text("bold")').count()).toBe(0);
    await shot('02-joined');

    // Her suggestions, each with why it fits.
    await type('/marraine marraines');
    await messages().getByText('Peut t’aider').first().waitFor();
    await shot('03-suggestions');

    // A request, with a note for the mentor.
    await messages().getByRole('button', { name: 'Demander à Sophie' }).last().click();
    await form.waitFor();
    await form.locator('#field-message').fill(hostileNote);
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached' });
    await messages().getByText('Demande envoyée à').waitFor();
    await shot('04-request-sent');

    // Sophie sees it in her DMs, the note as typed, and offers.
    await page.locator('#persona').selectOption('sophie');
    const request = dms().locator('article', { hasText: 'aimerait que tu l’accompagnes' });
    await request.waitFor();
    expect(await request.locator('.member-text').first().textContent()).toBe(hostileNote);
    expect(await request.locator('.mention').count()).toBe(1);
    await request.getByRole('button', { name: 'Je propose de l’accompagner' }).click();
    await dms().getByText('est prévenue').waitFor();
    await shot('05-offered');

    // Camille chooses her.
    await page.locator('#persona').selectOption('camille');
    const offer = dms().locator('article', { hasText: 'propose de t’accompagner' });
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Je la choisis' }).click();
    await page.getByText('t’accompagne').first().waitFor();
    await shot('06-chosen');

    // Their private space opens with the welcome.
    const space = page.locator('.sidebar').getByRole('button', { name: 'Camille & Sophie' });
    await space.waitFor();
    await space.click();
    await messages().getByText('Bienvenue dans votre espace').waitFor();
    await shot('07-space');

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it('switches to English, commands and all', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('.sidebar').getByRole('button', { name: '#general' }).click();
    await expect.poll(() => page.locator('#conversation-name').textContent()).toBe('#general');
    await page.locator('#command').fill('/marraine pro');
    await expect
      .poll(() => page.locator('#completions li').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('/marraine profile')]));
    await page.locator('#command').fill('');
  });
});
