import type { Logger } from '../logger.ts';
import type { PrismaClient } from './generated/client.ts';
import { migrateDatabase } from './migrations/migrate-database.ts';
import { isUpToDate } from './migrations/migration-status.ts';
import { readMigrations } from './migrations/read-migrations.ts';
import { MIGRATIONS_DIR } from './paths.ts';
import { connectPglite } from './pglite-connection.ts';
import { connectPostgres } from './postgres-connection.ts';
import type { SqlRunner } from './sql-runner.ts';

export interface Database {
  prisma: PrismaClient;
  /** The hot statements of every turn: prepared, on the pool directly, on PostgreSQL. */
  sql: SqlRunner;
  /**
   * For long background statements (the statistics rollup of a day of answers can take longer than
   * the 8 s a request's query may): its own small pool without the client-side query timeout.
   */
  batchPrisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations (like `prisma migrate deploy`); returns the names applied. */
  migrate(): Promise<string[]>;
  /** True when every migration is applied (a cheap read of `_prisma_migrations`, no schema engine). */
  upToDate(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL; unset means embedded PGlite in `<dataDir>/pglite`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  log: Logger;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { log } = options;
  const started = performance.now();
  const connection = options.databaseUrl
    ? connectPostgres({ url: options.databaseUrl, poolSize: options.poolSize ?? 10, log })
    : await connectPglite({ dataDir: options.dataDir });
  log.debug({ kind: connection.kind, ms: Math.round(performance.now() - started) }, 'database opened');
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  let queue: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;
  return {
    prisma: connection.prisma,
    sql: connection.sql,
    batchPrisma: connection.batchPrisma,
    kind: connection.kind,
    migrate: () => {
      const run = queue.then(() => migrateDatabase(connection, migrationsDir, log));
      queue = run.catch(() => undefined);
      return run;
    },
    upToDate: async () =>
      isUpToDate((sql) => connection.prisma.$queryRawUnsafe(sql), await readMigrations(migrationsDir)),
    ping: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the database did not answer within 2 s')), 2_000);
      });
      try {
        await Promise.race([connection.prisma.$queryRawUnsafe('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => {
      closing ??= connection.close();
      return closing;
    },
  };
}
