import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Connection } from './connection.ts';
import { PrismaClient } from './generated/client.ts';
import { forMigrations } from './script-runner.ts';
import { prismaSqlRunner } from './sql-runner.ts';

/** PGlite's own defaults (single-user backend, no parallel workers); passing startParams replaces them. */
const PGLITE_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
];

/**
 * The embedded default runs on small machines: PostgreSQL's 128 MB shared_buffers would live in
 * the WebAssembly heap (which never shrinks), while the OS page cache serves the data files anyway.
 */
const SMALL_MEMORY = [
  '-c',
  'shared_buffers=16MB',
  '-c',
  'work_mem=2MB',
  '-c',
  'maintenance_work_mem=16MB',
  '-c',
  'temp_buffers=2MB',
];

/**
 * Embedded PostgreSQL in `<dataDir>/pglite`. The client and the schema engine share ONE adapter
 * factory on the one instance: a second client could slip into Prisma's open transaction.
 */
export async function connectPglite(options: { dataDir: string }): Promise<Connection> {
  const dir = resolve(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  // Loaded here, not at the top: PGlite's WebAssembly PostgreSQL (about 35 MB) only when it is the database.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const db = await PGlite.create(dir, { startParams: [...PGLITE_START_PARAMS, ...SMALL_MEMORY] });
  const factory = forMigrations(new PrismaPGlite(db), (script) => db.exec(script));
  const prisma = new PrismaClient({ adapter: factory });
  return {
    kind: 'pglite',
    prisma,
    batchPrisma: prisma,
    // One session: every statement goes through Prisma's adapter, which serialises them.
    sql: prismaSqlRunner(prisma),
    withMigrationTarget: async (work) => {
      try {
        return await work(factory);
      } finally {
        // The engine's session lock would otherwise outlive the migration on this single session.
        await prisma.$executeRawUnsafe('SELECT pg_advisory_unlock_all()');
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
