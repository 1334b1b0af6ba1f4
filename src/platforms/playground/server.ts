import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { admit } from './guard.ts';
import { BodyTooLargeError } from './uploads.ts';

/** Thrown by a route for an answer other than 200 (a bad payload, a missing file). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type Route = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;

const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

/** The page may load its own script, style, images and API, and nothing else; no inline script runs. */
export const pageSecurity =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(status, {
      ...common,
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    })
    .end(body);
}

export const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

/** Opens a Server-Sent Events stream; returns a function that sends one event. */
export function openEvents(response: ServerResponse): (data: string) => void {
  response.writeHead(200, { ...common, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  response.write('retry: 1000\n\n');
  return (data) => void response.write(`data: ${data}\n\n`);
}

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The playground's HTTP server: every request goes through the guard first (loopback
 * only unless `remote`, and changes from the page itself only), then to its route by
 * method and path. Anything else, /slack/events included, is 404.
 */
export async function listen(options: {
  host: string;
  port: number;
  remote: boolean;
  routes: Record<string, Route>;
  onError: (error: unknown, request: IncomingMessage) => void;
}): Promise<PlaygroundServer> {
  const server: Server = createServer((request, response) => {
    const verdict = admit(request, options.remote);
    if (!verdict.ok) {
      send(response, verdict.status, 'text/plain; charset=utf-8', `Forbidden: ${verdict.reason}.\n`);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://playground.invalid');
    const route =
      options.routes[`${request.method} ${url.pathname}`] ??
      (request.method === 'GET' ? options.routes[`GET ${url.pathname.replace(/[^/]+$/, '*')}`] : undefined);
    if (!route) {
      send(response, 404, 'text/plain; charset=utf-8', 'Not found.\n');
      return;
    }
    route(request, response, url).catch((error: unknown) => {
      const status =
        error instanceof HttpError
          ? error.status
          : error instanceof BodyTooLargeError
            ? 413
            : error instanceof ZodError || error instanceof SyntaxError
              ? 400
              : 500;
      if (status === 500) options.onError(error, request);
      if (!response.headersSent)
        sendJson(response, status, { error: status === 500 ? 'unexpected' : (error as Error).message });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Live update streams never end on their own.
        server.closeAllConnections();
      }),
  };
}
