import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { commands } from '../../commands/index.ts';
import { createPlaygroundAdapter } from '../../src/platforms/playground/adapter.ts';
import { createTravelClock } from '../../src/platforms/playground/clock.ts';
import { PlaygroundError } from '../../src/platforms/playground/startup.ts';
import type { ViewState } from '../../src/platforms/playground/view.ts';
import type { Database } from '../../src/storage/database.ts';
import { createTestDatabase } from '../support/databases.ts';
import { startPlaygroundWorld, type PlaygroundWorld } from './support/playground-world.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request as any client sends it, Host header included (fetch would not let a test forge it). */
function raw(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      new URL(path, url),
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const png = (size: number) => {
  const bytes = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
};

describe('the playground over HTTP', () => {
  let database: Database;
  let dataDir: string;
  let world: PlaygroundWorld;

  beforeAll(async () => {
    [database, dataDir] = await Promise.all([
      createTestDatabase(),
      mkdtemp(join(tmpdir(), 'marraine-playground-http-')),
    ]);
    world = await startPlaygroundWorld({ database, dataDir });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const state = async (as: string): Promise<ViewState> =>
    JSON.parse((await raw(world.url, `/api/state?as=${as}&locale=fr`)).body.toString()) as ViewState;
  const textOf = (s: ViewState, conversation: string) =>
    s.messages.filter((m) => m.conversation === conversation).map((m) => JSON.stringify(m.blocks));
  const post = (path: string, body: unknown) =>
    raw(world.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const community = () => world.app.store.communities.get(world.app.playground?.communityId ?? '');

  it('answers nothing under /slack/events, and serves its page with a strict content policy', async () => {
    for (const method of ['GET', 'POST']) {
      const answer = await raw(world.url, '/slack/events', {
        method,
        headers: {
          'content-type': 'application/json',
          'x-slack-signature': 'v0=abc',
          'x-slack-request-timestamp': '1',
        },
        body: method === 'POST' ? '{"type":"url_verification","challenge":"x"}' : undefined,
      });
      expect(answer.status, method).toBe(404);
      expect(answer.body.toString()).not.toContain('x');
    }
    const page = await raw(world.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await raw(world.url, '/app.js')).status).toBe(200);
  });

  it('refuses a request naming another host, and a change coming from another site', async () => {
    expect((await raw(world.url, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await raw(world.url, '/api/state?as=camille', { headers: { host: 'marraine.example:80' } })).status).toBe(
      403,
    );
    const forged = await raw(world.url, '/api/reset', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forged.status).toBe(403);
  });

  it('refuses to listen beyond this machine without PLAYGROUND_HOST', () => {
    const adapter = () =>
      createPlaygroundAdapter({
        host: '0.0.0.0',
        port: 1,
        remote: false,
        dataDir,
        commands,
        dispatcher: world.app.dispatcher,
        services: world.app.services,
        clock: createTravelClock(),
        tick: async () => ({}),
        logger: pino({ level: 'silent' }),
      });
    expect(adapter).toThrow(PlaygroundError);
    expect(adapter).toThrow(
      expect.objectContaining({ text: { key: 'playground.startup.notLoopback', params: { host: '0.0.0.0' } } }),
    );
  });

  it('takes a post with its image through the form, the file in the moderators’ card, and refuses one over the cap', async () => {
    const claire = await world.app.store.members.find((await community()).id, 'claire');
    await world.app.services.settings.update(await community(), claire!, { posts: { maxImageMb: 1 } });
    const opened = await post('/api/interact', {
      as: 'camille',
      locale: 'fr',
      conversation: 'general',
      input: { kind: 'text', text: '/marraine partager' },
    });
    const { modal } = JSON.parse(opened.body.toString()) as {
      modal: { action: string; fields: { id: string; type: string }[] };
    };
    expect(modal.fields.find((f) => f.id === 'image')?.type).toBe('file');
    const send = (image: Buffer) => {
      const form = new FormData();
      form.append(
        'payload',
        JSON.stringify({
          as: 'camille',
          locale: 'fr',
          conversation: 'general',
          id: modal.action,
          values: {
            category: ['workspace'],
            caption: 'Mon bureau',
            credit: ['name'],
            handle: '',
            consent: ['community'],
          },
        }),
      );
      form.append('file:image', new Blob([image], { type: 'image/png' }), 'bureau.png');
      return fetch(`${world.url}/api/form`, { method: 'POST', body: form }).then(
        (r) => r.json() as Promise<{ errors?: Record<string, string>; closed?: boolean }>,
      );
    };
    expect((await send(png(1024 * 1024 + 10))).errors?.image).toContain('1 Mo');
    expect(await send(png(2_000))).toEqual({ closed: true });
    await expect
      .poll(async () => textOf(await state('lea'), 'moderation').join(), { timeout: 10_000 })
      .toContain('/api/files/');
    const card = (await state('lea')).messages.find((m) => m.conversation === 'moderation');
    const file = card?.blocks.find((b) => b.type === 'file');
    const served = await raw(world.url, file && file.type === 'file' ? file.url : '/missing');
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.body.subarray(0, 4)).toEqual(png(8).subarray(0, 4));
  });

  it('travels in time: the scheduler runs, a pair’s first check-in arrives three weeks on, and the approved post is published', async () => {
    const { services, store } = world.app;
    // Léa approves Camille's post from its card, as a click on the page does.
    const card = (await state('lea')).messages.find((m) => m.conversation === 'moderation');
    const approve = card?.blocks
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e) => e.action.startsWith('share:approve'));
    const clicked = await post('/api/interact', {
      as: 'lea',
      locale: 'fr',
      conversation: 'moderation',
      messageId: card?.id,
      input: { kind: 'action', id: approve?.action, values: [] },
    });
    expect(clicked.status).toBe(200);
    const place = await community();
    const camille = (await store.members.find(place.id, 'camille'))!;
    const sophie = (await store.members.find(place.id, 'sophie'))!;
    await services.profiles.answer(camille, 'fr', {
      role: 'mentee',
      situation: 'career-change',
      domains: ['back'],
      languages: ['fr'],
      remote: 'yes',
      seeks: ['career-change'],
      hoursPerMonth: '4',
      consent: true,
    });
    const request = await services.matching.request(place, camille, sophie.id, null);
    await services.matching.offer(place, sophie, request.id);
    await services.matching.choose(place, camille, request.id);
    const before = world.clock.now().getTime();
    const travelled = await post('/api/travel', { days: 21 });
    expect(travelled.status).toBe(200);
    expect(world.clock.now().getTime() - before).toBeGreaterThan(20 * 86_400_000);
    await expect
      .poll(async () => textOf(await state('camille'), 'dm:camille').join(), { timeout: 10_000 })
      .toContain('avez-vous réussi à vous voir');
    await expect
      .poll(async () => textOf(await state('camille'), 'showcase').join(), { timeout: 10_000 })
      .toContain('/api/files/');
    expect((await state('camille')).offsetDays).toBeGreaterThan(20);
  });

  it('keeps its messages and its clock across a restart, and starts afresh on reset', async () => {
    // What the last test queued has all been shown before the stop.
    const place = await community();
    await expect
      .poll(async () => {
        const c = await world.app.store.outbox.counts(place.id);
        return c.pending + c.sending;
      })
      .toBe(0);
    const seen = await state('camille');
    await world.app.stop();
    world = await startPlaygroundWorld({ database, dataDir });
    const again = await state('camille');
    expect(again.messages.map((m) => m.id)).toEqual(seen.messages.map((m) => m.id));
    expect(again.offsetDays).toBe(seen.offsetDays);

    expect((await post('/api/reset', {})).status).toBe(200);
    const fresh = await state('camille');
    expect(fresh.offsetDays).toBe(0);
    expect(fresh.messages).toEqual([]);
    // The new sample community has its mentors again, each welcomed in her DMs.
    await expect.poll(async () => textOf(await state('sophie'), 'dm:sophie').length, { timeout: 10_000 }).toBe(1);
  });
});
