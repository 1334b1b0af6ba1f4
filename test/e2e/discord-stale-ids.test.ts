// Regressions the fuzzer found (test/fuzz): components clicked with ids the bot did not give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { startDiscordWorld, type DiscordWorld } from './support/discord-world.ts';

const ada = { id: '200000000000000001', username: 'ada', admin: true };

describe('Discord, components with stale or forged ids', () => {
  let world: DiscordWorld;
  beforeAll(async () => {
    world = await startDiscordWorld();
  });
  afterAll(() => world?.stop());

  it('answers a Slack-only form button (no field Discord can show) as expired, not with an empty form Discord refuses', async () => {
    const answer = await world.click(ada, 'admin:posts-form');
    expect(answer.request.status).toBeLessThan(300);
    expect(answer.type).toBe(4);
    expect(answer.data.content).toBe(translator('fr')('error.expired'));
  });

  it.each(['join:set', 'join:set:3785bdb7-c91a-540b-aaef-5ace7b2d75bf:7'])(
    'answers %s (a question that does not exist) as expired',
    async (id) => {
      const answer = await world.select(ada, id, ['x']);
      expect(answer.data.content).toBe(translator('fr')('error.expired'));
    },
  );

  it('answers a select whose argument is no id as expired, without logging a failure', async () => {
    const answer = await world.select(ada, 'share:queue-publish-yes:CPWt:|J6:1013711383', ['x']);
    expect(answer.data.content).toBe(translator('fr')('error.expired'));
  });

  // The fuzzer's finding: 'é' × 40,000 got no answer at all (it was kept as typed and echoed back).
  it.each([
    ['a plain 100-character value', 'profile:timezone', 'x'.repeat(100)],
    ['a junk argument', `profile:timezone:${'y'.repeat(80)}`, 'x'.repeat(100)],
    ['a name the runtime does not know', 'profile:timezone', 'Mars/Olympus'],
    ['blanks', 'profile:timezone', '   '],
    ['hostile text', 'profile:timezone', '<@123> @everyone'],
    ['40,000 characters', 'profile:timezone', 'é'.repeat(40_000)],
  ])('answers a time-zone select whose value is no zone (%s) as expired', async (_what, id, zone) => {
    const answer = await world.select(ada, id, [zone]);
    expect(answer.request.status).toBeLessThan(300);
    expect(answer.type).toBe(4);
    expect(answer.data.content).toBe(translator('fr')('error.expired'));
  });

  it('still saves a zone picked in the select', async () => {
    const answer = await world.select(ada, 'profile:timezone', ['America/Montreal']);
    expect(answer.type).toBe(7);
    expect(JSON.stringify(answer.data)).toContain('America/Montreal');
  });
});
