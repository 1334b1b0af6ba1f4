// Prisma's query compiler is WebAssembly, shipped as a JavaScript module holding it in base64
// (4.6 MB). The generated client imports that module, and an ES module stays loaded for the
// process's life: its source text and the string it exports held 9.2 MB of the bot's heap
// for good (a heap snapshot of the running bot: the two largest strings in it). `npm install`
// (src/cli/generate.ts) points the generated client here instead: the file is read as text,
// decoded and compiled off the main thread (WebAssembly.compile; the generated loader
// compiled it synchronously), and only the compiled module is kept.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Node's global; the TypeScript libraries this project checks with (ES2023, Node) leave it out. */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssemblyModule> };
type WebAssemblyModule = object;

/** The compiled query compiler from `specifier`, a base64 module of @prisma/client's runtime. */
export async function compileQueryCompiler(specifier: string): Promise<WebAssemblyModule> {
  const text = await readFile(require.resolve(specifier), 'utf8');
  // The module is `const wasm = "<base64>"` and an export: the one string literal in it.
  const start = text.indexOf('"') + 1;
  const end = text.indexOf('"', start);
  if (start === 0 || end < 0) throw new Error(`${specifier} does not hold the query compiler as a string`);
  try {
    return await WebAssembly.compile(Buffer.from(text.slice(start, end), 'base64'));
  } catch (error) {
    throw new Error(`${specifier} does not hold a query compiler that compiles: ${String(error)}`, { cause: error });
  }
}

/** The loader the Prisma generator writes into internal/class.ts, with the specifier it imports. */
const generatedLoader =
  /getQueryCompilerWasmModule: async \(\) => \{\s*const \{ wasm \} = await import\(("[^"]+\.wasm-base64\.mjs")\)\s*return await decodeBase64AsWasm\(wasm\)\s*\},/;

/**
 * The generated client's source with its query compiler loaded by compileQueryCompiler, or
 * undefined when the generator wrote something else (a Prisma upgrade): the client then
 * loads it its own way, which works and only holds more memory.
 */
export function patchQueryCompilerLoader(source: string): string | undefined {
  if (!generatedLoader.test(source)) return undefined;
  return source.replace(
    generatedLoader,
    (_, specifier: string) =>
      `getQueryCompilerWasmModule: async () => (await import("../../query-compiler.ts")).compileQueryCompiler(${specifier}),`,
  );
}
