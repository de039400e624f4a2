import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../../bot/db/open-database';
import { createLogger } from '../../../bot/logger';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../../helpers/services';
import { createPostgresDatabase } from '../../support/test-app';

/** Where a restarted app finds its data again, and how the test reads it and cleans up. */
export interface Storage {
  env: Record<string, string>;
  /** Runs `read` on the app's database (opened and closed around it, the app being stopped or not). */
  read<T>(read: (db: Database) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

function storage(
  env: Record<string, string>,
  where: { databaseUrl?: string; dataDir: string },
  cleanup: () => Promise<void>,
): Storage {
  return {
    env,
    async read(read) {
      const db = await openDatabase({ ...where, log: createLogger('silent') });
      try {
        return await read(db);
      } finally {
        await db.close();
      }
    },
    cleanup,
  };
}

/** The embedded default (PGlite in a temp DATA_DIR, in-process queue). */
export function embeddedStorage(): Storage {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-fault-data-'));
  return storage({ DATA_DIR: dataDir }, { dataDir }, async () =>
    rmSync(dataDir, { recursive: true, force: true }),
  );
}

/** A fresh database on the test PostgreSQL and a fresh queue prefix on the test Redis. */
export async function serverStorage(): Promise<Storage> {
  const database = await createPostgresDatabase();
  const prefix = `fault-${randomUUID().slice(0, 8)}`;
  return storage(
    { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
    { databaseUrl: database.url, dataDir: tmpdir() },
    async () => {
      await database.drop();
      await deleteRedisKeys(`${prefix}:*`);
    },
  );
}

/** Declares `suite` twice: on the embedded default, and on PostgreSQL + Redis (when those run). */
export function onBothStorages(
  name: string,
  suite: (title: string, prepare: () => Promise<Storage>) => void,
): void {
  suite(`${name}, embedded default`, async () => embeddedStorage());
  describeWithServices(`${name}, PostgreSQL and Redis`, { postgres: true, redis: true }, () =>
    suite('one app process', serverStorage),
  );
}
