// What reaches Bolt's HTTP receiver before any listener: regressions the fuzzer found (test/fuzz).
import { MemoryStore } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { slackBodyLimitBytes } from '../../src/platforms/slack/receiver.ts';
import { postToBolt, slashCommandBody } from '../fakes/slack/index.ts';
import { signingSecret, startSlackWorld, type SlackWorld } from './support/slack-world.ts';

describe('Slack receiver', () => {
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld();
  });
  afterAll(() => world?.stop());

  it('refuses a signed body over 1 MB with 413, from its announced length', async () => {
    const body = slashCommandBody({ userId: 'U0BIG', text: `profil ${'x'.repeat(slackBodyLimitBytes)}` });
    const response = await postToBolt(world.url, signingSecret, body).catch((error: NodeJS.ErrnoException) => ({
      status: error.code ?? 'error',
    }));
    expect(response.status).toBe(413);
  });

  it("keeps no conversation state of Bolt's: a command is served without looking one up", async () => {
    const lookups = vi.spyOn(MemoryStore.prototype, 'get');
    try {
      const body = slashCommandBody({ userId: 'U0CONVO', text: 'profil', channelId: 'C0GENERAL' });
      const response = await postToBolt(world.url, signingSecret, body);
      expect(response.status).toBe(200);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });

  it('answers 401 to a request signed more than five minutes ago', async () => {
    const response = await postToBolt(world.url, signingSecret, slashCommandBody({ userId: 'U0OLD', text: 'profil' }), {
      timestampSeconds: Math.floor(Date.now() / 1000) - 5 * 60 - 5,
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a JSON body of no known kind', JSON.stringify({ hello: 'world' })],
    [
      'an event envelope without its event',
      JSON.stringify({ type: 'event_callback', team_id: 'T0MARRAINE', event_id: 'Ev1', event: null }),
    ],
    [
      'an event whose channel is null',
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0MARRAINE',
        event_id: 'Ev2',
        event: { type: 'reaction_added', channel: null },
      }),
    ],
    [
      'an event whose user is null (the fuzzer found a 500 and an error in the log)',
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0MARRAINE',
        event_id: 'Ev3',
        event: { type: 'member_joined_channel', user: null, channel: 'C0GENERAL' },
      }),
    ],
    [
      'an event whose subteam is null',
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0MARRAINE',
        event_id: 'Ev4',
        event: { type: 'subteam_created', subteam: null },
      }),
    ],
    [
      'a command from a workspace whose id is no Slack id',
      slashCommandBody({ teamId: 'toString', userId: 'U0ADA', text: 'profil' }),
    ],
    [
      'a click in a message without its response_url',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U0ADA' }, team: { id: 'T0MARRAINE' }, trigger_id: '1.3', container: { type: 'message' }, channel: { id: 'C0GENERAL' }, actions: [{ action_id: 'profile:show', type: 'button' }] }))}`,
    ],
    [
      'a click without its user',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', trigger_id: '1.2', actions: [{ action_id: 'profile:show', type: 'button' }] }))}`,
    ],
  ])('acknowledges %s at once and does nothing with it', async (_what, body) => {
    const started = Date.now();
    const response = await postToBolt(world.url, signingSecret, body);
    expect(response.status).toBe(200);
    // Bolt would have held it 3 s, then answered 404 (or 500) with an error in the log.
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it.each([
    ['payload=null', 'payload=null'],
    ['payload=7', 'payload=7'],
    ['payload="text"', `payload=${encodeURIComponent('"text"')}`],
    ['a JSON body null', 'null'],
  ])(
    'answers a signed %s (not an object; null made Bolt crash with no answer) with 400, and an unsigned one with 401',
    async (_what, body) => {
      const crashes: unknown[] = [];
      const onCrash = (error: unknown) => crashes.push(error);
      process.on('unhandledRejection', onCrash);
      try {
        const options = {
          contentType: body === 'null' ? 'application/json' : 'application/x-www-form-urlencoded',
          timeoutMs: 3_000,
        };
        expect((await postToBolt(world.url, signingSecret, body, options)).status).toBe(400);
        expect((await postToBolt(world.url, signingSecret, body, { ...options, badSignature: true })).status).toBe(401);
        expect((await postToBolt(world.url, signingSecret, body, { ...options, unsigned: true })).status).toBe(401);
        // Still answers a real command afterwards.
        expect(
          (await postToBolt(world.url, signingSecret, slashCommandBody({ userId: 'U0ADA', text: 'aide' }))).status,
        ).toBe(200);
      } finally {
        process.off('unhandledRejection', onCrash);
      }
      expect(crashes).toEqual([]);
    },
  );

  it('still answers an unsigned ssl_check whose payload is null (Slack checks the certificate unsigned)', async () => {
    const response = await postToBolt(world.url, signingSecret, 'ssl_check=1&payload=null', { unsigned: true });
    expect(response.status).toBe(200);
  });
});
