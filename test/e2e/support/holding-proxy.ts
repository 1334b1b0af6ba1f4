import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  /** The proxy's address, with the target's path: use it where the target's URL would go. */
  url: string;
  /** Paths of the requests held so far, in arrival order. */
  held: string[];
  close(): Promise<void>;
}

/**
 * Stands between the bot and a fake platform, and never answers the requests `hold`
 * picks, as a platform API that hangs: the bot's own timeouts and deadlines are what
 * end them. Everything else goes through unchanged.
 */
export async function startHoldingProxy(target: string, hold: (path: string) => boolean): Promise<HoldingProxy> {
  const base = new URL(target);
  const held: string[] = [];
  const pending = new Set<ServerResponse>();
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', base).pathname;
    if (!hold(path)) return forward(req, res);
    held.push(path);
    pending.add(res);
    res.on('close', () => pending.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname}`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of pending) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
