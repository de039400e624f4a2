import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { withScriptRunner } from './script-runner.ts';

export interface ScratchDatabases {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** In-memory databases open right now (each costs about 1.5 s and a few hundred MB). */
  openCount(): number;
  close(): Promise<void>;
}

/**
 * Throwaway in-memory PGlite databases for a diff engine: no server, nothing left behind. Each
 * costs about 1.5 s to start, so the first shadow database is the engine's main one (still empty:
 * the engine only reads its version there); any further shadow gets a fresh instance, closed when
 * the engine disposes of it. `close()` closes whatever remains.
 */
export function createScratchDatabases(): ScratchDatabases {
  const open = new Set<PGlite>();
  const start = async () => {
    const db = await PGlite.create('memory://');
    open.add(db);
    return db;
  };
  const stop = async (db: PGlite) => {
    if (open.delete(db)) await db.close();
  };
  const connectTo = async (db: PGlite) =>
    withScriptRunner(await new PrismaPGlite(db).connect(), (script) => db.exec(script));
  let mainDb: Promise<PGlite> | undefined;
  let main: Promise<SqlDriverAdapter> | undefined;
  let mainIsClean = true;
  const openMain = () => (mainDb ??= start());
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: 'hocvuso-scratch-pglite',
    connect: async () => lazyAdapter(() => (main ??= openMain().then(connectTo))),
    connectToShadowDb: async () => {
      if (mainIsClean) {
        mainIsClean = false;
        return connectTo(await openMain());
      }
      const db = await start();
      return Object.assign(Object.create(await connectTo(db)) as SqlDriverAdapter, {
        dispose: () => stop(db),
      });
    },
  };
  return {
    factory,
    openCount: () => open.size,
    close: async () => void (await Promise.all([...open].map(stop))),
  };
}

function lazyAdapter(get: () => Promise<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: 'postgres',
    adapterName: 'hocvuso-scratch-pglite',
    queryRaw: async (query) => (await get()).queryRaw(query),
    executeRaw: async (query) => (await get()).executeRaw(query),
    executeScript: async (script) => (await get()).executeScript(script),
    startTransaction: async (isolationLevel) => (await get()).startTransaction(isolationLevel),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
}
