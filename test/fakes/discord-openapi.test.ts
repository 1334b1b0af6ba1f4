import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRoutes } from './discord/channel-routes.ts';
import { startFakeDiscord, type FakeDiscord } from './discord/index.ts';
import { createInteractionRoutes } from './discord/interaction-routes.ts';
import { createRestRoutes } from './discord/rest-routes.ts';
import { createSpecValidator } from './discord/spec-validation.ts';
import { createWorld, DEFAULT_GUILDS } from './discord/world.ts';

const auth = { authorization: 'Bot any-token' };
const button = (label: string) => ({
  type: 1,
  components: [{ type: 2, style: 1, custom_id: 'choisir', label }],
});

describe("fake Discord checks request bodies against Discord's OpenAPI description", () => {
  let fake: FakeDiscord;
  let channelId: string;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    channelId = fake.guilds[0]!.channelId('general');
  });
  afterAll(async () => {
    await fake.close();
  });

  const post = (body: unknown) =>
    fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a button label of 81 characters with 50035 and the field in error, and stores nothing', async () => {
    const before = fake.messages(channelId).length;
    const res = await post({ content: 'Choisis', components: [button('é'.repeat(81))] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        components: {
          0: {
            components: {
              0: { label: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 80 or fewer in length.' }] } },
            },
          },
        },
      },
    });
    expect(fake.messages(channelId)).toHaveLength(before);
  });

  it('refuses content of 2,001 characters, and accepts 2,000 with a button label of 80', async () => {
    const refused = await post({ content: 'x'.repeat(2001) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const accepted = await post({ content: 'x'.repeat(2000), components: [button('b'.repeat(80))] });
    expect(accepted.status).toBe(200);
    expect(fake.messages(channelId).at(-1)?.content).toHaveLength(2000);
  });

  it('refuses embeds of more than 6,000 characters in all, as Discord does', async () => {
    const field = (n: number) => ({ name: `champ ${n}`, value: 'v'.repeat(1000) });
    const refused = await post({ content: 'a', embeds: [{ fields: [1, 2, 3, 4, 5, 6].map(field) }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 50035,
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
    expect((await post({ content: 'a', embeds: [{ fields: [1, 2, 3, 4, 5].map(field) }] })).status).toBe(200);
  });

  it('refuses a component of an unknown type and a missing required field', async () => {
    const unknownType = await post({ content: 'a', components: [{ type: 99, components: [] }] });
    expect(unknownType.status).toBe(400);
    expect(await unknownType.json()).toMatchObject({ code: 50035, errors: { components: { 0: { type: {} } } } });
    const noRecipient = await fetch(`${fake.apiUrl}/v10/users/@me/channels`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient_id: 'not-a-snowflake' }),
    });
    expect(noRecipient.status).toBe(400);
    expect(await noRecipient.json()).toMatchObject({ code: 50035, errors: { recipient_id: {} } });
  });

  it("checks a multipart body's payload_json, and keeps its files when it is valid", async () => {
    const send = (payload: unknown) => {
      const form = new FormData();
      form.append('payload_json', JSON.stringify(payload));
      form.append('files[0]', new Blob([Buffer.from('bonjour')], { type: 'text/plain' }), 'mot.txt');
      return fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, { method: 'POST', headers: auth, body: form });
    };
    const refused = await send({ content: 'y'.repeat(2001), attachments: [{ id: '0', filename: 'mot.txt' }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 50035, errors: { content: {} } });
    const accepted = await send({ content: 'Voici', attachments: [{ id: '0', filename: 'mot.txt' }] });
    expect(accepted.status).toBe(200);
    expect(fake.requests.at(-1)?.files.map((f) => f.name)).toEqual(['mot.txt']);
  });

  it('names the branch of a union the body meant (an interaction callback by its type)', () => {
    const validator = createSpecValidator();
    const route = '/interactions/:interactionId/:token/callback';
    expect(validator.check('POST', route, { type: 4, data: { content: 'ok', flags: 64 } })).toBeNull();
    expect(validator.check('POST', route, { type: 4, data: { content: 'z'.repeat(2001) } })).toEqual({
      data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    expect(
      validator.check('POST', route, { type: 9, data: { custom_id: 'm', title: 't'.repeat(46), components: [] } }),
    ).toMatchObject({ data: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    expect(validator.describes('GET', '/users/@me')).toBe(false);
  });

  it('has a schema for every route of the fake that takes a body, so none escapes the check', () => {
    const world = createWorld({
      applicationId: '1',
      botUser: { id: '2', username: 'marraine', discriminator: '0', global_name: null, avatar: null },
      guilds: DEFAULT_GUILDS,
    });
    const routes = [
      ...createRestRoutes(world, 'ws://127.0.0.1'),
      ...createChannelRoutes(world, () => undefined),
      ...createInteractionRoutes(world),
    ];
    const validator = createSpecValidator();
    const withBody = routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method));
    // Adding a member to a thread is the one write that carries no body.
    const unchecked = withBody
      .filter((r) => !validator.describes(r.method, r.pattern))
      .map((r) => `${r.method} ${r.pattern}`);
    expect(unchecked).toEqual(['PUT /channels/:channelId/thread-members/:userId']);
    expect(withBody.length).toBeGreaterThan(10);
  });
});
