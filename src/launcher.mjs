// `npm start` runs this one JavaScript file: it bundles src/main.ts (our code only;
// packages stay external) with esbuild, then runs the bundle with plain Node. Building
// takes tens of milliseconds, far less than a TypeScript loader hook adds to every
// import at start-up, and it always runs the sources as they are now: the bundle is reused
// only when every source it was built from still has the same content (see bundleIsCurrent).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import module from 'node:module';
import v8 from 'node:v8';

// WebAssembly (the embedded PostgreSQL, Prisma's query compiler) stays on V8's baseline
// compiler: optimising it holds about 70 MB more resident memory for the bot's whole life
// (measured: PGlite alone 335-341 MB without, 265-266 MB with). Set before anything compiles.
v8.setFlagsFromString('--liftoff-only');

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Node 22.1 and later keep what V8 compiled of every module on disk (discord.js, Bolt, Prisma:
// most of start-up) for the next start; Node 20 has no such cache.
module.enableCompileCache?.(join(root, 'node_modules/.cache/marraine/compile-cache'));
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
const esbuildVersion = JSON.parse(await readFile(join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;
const options = {
  entryPoints: [join(root, 'src/main.ts')],
  absWorkingDir: root,
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
  metafile: true,
  logLevel: 'error',
};

// What the last build was made from: each source and each file it wrote, by content, under a
// key for esbuild's version and options. A start whose sources are all unchanged runs that
// bundle without starting esbuild at all (measured: the build was 0.6-0.7 s of a 3.4 s start
// with Discord, on a loaded 2-CPU machine; reading and hashing the ~300 sources takes a few ms).
const manifestFile = join(outdir, 'build-manifest.json');
const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');
const buildKey = digest(JSON.stringify({ esbuildVersion, options }));

/** Every file's content as it was when recorded, and none missing: a deleted or edited source means a new build. */
async function bundleIsCurrent() {
  const manifest = await readFile(manifestFile, 'utf8')
    .then((text) => JSON.parse(text))
    .catch(() => undefined);
  if (manifest?.key !== buildKey) return false;
  const files = Object.entries({ ...manifest.inputs, ...manifest.outputs });
  if (files.length === 0) return false;
  const same = await Promise.all(
    files.map(([file, hash]) =>
      readFile(resolve(root, file)).then(
        (bytes) => digest(bytes) === hash,
        () => false,
      ),
    ),
  );
  return same.every(Boolean);
}

/** Written through a rename, so two instances starting together never read a half-written file. */
async function writeAtomically(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

if (!(await bundleIsCurrent())) {
  // Loaded only to build: a start that reuses the bundle never starts esbuild's service process.
  const { build, stop: stopEsbuild } = await import('esbuild');
  const began = Date.now();
  const result = await build(options);
  // esbuild's service process would otherwise stay resident beside the bot (a later build,
  // the playground's page, starts it again).
  await stopEsbuild();

  // Written only when changed; chunks (named by content) before the entry that loads them.
  const files = result.outputFiles.sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  for (const file of files) {
    const current = await readFile(file.path).catch(() => undefined);
    if (current?.equals(file.contents)) continue;
    await writeAtomically(file.path, file.contents);
  }
  // The tsconfig files esbuild read settings from (target, decorators…) count as sources too.
  const inputs = Object.keys(result.metafile.inputs);
  const folders = new Set(inputs.flatMap((input) => ancestors(dirname(resolve(root, input)))));
  const tsconfigs = [...folders].map((folder) => join(folder, 'tsconfig.json')).filter((file) => existsSync(file));
  const hashes = async (paths) =>
    Object.fromEntries(
      await Promise.all(
        paths.map(async (path) => [relative(root, resolve(root, path)), digest(await readFile(resolve(root, path)))]),
      ),
    );
  // What was just written is hashed as built, not read back.
  const outputs = Object.fromEntries(files.map((file) => [relative(root, file.path), digest(file.contents)]));
  // The manifest last: it is only ever there for a bundle written whole. A source saved while
  // esbuild read it may differ from what was bundled: then no manifest, and the next start builds.
  const edited = await Promise.all(
    inputs.map((input) =>
      stat(resolve(root, input)).then(
        (s) => s.mtimeMs >= began - 1_000,
        () => true,
      ),
    ),
  );
  if (!edited.some(Boolean))
    await writeAtomically(
      manifestFile,
      JSON.stringify({
        key: buildKey,
        inputs: await hashes([...inputs, ...tsconfigs]),
        outputs,
      }),
    );
}

/** A folder and those above it, up to the project's root. */
function ancestors(folder) {
  const found = [];
  for (let current = folder; current.startsWith(root); current = dirname(current)) {
    found.push(current);
    if (current === root) break;
  }
  return found;
}

process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
