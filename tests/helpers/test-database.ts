import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../bot/db/open-database.ts';
import { createLogger, type Logger } from '../../bot/logger.ts';
import { TEST_POSTGRES_URL } from './services.ts';

export interface TestDatabase {
  /** PostgreSQL only: the new database's URL. */
  url?: string;
  /** PGlite only: the temporary DATA_DIR. */
  dataDir?: string;
  db: Database;
  /** Closes `db` (also a reopened one put here) and deletes the database or its folder. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply migrations before returning (default true). */
  migrate?: boolean;
  migrationsDir?: string;
  log?: Logger;
}

/** A fresh, uniquely named database of the given kind, migrated unless asked otherwise. */
export async function createTestDatabase(
  kind: 'postgres' | 'pglite',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const created = kind === 'postgres' ? await createPostgres(options) : await createPglite(options);
  if (options.migrate === false) return created;
  try {
    await created.db.migrate();
    return created;
  } catch (error) {
    await created.drop();
    throw error;
  }
}

async function createPostgres(options: TestDatabaseOptions): Promise<TestDatabase> {
  const name = `hocvuso_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(TEST_POSTGRES_URL, name);
  const db = await openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize: 4, ...common(options) });
  const created: TestDatabase = {
    url,
    db,
    drop: async () => {
      try {
        await closeWithin(created.db, 5000);
      } finally {
        await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    },
  };
  return created;
}

async function createPglite(options: TestDatabaseOptions): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hocvuso-test-'));
  const db = await openDatabase({ dataDir, ...common(options) });
  const created: TestDatabase = {
    dataDir,
    db,
    drop: async () => {
      try {
        await closeWithin(created.db, 5000);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
  return created;
}

/** A stuck close must not keep the database from being dropped. */
async function closeWithin(db: Database, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`closing the test database took over ${ms} ms`)), ms);
  });
  try {
    await Promise.race([db.close(), late]);
  } finally {
    clearTimeout(timer);
  }
}

function common(options: TestDatabaseOptions) {
  return { log: options.log ?? createLogger('silent'), migrationsDir: options.migrationsDir };
}

/** Runs `work` on the server's `postgres` database, where databases are created and dropped. */
export async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(TEST_POSTGRES_URL, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}
