import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';

export type RunScript = (script: string) => Promise<unknown>;

/**
 * A factory the schema engine can use safely. Its executeScript sends the whole migration as ONE
 * awaited simple query, as the native engine does: pglite-prisma-adapter 0.7.2 does not await the
 * script (a failing migration was recorded as applied) and adapter-pg 7.10.1 splits it on every `;`
 * (breaking string literals and DO blocks, and losing the all-or-nothing implicit transaction).
 * Shadow databases come only from `connectToShadowDb` given here: the adapters' own leak an
 * in-memory PGlite (pglite) or connect to the main database and leave databases behind (pg).
 */
export function forMigrations(
  inner: SqlDriverAdapterFactory,
  runScript: RunScript,
  connectToShadowDb: () => Promise<SqlDriverAdapter> = refuseShadow,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withScriptRunner(await inner.connect(), runScript),
    connectToShadowDb,
  };
}

export function withScriptRunner(adapter: SqlDriverAdapter, runScript: RunScript): SqlDriverAdapter {
  const executeScript = async (script: string): Promise<void> => {
    try {
      await runScript(script);
    } catch (error) {
      throw asDriverAdapterError(error);
    }
  };
  return Object.assign(Object.create(adapter) as SqlDriverAdapter, { executeScript });
}

/** PostgreSQL errors (pg and PGlite share the shape) become the engine's "postgres" error kind. */
export function asDriverAdapterError(error: unknown): unknown {
  const e = error as Record<string, unknown> | null;
  if (typeof e?.code !== 'string' || typeof e.message !== 'string') return error;
  const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  return new DriverAdapterError({
    kind: 'postgres',
    code: e.code,
    severity: text('severity') ?? 'ERROR',
    message: e.message,
    detail: text('detail'),
    column: text('column'),
    hint: text('hint'),
  });
}

function refuseShadow(): Promise<SqlDriverAdapter> {
  return Promise.reject(new Error('No shadow database on a live database: diffs run on in-memory PGlite'));
}
