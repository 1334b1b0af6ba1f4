import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileQueryCompiler, patchQueryCompilerLoader } from '../../src/storage/query-compiler.ts';

const specifier = '@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs';
// What the Prisma generator writes (prisma/build/cli.js), as it was before npm install patched it.
const generated = `config.compilerWasm = {
  getRuntime: async () => await import("@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs"),

  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("${specifier}")
    return await decodeBase64AsWasm(wasm)
  },

  importName: "./query_compiler_fast_bg.js"
}`;

describe('the query compiler loader', () => {
  it('is what npm install left in the generated client', async () => {
    const client = await readFile(new URL('../../src/storage/generated/internal/class.ts', import.meta.url), 'utf8');
    expect(client).toContain(`(await import("../../query-compiler.ts")).compileQueryCompiler("${specifier}")`);
    expect(client).not.toContain('.wasm-base64.mjs")\n');
  });

  it('replaces only the generated loader, keeping the specifier', () => {
    const patched = patchQueryCompilerLoader(generated);
    expect(patched).toBe(`config.compilerWasm = {
  getRuntime: async () => await import("@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs"),

  getQueryCompilerWasmModule: async () => (await import("../../query-compiler.ts")).compileQueryCompiler("${specifier}"),

  importName: "./query_compiler_fast_bg.js"
}`);
    expect(patched).toContain('getRuntime: async () => await import(');
  });

  it('leaves a loader it does not know alone', () => {
    expect(patchQueryCompilerLoader(generated.replace('decodeBase64AsWasm', 'somethingElse'))).toBeUndefined();
  });

  it("compiles Prisma's query compiler from its base64 module", async () => {
    const module = await compileQueryCompiler(specifier);
    const names = (
      globalThis as unknown as { WebAssembly: { Module: { exports(m: object): { name: string }[] } } }
    ).WebAssembly.Module.exports(module).map(({ name }) => name);
    expect(names).toContain('memory');
    expect(names).toContain('querycompiler_compile');
  });

  it('says which file was not as expected', async () => {
    await expect(compileQueryCompiler('@prisma/client/package.json')).rejects.toThrow('@prisma/client/package.json');
  });
});
