import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackArgs } from './types.ts';

/**
 * Arguments the WebClient JSON-encodes inside a form body. Decoding them lets tests assert on
 * blocks and views as objects; other fields stay strings, exactly as Slack receives them.
 */
const JSON_ENCODED_FIELDS = new Set([
  'blocks',
  'view',
  'metadata',
  'attachments',
  'unfurls',
  'user_auth_blocks',
  'files',
]);

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeJsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    // Left as sent: Slack would reject it, and the test can see the raw string.
    return value;
  }
}

/** Parses a Web API request (form, JSON, or GET query) into arguments and the token that authorised it. */
export function parseApiRequest(req: IncomingMessage, raw: string): { args: SlackArgs; token: string | undefined } {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  let args: SlackArgs;
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    args = typeof parsed === 'object' && parsed !== null ? { ...(parsed as SlackArgs) } : {};
  } else {
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    args = Object.fromEntries([...query, ...new URLSearchParams(raw)]);
  }
  for (const field of JSON_ENCODED_FIELDS) {
    if (field in args) args[field] = decodeJsonField(args[field]);
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const bodyToken = typeof args.token === 'string' ? args.token : undefined;
  delete args.token;
  return { args, token: bearer ?? bodyToken };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
