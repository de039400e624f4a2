import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaClient } from './generated/client.ts';
import type { SqlRunner } from './sql-runner.ts';

/** What openDatabase needs from each kind of database. */
export interface Connection {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** The hot statements of every turn (see sql-runner.ts). */
  sql: SqlRunner;
  /** For long background statements (statistics rollups): no client-side query timeout. */
  batchPrisma: PrismaClient;
  /** Runs `work` with a factory the schema engine may use, holding the migration lock meanwhile. */
  withMigrationTarget<T>(work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
