/**
 * PGlite's WebAssembly modules, when the launcher started compiling them early (npm
 * start); otherwise PGlite reads and compiles them itself.
 */
type Modules = { pglite: Promise<unknown>; initdb: Promise<unknown> };

export async function preloadedPGliteModules(): Promise<{ pgliteWasmModule?: never; initdbWasmModule?: never }> {
  const modules = (globalThis as Record<symbol, Modules | undefined>)[Symbol.for('marraine.pgliteModules')];
  if (!modules) return {};
  try {
    const [pglite, initdb] = await Promise.all([modules.pglite, modules.initdb]);
    return { pgliteWasmModule: pglite as never, initdbWasmModule: initdb as never };
  } catch {
    return {};
  }
}
