import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { MIGRATION_LOCK_KEY, withAdvisoryLock } from './advisory-lock.ts';
import { CharAsTextClient } from './char-as-text-client.ts';
import type { Connection } from './connection.ts';
import { PrismaClient } from './generated/client.ts';
import { forMigrations } from './script-runner.ts';
import { poolSqlRunner } from './sql-runner.ts';

export function connectPostgres(options: { url: string; poolSize: number; log: Logger }): Connection {
  const { url, log } = options;
  // A frozen server (not down, just silent) must fail requests within seconds, not hold them:
  // webhooks then get a 5xx and the platform redelivers.
  const pool = createPool(url, options.poolSize, log, {
    connectionTimeoutMillis: 5_000,
    query_timeout: 8_000,
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // Background work that reads a day of answers at once; the job's transaction bounds it.
  const batchPool = createPool(url, 2, log, { connectionTimeoutMillis: 5_000 });
  const batchPrisma = new PrismaClient({ adapter: new PrismaPg(batchPool) });
  return {
    kind: 'postgres',
    prisma,
    batchPrisma,
    sql: poolSqlRunner(pool),
    withMigrationTarget: (work) =>
      withAdvisoryLock(url, MIGRATION_LOCK_KEY, log, () => withEnginePool(url, log, work)),
    close: async () => {
      await prisma.$disconnect();
      await batchPrisma.$disconnect();
      await pool.end();
      await batchPool.end();
    },
  };
}

export function createPool(url: string, max: number, log: Logger, limits: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, Client: CharAsTextClient, ...limits });
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  return pool;
}

/**
 * The engine takes `pg_advisory_lock(72707369)` and never releases it, so it gets a pool of its
 * own, of one connection, ended afterwards: on the application's pool that lock would stay on
 * some connection and block every later migration from any process.
 */
async function withEnginePool<T>(
  url: string,
  log: Logger,
  work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  const pool = createPool(url, 1, log);
  try {
    return await work(forMigrations(new PrismaPg(pool), (script) => pool.query(script)));
  } finally {
    await pool.end();
  }
}
