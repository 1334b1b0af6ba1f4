import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { PrettyStream } from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Structured logs (JSON lines) for machines, pretty ones in a terminal. Secrets are
 * redacted under these keys and, by their shape, anywhere else (see secretShapes), so
 * passing a config or an error from a platform client to the logger never prints a token.
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

const censor = '[redacted]';

/**
 * Secrets recognised by their shape, wherever they sit: an error's message or stack, a
 * URL a client put in its error, a nested object under an innocent key. Each keeps what
 * helps diagnosis (the route, the ids) and loses the part that grants access.
 */
const secretShapes: [RegExp, string][] = [
  // Discord: interaction callbacks and webhooks (follow-ups, edits) carry their token in the path.
  [/(\/interactions\/\d+\/)[^/\s"'?#\\]+/g, `$1${censor}`],
  [/(\/webhooks\/\d+\/)[^/\s"'?#\\]+/g, `$1${censor}`],
  // Slack: response_urls and incoming webhooks are credentials in themselves.
  [/(hooks\.slack(?:-gov)?\.com\/)[^\s"'\\]+/g, `$1${censor}`],
  // Slack tokens: bot, user, app-level, refresh and configuration tokens.
  [/\b(?:xox[a-z]|xapp|xoxe(?:\.xox[a-z])?)-[A-Za-z0-9-]+/g, censor],
  // Authorization header values; a Discord bot token also alone, by its three dotted parts.
  [/\b(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{20,}/g, `$1 ${censor}`],
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g, censor],
  // Discord interaction tokens alone (base64 of "interaction:…"), outside a route.
  [/\baW50ZXJhY3Rpb246[A-Za-z0-9_+/=-]+/g, censor],
  // The password in any URL (postgres://user:password@host/…); the user and host are kept.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*:)[^\s@/"'\\]+@/gi, `$1${censor}@`],
  // A secret under a telling key anywhere in the line, JSON quoted once or several times over
  // (a payload logged as a string inside a log line): Slack's response_url(s), tokens, passwords.
  [
    /((?:\\*)"(?:token|response_url|password|signing_secret|signingSecret|client_secret|access_token|refresh_token|bot_token|app_token|webhook_url)(?:\\*)"\s*:\s*(?:\\*)")[^"\\]+/g,
    `$1${censor}`,
  ],
  // Slack signing secrets and other 32-hex-digit secrets (a hash is longer, an id shorter).
  [/\b[0-9a-f]{32}\b/g, censor],
];

/** A log line (or any text) with every secret of a known shape replaced. */
export function redactSecrets(text: string): string {
  return secretShapes.reduce((line, [shape, replacement]) => line.replace(shape, replacement), text);
}

export function createLogger(
  options: Config['log'],
  destination: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const paths = redactedKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  const base = { level: options.level, redact: { paths, censor }, base: undefined };
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && destination.isTTY === true);
  // Redaction by value works on the finished line, so no field escapes it, however deep
  // or however an error serialises.
  const through = (out: NodeJS.WritableStream) => ({ write: (line: string) => out.write(redactSecrets(line)) });
  if (usePretty) {
    // Required only for a terminal: JSON logs (servers, CI) start without it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => PrettyStream;
    return pino(
      base,
      through(
        pretty({
          destination,
          colorize: destination.isTTY === true,
          translateTime: 'HH:MM:ss',
          ignore: 'pid,hostname',
        }),
      ),
    );
  }
  return pino(base, through(destination));
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
