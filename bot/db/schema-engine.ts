import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { Logger } from '../logger.ts';

export type SchemaEngine = bindings.SchemaEngine;

/** Enough for commands that only need the connector (apply, status); diffs pass the real schema. */
export const MINIMAL_DATAMODEL = 'datasource db {\n  provider = "postgresql"\n}\n';

type WasmExports = Record<string, unknown>;
type WasmGlue = { __wbg_set_wasm(exports: WasmExports): void };
// @types/node 20 declares no WebAssembly values.
type WasmApi = {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
};
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let loading: Promise<typeof bindings.SchemaEngine> | undefined;

/**
 * Instantiates the engine's WebAssembly once per process. Importing the package entry would need
 * `--experimental-wasm-modules` on Node 20, so the bytes are compiled here against its JS glue.
 */
export function loadSchemaEngine(): Promise<typeof bindings.SchemaEngine> {
  loading ??= (async () => {
    const glue = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(glue.replace(/\.js$/, '.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, {
      './schema_engine_bg.js': withUnrefTimers(bindings),
    });
    (bindings as unknown as WasmGlue).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return loading;
}

/**
 * The engine arms a 10 s timer (its lock timeout) that nothing clears; unreferenced, it no longer
 * keeps a finished command alive for those 10 s.
 */
function withUnrefTimers(glue: object): object {
  const unrefTimeout = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  return Object.fromEntries(
    Object.entries(glue).map(([name, value]) => [
      name,
      name.startsWith('__wbg_setTimeout_') ? unrefTimeout : value,
    ]),
  );
}

/** Runs `work` on a fresh engine bound to `factory`, freeing the engine afterwards. */
export async function withSchemaEngine<T>(
  options: { factory: SqlMigrationAwareDriverAdapterFactory; datamodel?: string; log?: Logger },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const Engine = await loadSchemaEngine();
  const engine = await Engine.new(
    { datamodels: [['schema.prisma', options.datamodel ?? MINIMAL_DATAMODEL]] },
    (line: string) => forwardEngineLog(options.log, line),
    bindMigrationAwareSqlAdapterFactory(options.factory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

function forwardEngineLog(log: Logger | undefined, line: string): void {
  if (!log) return;
  let entry: { level?: string; fields?: { message?: string } } = {};
  try {
    entry = JSON.parse(line);
  } catch {}
  const message = `schema engine: ${entry.fields?.message ?? line}`;
  if (entry.level === 'WARN' || entry.level === 'ERROR') log.warn(message);
  else log.debug(message);
}

/** No externally managed tables or enums (prisma.config.ts declares none). */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };
