import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A port nothing listens on right now, for a Bolt App that must be given its port up front
 * (the bot reads it from config). The tiny window before the app binds it is acceptable in tests.
 */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
