import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../bot/db/open-database.ts';
import { openMigratedDatabase } from '../../bot/db/open-migrated.ts';
import { createLogger } from '../../bot/logger.ts';
import { describeWithServices } from '../helpers/services.ts';
import { createPostgresDatabase } from '../support/test-app.ts';
import { copyMigrations, repoMigrationNames } from './temp-migrations.ts';

const log = createLogger('silent');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: {
  databaseUrl?: string;
  dataDir: string;
  migrationsDir?: string;
}): Promise<Database> {
  const db = await openMigratedDatabase({
    ...options,
    log,
    migrateInChild: true,
    logLevel: 'silent',
    secrets: [],
  });
  cleanups.push(() => db.close());
  return db;
}

const applied = async (db: Database) =>
  (
    await db.prisma.$queryRawUnsafe<{ name: string }[]>(
      'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
    )
  ).map((row) => row.name);

describeWithServices('migrations in a child process', { postgres: true }, () => {
  it('creates and migrates a new embedded database, then applies a later migration to it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hocvuso-child-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await open({ dataDir });
    expect(await applied(first)).toEqual(await repoMigrationNames());
    await first.close();

    const migrations = await copyMigrations({ '29990101000000_later': 'CREATE TABLE later_table (id int);' });
    cleanups.push(() => migrations.remove());
    const second = await open({ dataDir, migrationsDir: migrations.dir });
    expect(await second.upToDate()).toBe(true);
    expect(await applied(second)).toContain('29990101000000_later');
    // The reopened database is usable, not the one closed for the child.
    expect(await second.prisma.$queryRawUnsafe('SELECT count(*)::int AS n FROM later_table')).toEqual([
      { n: 0 },
    ]);
  }, 120_000);

  it('on PostgreSQL, a failing migration stops the start with its name, and the next start too', async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const migrations = await copyMigrations({
      '29990101000000_broken': 'INSERT INTO missing_table VALUES (1);',
    });
    cleanups.push(() => migrations.remove());
    const failure = await open({
      databaseUrl: database.url,
      dataDir: tmpdir(),
      migrationsDir: migrations.dir,
    }).catch((error: Error) => error);
    expect(String(failure)).toMatch(/Migration 29990101000000_broken failed: .*missing_table/);
    // Like `prisma migrate deploy`, a later start is held until the failure is resolved.
    await expect(open({ databaseUrl: database.url, dataDir: tmpdir() })).rejects.toThrow(
      /29990101000000_broken/,
    );
  }, 120_000);
});
