// `npm start` runs this one JavaScript file: it bundles src/main.ts (our code only;
// packages stay external) with esbuild, then runs the bundle with plain Node. Building
// takes tens of milliseconds, far less than a TypeScript loader hook adds to every
// import at start-up, and it always runs the sources as they are now.
import { build, stop as stopEsbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import v8 from 'node:v8';

// WebAssembly (the embedded PostgreSQL, Prisma's query compiler) stays on V8's baseline
// compiler: optimising it holds about 70 MB more resident memory for the bot's whole life
// (measured: PGlite alone 335-341 MB without, 265-266 MB with). Set before anything compiles.
v8.setFlagsFromString('--liftoff-only');

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (!existsSync(join(root, 'src/storage/generated/client.ts'))) {
  process.stderr.write('The Prisma client is missing: run npm install (it generates it), then npm start.\n');
  process.exit(1);
}

// The embedded database's WebAssembly compiles in the background while the bundle and
// its imports load; openEmbedded picks it up (see src/storage/pglite-module.ts). Only
// what will run: nothing with PostgreSQL (DATABASE_URL), initdb only for a new folder
// when there is no blank template to copy.
// The environment is read as src/config.ts reads it (.env, then the process's own).
const env = {
  ...(existsSync(join(root, '.env')) ? parseEnv(await readFile(join(root, '.env'), 'utf8')) : {}),
  ...process.env,
};
if (!env.DATABASE_URL?.trim()) {
  const pgliteDir = join(root, 'node_modules/@electric-sql/pglite/dist');
  const compile = (name) => readFile(join(pgliteDir, name)).then((bytes) => WebAssembly.compile(bytes));
  const dataDir = resolve(root, env.DATA_DIR?.trim() || './data');
  const modules = {
    pglite: compile('pglite.wasm'),
    // A new folder is copied from the blank template made at install (src/storage/template.ts).
    ...(existsSync(join(dataDir, 'pglite', 'PG_VERSION')) ||
    existsSync(join(root, 'node_modules/.cache/marraine/pglite-template/PG_VERSION'))
      ? {}
      : { initdb: compile('initdb.wasm') }),
  };
  // A failure here only means PGlite compiles them itself: no unhandled rejection.
  for (const promise of Object.values(modules)) promise.catch(() => {});
  globalThis[Symbol.for('marraine.pgliteModules')] = modules;
}

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
// esbuild's service process would otherwise stay resident beside the bot (a later build,
// the playground's page, starts it again).
await stopEsbuild();

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
