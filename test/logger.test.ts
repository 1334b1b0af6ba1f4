import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, describeDatabaseUrl, redactSecrets } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

describe('logger', () => {
  it('writes structured JSON lines and never prints secrets', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', format: 'json' }, stream);
    logger.info(
      {
        discord: { token: 'discord-secret' },
        slack: { botToken: 'xoxb-secret', signingSecret: 'sign-secret' },
        env: { DATABASE_URL: 'postgres://u:pw@h/db' },
      },
      'configured',
    );
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.msg).toBe('configured');
    expect(entry.discord.token).toBe('[redacted]');
    expect(lines.join('')).not.toMatch(/discord-secret|xoxb-secret|sign-secret|pw@/);
  });

  it('is human-readable when asked for pretty output, still without secrets', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', format: 'pretty' }, stream);
    logger.info({ token: 'discord-secret' }, 'bonjour');
    const output = lines.join('');
    expect(output).toContain('bonjour');
    expect(output).not.toContain('{"');
    expect(output).not.toContain('discord-secret');
  });

  describe('secrets recognised by their shape, under any key', () => {
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmRlYWRiZWVm';
    const webhookToken = 'Xk9-wEbHoOk_t0kEn.abcDEF123';
    const responseUrl = 'https://hooks.slack.com/commands/T0DUCHESS/5678901234/Zr8SECRETxQ';
    const discordBotToken = 'MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.abcdefghijklmnopqrstuvwxyz012345';
    const secrets = [
      interactionToken,
      webhookToken,
      'Zr8SECRETxQ',
      'xoxb-1234-5678-SeCrEt',
      'xapp-1-A0-99-SeCrEt',
      'xoxp-42-SeCrEt',
      'eyJhbGciOiJIUzI1NiJ9abcdefgh',
      discordBotToken,
    ];

    function logged(format: 'json' | 'pretty') {
      const { stream, lines } = capture();
      const logger = createLogger({ level: 'info', format }, stream);
      const failure = new Error(
        `POST /api/v10/interactions/1234567890123456789/${interactionToken}/callback failed: 401`,
      );
      failure.stack = `${failure.message}\n    at PATCH https://discord.com/api/v10/webhooks/1098765432109876543/${webhookToken}/messages/@original`;
      logger.error(
        {
          err: failure,
          request: { url: responseUrl, attempt: { headers: { Authorisation: 'Bearer eyJhbGciOiJIUzI1NiJ9abcdefgh' } } },
          note: `sent with xoxb-1234-5678-SeCrEt and xapp-1-A0-99-SeCrEt; as Bot ${discordBotToken}`,
          list: ['xoxp-42-SeCrEt'],
        },
        `slack: respond to ${responseUrl} failed`,
      );
      return lines.join('');
    }

    it.each(['json', 'pretty'] as const)(
      'hides tokens in error messages, stacks, nested objects and the message itself (%s)',
      (format) => {
        const output = logged(format);
        for (const secret of secrets) expect(output).not.toContain(secret);
      },
    );

    it('keeps the route and the ids, for diagnosis', () => {
      const entry = JSON.parse(logged('json'));
      expect(entry.err.message).toBe('POST /api/v10/interactions/1234567890123456789/[redacted]/callback failed: 401');
      expect(entry.err.stack).toContain('/webhooks/1098765432109876543/[redacted]/messages/@original');
      expect(entry.request.url).toBe('https://hooks.slack.com/[redacted]');
      expect(entry.request.attempt.headers.Authorisation).toBe('Bearer [redacted]');
      expect(entry.note).toBe('sent with [redacted] and [redacted]; as Bot [redacted]');
    });

    it('hides signing secrets, URL passwords, lone interaction tokens and secrets under telling keys inside logged payloads', () => {
      const signingSecret = '8f14e45fceea167a5a36dedd4bea2543';
      const password = 'pW-7x!Secret';
      const payload = JSON.stringify({
        token: 'legacyVerif1cation',
        response_url: 'https://127.0.0.1:9/response/abc-SeCrEt',
        team_id: 'T1',
      });
      const { stream, lines } = capture();
      const logger = createLogger({ level: 'trace', format: 'json' }, stream);
      logger.debug(
        { source: 'bolt', secret: { deep: { deeper: { signing: signingSecret } } } },
        `Received a message on the WebSocket: ${payload}; database postgres://marraine:${password}@db:5432/m; token ${interactionToken}`,
      );
      const output = lines.join('');
      for (const secret of [signingSecret, password, 'legacyVerif1cation', 'abc-SeCrEt', interactionToken])
        expect(output).not.toContain(secret);
      const entry = JSON.parse(output);
      expect(entry.msg).toContain('postgres://marraine:[redacted]@db:5432/m');
      expect(entry.msg).toContain(`"team_id":"T1"`);
      expect(JSON.parse(entry.msg.slice(entry.msg.indexOf('{'), entry.msg.indexOf('}') + 1))).toEqual({
        token: '[redacted]',
        response_url: '[redacted]',
        team_id: 'T1',
      });
    });

    it('leaves ordinary text alone', () => {
      const text =
        'Bot connected to 3 guilds; interaction 1234567890123456789 answered; see https://api.slack.com/methods/users.info; file sha256 ' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855; request 5f0c2a1e-7d4b-4c3a-9f1e-2b6d8a0c4e11; http://localhost:3000/health';
      expect(redactSecrets(text)).toBe(text);
    });
  });

  it('hides the password of a database URL and keeps the rest for diagnosis', () => {
    expect(describeDatabaseUrl('postgres://bot:s3cret@db.example:5432/marraine')).toBe(
      'postgres://bot:***@db.example:5432/marraine',
    );
    expect(describeDatabaseUrl('postgres://db/marraine')).toBe('postgres://db/marraine');
  });
});
