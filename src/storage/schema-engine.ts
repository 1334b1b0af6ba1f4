import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

/**
 * Prisma's schema engine compiled to WebAssembly: migrations without downloading a
 * native binary. Its ES module imports the `.wasm` file directly, which Node 20 only
 * allows behind `--experimental-wasm-modules`, so we instantiate the module ourselves
 * with the JavaScript glue as its import object. Loaded lazily: a warm start whose
 * migrations are all applied never pays for it.
 */
let ready: Promise<void> | undefined;

// Node has WebAssembly; @types/node 20 does not declare it, and the DOM lib would bring the browser along.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

function loadWasm(): Promise<void> {
  ready ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': engineModule });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return ready;
}

export type { SchemaEngine };

export async function createSchemaEngine(
  schema: { path: string; content: string },
  factory: SqlMigrationAwareDriverAdapterFactory,
  onLog: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  await loadWasm();
  return engineModule.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    onLog,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}
