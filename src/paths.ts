import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder, found from this file whether it runs from `src/` (tests, tools)
 * or bundled into `dist/` (npm start): the first parent holding prisma/schema.prisma.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return dir;
    if (dirname(dir) === dir) throw new Error(`prisma/schema.prisma not found above ${from}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
