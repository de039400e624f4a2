import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaClient } from './generated/client.ts';

/** What openDatabase needs from each kind of database. */
export interface Connection {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** Runs `work` with a factory the schema engine may use, holding the migration lock meanwhile. */
  withMigrationTarget<T>(work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
