// `npm start` runs this one JavaScript file: it bundles src/main.ts (our code only;
// packages stay external) with esbuild, then runs the bundle with plain Node. Building
// takes tens of milliseconds, far less than a TypeScript loader hook adds to every
// import at start-up, and it always runs the sources as they are now.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (!existsSync(join(root, 'src/storage/generated/client.ts'))) {
  process.stderr.write('The Prisma client is missing: run npm install (it generates it), then npm start.\n');
  process.exit(1);
}

// The embedded database's WebAssembly compiles in the background while the bundle and
// its imports load; openEmbedded picks it up (see src/storage/pglite-module.ts).
const pgliteDir = join(root, 'node_modules/@electric-sql/pglite/dist');
globalThis[Symbol.for('marraine.pgliteModules')] = {
  pglite: readFile(join(pgliteDir, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes)),
  initdb: readFile(join(pgliteDir, 'initdb.wasm')).then((bytes) => WebAssembly.compile(bytes)),
};
// Unused (a PostgreSQL configuration, a CLI): its failure must not become an unhandled rejection.
for (const p of Object.values(globalThis[Symbol.for('marraine.pgliteModules')])) p.catch(() => {});

const outdir = join(root, 'dist');
const outfile = join(outdir, 'main.js');
const result = await build({
  entryPoints: [join(root, 'src/main.ts')],
  outdir,
  // The platform clients sit in a chunk loaded only when a platform is configured.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  write: false,
  logLevel: 'error',
});

// Written only when changed, through a rename, so two instances starting together never
// read a half-written bundle; chunks (named by content) before the entry that loads them.
const files = result.outputFiles.sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
for (const file of files) {
  await mkdir(dirname(file.path), { recursive: true });
  const current = await readFile(file.path).catch(() => undefined);
  if (current?.equals(file.contents)) continue;
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}

process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
