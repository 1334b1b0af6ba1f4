/**
 * PGlite's WebAssembly modules the launcher started compiling early (npm start);
 * whatever it did not compile (initdb for an existing folder, everything under tests
 * or tools), PGlite reads and compiles itself.
 */
type Modules = { pglite: Promise<unknown>; initdb?: Promise<unknown> };

export async function preloadedPGliteModules(): Promise<{ pgliteWasmModule?: never; initdbWasmModule?: never }> {
  const modules = (globalThis as Record<symbol, Modules | undefined>)[Symbol.for('marraine.pgliteModules')];
  if (!modules) return {};
  try {
    const [pglite, initdb] = await Promise.all([modules.pglite, modules.initdb]);
    return { pgliteWasmModule: pglite as never, ...(initdb ? { initdbWasmModule: initdb as never } : {}) };
  } catch {
    return {};
  }
}
