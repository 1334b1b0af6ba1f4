import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GlobalRateLimit } from './global-rate-limit.ts';
import type { createFaults, createRecorder } from './recorder.ts';
import type { SpecValidator } from './spec-validation.ts';
import type { RecordedFile, RecordedRequest } from './types.ts';

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  /** Segments starting with ':' capture; others (including '@me', '@original') match literally. */
  pattern: string;
  /** Interaction callbacks and interaction webhooks are authorised by their token, not the bot's. */
  auth?: boolean;
  handle(ctx: RouteContext): RouteResult;
}

const API_PREFIX = '/api/v10';

function compile(route: Route) {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}$`);
  return (method: string, path: string): Record<string, string> | null => {
    if (method !== route.method) return null;
    const m = regex.exec(path);
    if (!m) return null;
    return Object.fromEntries(names.map((name, i) => [name, m[i + 1] ?? '']));
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  /** What Discord validates: the JSON body, or a multipart body's `payload_json` part. */
  payload?: unknown;
}

async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('application/json')) {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    return { body, files: [], payload: body };
  }
  if (type.startsWith('multipart/form-data')) {
    // Node's fetch Response parses multipart bodies, which spares a parser dependency.
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: RecordedFile[] = [];
    let payload: Record<string, unknown> | undefined;
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') payload = JSON.parse(value) as Record<string, unknown>;
        continue;
      }
      files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
    return { body: { ...payload, files: files.map((f) => f.name) }, files, payload };
  }
  return { body: raw.toString('utf8'), files: [] };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
}

export interface HttpServerOptions {
  routes: Route[];
  recorder: ReturnType<typeof createRecorder>;
  faults: ReturnType<typeof createFaults>;
  /** When set, the bot token every authorised route must carry. */
  token?: string;
  /** When set, calls with the bot's token over this limit are refused with a global 429 (interaction callbacks are not counted, as on Discord). */
  globalRateLimit?: GlobalRateLimit;
  /** Serves the CDN's paths (attachments); returns false for any other path. Not recorded as REST calls. */
  cdn?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** When set, a body that breaks Discord's OpenAPI schema for its route is refused with 400 (50035), as Discord does. */
  validator?: SpecValidator;
}

export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; port: number }> {
  // Routes may be added after listening (they need the port), so they are compiled on first use.
  const compiled = new WeakMap<Route, ReturnType<typeof compile>>();
  const matcher = (route: Route) => {
    if (!compiled.has(route)) compiled.set(route, compile(route));
    return compiled.get(route) as ReturnType<typeof compile>;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    // discord.js percent-encodes some segments ('@original' → '%40original'); tests read them decoded.
    const pathname = safeDecode(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const query = Object.fromEntries(url.searchParams);
    const headers = flatHeaders(req);
    let parsed: ParsedBody = { body: undefined, files: [] };
    let unreadable = false;
    try {
      parsed = await readBody(req);
    } catch {
      unreadable = true;
    }

    const hold = options.faults.takeHold(method, path);
    if (hold && !hold.accept) {
      if (hold.ms === null) {
        // Never taken in: recorded as held (status 0) so a test can see it arrived, and never answered.
        options.recorder.record({
          method,
          path,
          query,
          body: parsed.body,
          headers,
          files: parsed.files,
          status: 0,
          response: undefined,
          at: Date.now(),
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, hold.ms as number));
    }

    let status: number;
    let body: unknown;
    let extraHeaders: Record<string, string> = {};
    const fault = options.faults.take(method, path);
    const found = options.routes
      .map((route) => ({ route, params: matcher(route)(method, path) }))
      .find((r) => r.params !== null);
    const authorization = headers.authorization ?? '';
    const authorised = options.token ? authorization === `Bot ${options.token}` : authorization.startsWith('Bot ');

    const formErrors =
      found && !unreadable && parsed.payload !== undefined
        ? (options.validator?.check(method, found.route.pattern, parsed.payload) ?? null)
        : null;

    const limited =
      !fault && found?.route.auth !== false && authorised ? (options.globalRateLimit?.take() ?? null) : null;

    if (fault) {
      ({ status, body, headers: extraHeaders } = fault);
    } else if (limited) {
      ({ status, body, headers: extraHeaders } = limited);
    } else if (unreadable) {
      status = 400;
      body = { message: 'The request body contains invalid JSON.', code: 50109 };
    } else if (!pathname.startsWith(API_PREFIX) || !found) {
      status = 404;
      body = { message: 'Unknown route', code: 0 };
    } else if (found.route.auth !== false && !authorised) {
      status = 401;
      body = { message: '401: Unauthorized', code: 0 };
    } else if (formErrors) {
      status = 400;
      body = { message: 'Invalid Form Body', code: 50035, errors: formErrors };
    } else {
      try {
        const result = found.route.handle({
          method,
          path,
          params: found.params ?? {},
          query,
          body: parsed.body,
          files: parsed.files,
        });
        ({ status, body } = result);
      } catch (error) {
        // A fake that crashes should say why in the test output, not hang the client.
        status = 500;
        body = { message: `Fake Discord failed: ${(error as Error).stack ?? String(error)}`, code: 0 };
      }
    }

    const recorded: RecordedRequest = {
      method,
      path,
      query,
      body: parsed.body,
      headers,
      files: parsed.files,
      status,
      response: body,
      at: Date.now(),
    };
    options.recorder.record(recorded);
    if (hold?.accept) {
      // Done, but the answer is late or never comes: the client times out after Discord acted.
      if (hold.ms === null) return;
      await new Promise((resolve) => setTimeout(resolve, hold.ms as number));
      if (res.destroyed) return;
    }
    if (status === 204 || body === undefined) {
      res.writeHead(status, extraHeaders).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders }).end(JSON.stringify(body));
    }
  }

  const server = createServer((req, res) => {
    if (options.cdn?.(req, res)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
