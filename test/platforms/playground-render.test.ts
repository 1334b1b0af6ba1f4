import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { memberText } from '../../src/core/reply-model.ts';
import { admit, hostName, isLoopback } from '../../src/platforms/playground/guard.ts';
import { renderMessage, renderText, type Names } from '../../src/platforms/playground/render.ts';
import { travelTarget } from '../../src/platforms/playground/travel.ts';

const names: Names = {
  user: (id) => ({ sophie: 'Sophie', camille: 'Camille' })[id] ?? id,
  channel: (id) => ({ general: 'général' })[id] ?? id,
  people: () => [],
  channels: () => [],
};

const partsOf = (text: string) => renderText(text, names).map((line) => line.parts);

describe('playground rendering', () => {
  it('shows what a member typed as she typed it: one text piece, never markup, mention or tag', () => {
    const typed = '<img src=x onerror=alert(1)> **bold** _it_ <@sophie> <#general> `code`';
    const [line] = renderText(`Bio : ${memberText(typed)}`, names);
    expect(line?.parts).toEqual([
      { kind: 'text', text: 'Bio : ' },
      { kind: 'member', text: typed },
    ]);
  });

  it('reads the bot’s own markup: bold, italics, code, mentions by name, bullets and quotes', () => {
    expect(partsOf('**Marraines** pour _toi_, <@sophie> dans <#general> : `/marraine admin`')[0]).toEqual([
      { kind: 'text', text: 'Marraines', bold: true },
      { kind: 'text', text: ' pour ' },
      { kind: 'text', text: 'toi', italic: true },
      { kind: 'text', text: ', ' },
      { kind: 'user', id: 'sophie', name: 'Sophie' },
      { kind: 'text', text: ' dans ' },
      { kind: 'channel', id: 'general', name: 'général' },
      { kind: 'text', text: ' : ' },
      { kind: 'text', text: '/marraine admin', code: true },
    ]);
    const lines = renderText(`- un point\n> ${memberText('cité')}\nsnake_case reste`, names);
    expect(lines[0]).toMatchObject({ bullet: true, parts: [{ kind: 'text', text: 'un point' }] });
    expect(lines[1]).toMatchObject({ quote: true, parts: [{ kind: 'member', text: 'cité' }] });
    expect(lines[2]?.parts).toEqual([{ kind: 'text', text: 'snake_case reste' }]);
  });

  it('keeps a lone marker as a character, and a member’s new line inside her text', () => {
    expect(partsOf('5 ** 2')[0]).toEqual([{ kind: 'text', text: '5 ** 2' }]);
    const lines = renderText(`Note : ${memberText('ligne 1\n- **pas une puce**')}`, names);
    expect(lines[1]).toEqual({ parts: [{ kind: 'member', text: '- **pas une puce**' }] });
  });

  it('shows a message’s files: images inline, others as links', () => {
    const blocks = renderMessage(
      {
        text: 'x',
        files: [
          { sha256: 'abc', name: 'post.png', mime: 'image/png', description: memberText('ma photo') },
          { sha256: 'def', name: 'export.zip', mime: 'application/zip' },
        ],
      },
      names,
      (sha) => `/api/files/${sha}`,
    );
    expect(blocks.slice(1)).toEqual([
      { type: 'file', url: '/api/files/abc', name: 'post.png', image: true, alt: 'ma photo' },
      { type: 'file', url: '/api/files/def', name: 'export.zip', image: false, alt: 'export.zip' },
    ]);
  });
});

const request = (remoteAddress: string, headers: Record<string, string>, method = 'GET') =>
  ({ method, headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('playground guard', () => {
  it('knows loopback addresses and names', () => {
    for (const host of ['127.0.0.1', '127.8.0.1', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'app.localhost'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.20', '10.0.0.1', '::', 'example.org', '127.0.0.1.nip.io', ''])
      expect(isLoopback(host), host).toBe(false);
    expect(hostName('127.0.0.1:3000')).toBe('127.0.0.1');
    expect(hostName('[::1]:3000')).toBe('[::1]');
  });

  it('refuses, without PLAYGROUND_HOST, a request from another machine or naming another host', () => {
    expect(admit(request('127.0.0.1', { host: '127.0.0.1:3000' }), false)).toEqual({ ok: true });
    expect(admit(request('192.168.1.20', { host: '127.0.0.1:3000' }), false)).toMatchObject({ ok: false, status: 403 });
    expect(admit(request('127.0.0.1', { host: 'evil.example:3000' }), false)).toMatchObject({ ok: false, status: 403 });
    expect(admit(request('192.168.1.20', { host: 'marraine.lan:3000' }), true)).toEqual({ ok: true });
  });

  it('takes changes from the page itself only, whatever PLAYGROUND_HOST says', () => {
    const local = { host: '127.0.0.1:3000' };
    expect(
      admit(
        request('127.0.0.1', { ...local, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }, 'POST'),
        false,
      ),
    ).toEqual({ ok: true });
    expect(admit(request('127.0.0.1', { ...local, origin: 'https://evil.example' }, 'POST'), false)).toMatchObject({
      ok: false,
    });
    expect(
      admit(request('10.0.0.2', { host: 'marraine.lan', 'sec-fetch-site': 'cross-site' }, 'POST'), true),
    ).toMatchObject({ ok: false });
  });
});

describe('playground configuration', () => {
  it('serves the playground on loopback, beside the embedded database, when no platform is configured', () => {
    expect(loadConfig({}).playground).toEqual({ host: '127.0.0.1', port: 3000, remote: false, dataDir: './data' });
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' }).playground).toBeUndefined();
    expect(loadConfig({ PLAYGROUND_HOST: '0.0.0.0', PORT: '8080' }).playground).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      remote: true,
    });
  });

  it('runs `npm run playground` alone, on its own embedded database, even with credentials set', () => {
    const config = loadConfig(
      {
        DATA_DIR: '/srv/marraine',
        DATABASE_URL: 'postgres://db/marraine',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
      },
      { playground: true },
    );
    expect(config.storage).toEqual({ kind: 'embedded', dataDir: '/srv/marraine/playground' });
    expect(config.playground?.dataDir).toBe('/srv/marraine/playground');
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
  });
});

describe('time travel', () => {
  it('lands that many days later at 12:30 in the community’s zone, never backwards', () => {
    expect(travelTarget(new Date('2026-03-27T09:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe(
      '2026-03-28T11:30:00.000Z',
    );
    // Across the change to summer time, still 12:30 local.
    expect(travelTarget(new Date('2026-03-27T09:00:00Z'), 7, 'Europe/Paris').toISOString()).toBe(
      '2026-04-03T10:30:00.000Z',
    );
    expect(travelTarget(new Date('2026-03-27T23:30:00Z'), 1, 'Pacific/Noumea').getTime()).toBeGreaterThan(
      Date.parse('2026-03-28T00:00:00Z'),
    );
  });
});
