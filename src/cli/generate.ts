// `npm run db:generate` (also run after `npm install`): generates the Prisma client, then
// the blank embedded database a first start copies.
// The Prisma 7 CLI insists on a schema-engine binary it would download; generating the
// client does not use it (the WebAssembly schema builder does the work), so any
// existing executable satisfies the check and nothing is fetched.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { patchQueryCompilerLoader } from '../storage/query-compiler.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.status !== 0) process.exit(result.status ?? 1);

// The generated client's query compiler, loaded without keeping its 9 MB of base64 text for
// the process's life (see src/storage/query-compiler.ts).
const clientClass = new URL('../storage/generated/internal/class.ts', import.meta.url);
const patched = patchQueryCompilerLoader(await readFile(clientClass, 'utf8'));
if (patched) await writeFile(clientClass, patched);
else
  process.stderr.write(
    'The generated Prisma client loads its query compiler in a way this project does not know (a new Prisma?): it is left as generated, and holds about 9 MB more memory.\n',
  );

// The blank embedded database a first start copies (see src/storage/template.ts). Without
// it the bot still starts, running initdb itself.
try {
  const { makeTemplate } = await import('../storage/template.ts');
  if (await makeTemplate()) process.stdout.write('Blank embedded database template made.\n');
} catch (error) {
  process.stderr.write(
    `The blank embedded database template could not be made (${String(error)}); the first start will create the database itself.\n`,
  );
}
process.exit(0);
