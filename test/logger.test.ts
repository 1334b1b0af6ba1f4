import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, describeDatabaseUrl } from '../src/logger.ts';

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
      { discord: { token: 'discord-secret' }, slack: { botToken: 'xoxb-secret', signingSecret: 'sign-secret' }, env: { DATABASE_URL: 'postgres://u:pw@h/db' } },
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

  it('hides the password of a database URL and keeps the rest for diagnosis', () => {
    expect(describeDatabaseUrl('postgres://bot:s3cret@db.example:5432/marraine')).toBe('postgres://bot:***@db.example:5432/marraine');
    expect(describeDatabaseUrl('postgres://db/marraine')).toBe('postgres://db/marraine');
  });
});
