import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { PrettyStream } from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Structured logs (JSON lines) for machines, pretty ones in a terminal. Secrets are
 * redacted wherever they appear under these keys, so passing a config or an error
 * from a platform client to the logger never prints a token.
 */
export const redactedKeys = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'authorization',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'DATABASE_URL',
];

export function createLogger(
  options: Config['log'],
  destination: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const paths = redactedKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  const base = { level: options.level, redact: { paths, censor: '[redacted]' }, base: undefined };
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && destination.isTTY === true);
  if (usePretty) {
    // Required only for a terminal: JSON logs (servers, CI) start without it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => PrettyStream;
    return pino(base, pretty({ destination, colorize: destination.isTTY === true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }));
  }
  return pino(base, destination);
}

/** A database URL fit for logs: the password is replaced, the rest kept for diagnosis. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
