import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY } from '../../bot/db/advisory-lock.ts';
import { PrismaClient } from '../../bot/db/generated/client.ts';
import { openDatabase } from '../../bot/db/open-database.ts';
import { MIGRATIONS_DIR } from '../../bot/db/paths.ts';
import { forMigrations } from '../../bot/db/script-runner.ts';
import { createLogger } from '../../bot/logger.ts';
import { describeWithServices } from '../helpers/services.ts';
import { createTestDatabase, onServer, type TestDatabase } from '../helpers/test-database.ts';
import { copyMigrations, repoMigrationNames } from './temp-migrations.ts';

const log = createLogger('silent');

describeWithServices('PostgreSQL database', { postgres: true }, () => {
  let t: TestDatabase;
  let applied: string[];

  beforeAll(async () => {
    t = await createTestDatabase('postgres', { migrate: false });
    applied = await t.db.migrate();
  }, 60_000);
  afterAll(() => t?.drop());

  it('applies every migration, then nothing; checksums are sha256 of migration.sql', async () => {
    expect(t.db.kind).toBe('postgres');
    expect(applied).toEqual(await repoMigrationNames());
    expect(await t.db.migrate()).toEqual([]);
    const rows = await t.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    for (const row of rows) {
      const bytes = await readFile(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(rows.map((row) => row.migration_name)).toEqual(applied);
    await t.db.ping();
  });

  it("leaves no advisory lock behind (the engine's own lock lives on a connection closed afterwards)", async () => {
    const [row] = await t.db.prisma.$queryRawUnsafe<{ locks: number }[]>(
      `SELECT count(*)::int AS locks FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
    );
    expect(row?.locks).toBe(0);
  });

  it('reads "char" columns (OID 18), which adapter-pg alone rejects', async () => {
    const query = `SELECT relkind FROM pg_class WHERE relname = 'learner'`;
    expect(await t.db.prisma.$queryRawUnsafe(query)).toEqual([{ relkind: 'r' }]);
    const plain = new PrismaClient({ adapter: new PrismaPg({ connectionString: t.url }) });
    try {
      await expect(plain.$queryRawUnsafe(query)).rejects.toThrow(/char/);
    } finally {
      await plain.$disconnect();
    }
  });

  it('never hands the engine adapter-pg shadow databases', async () => {
    const pool = new pg.Pool({ connectionString: t.url, max: 1 });
    try {
      const factory = forMigrations(new PrismaPg(pool), (script) => pool.query(script));
      await expect(factory.connectToShadowDb()).rejects.toThrow(/shadow/);
      const shadows = await onServer((client) =>
        client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`),
      );
      expect(shadows.rows).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});

describeWithServices('PostgreSQL migrations', { postgres: true }, () => {
  it('run each script whole: semicolons in literals and DO blocks survive', async () => {
    const migrations = await copyMigrations({
      '29990101000000_script': `CREATE TABLE script_check (note text);
INSERT INTO script_check VALUES ('a;b');
DO $$ BEGIN INSERT INTO script_check VALUES ('from a DO block'); END $$;
`,
    });
    try {
      const t = await createTestDatabase('postgres', { migrationsDir: migrations.dir });
      try {
        const rows = await t.db.prisma.$queryRawUnsafe('SELECT note FROM script_check ORDER BY note');
        expect(rows).toEqual([{ note: 'a;b' }, { note: 'from a DO block' }]);
      } finally {
        await t.drop();
      }
    } finally {
      await migrations.remove();
    }
  }, 30_000);

  it('are safe when two processes migrate at once: one applies, the other waits for the lock', async () => {
    const migrations = await copyMigrations({
      '29990101000000_slow': 'SELECT pg_sleep(2);\nCREATE TABLE slow_marker (id int);\n',
    });
    const t = await createTestDatabase('postgres', { migrate: false, migrationsDir: migrations.dir });
    const opened = openDatabase({ databaseUrl: t.url, dataDir: '.', log, migrationsDir: migrations.dir });
    try {
      const other = await opened;
      const both = Promise.all([t.db.migrate(), other.migrate()]);
      const settled = both.then(
        () => true,
        () => true,
      );
      const holders = await lockHolders(t.url!, settled);
      const [first, second] = await both;
      expect(holders).toEqual([{ granted: false }, { granted: true }]);
      const names = [...(await repoMigrationNames()), '29990101000000_slow'];
      expect([...first, ...second].sort()).toEqual(names);
      const [row] = await t.db.prisma.$queryRawUnsafe<{ rows: number }[]>(
        'SELECT count(*)::int AS rows FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      expect(row?.rows).toBe(names.length);
    } finally {
      await (await opened.catch(() => undefined))?.close();
      await t.drop();
      await migrations.remove();
    }
  }, 30_000);
});

/** Our migration lock in this database, once both sessions are on it (or the migrations ended). */
async function lockHolders(url: string, settled: Promise<boolean>): Promise<{ granted: boolean }[]> {
  const database = new URL(url).pathname.slice(1);
  for (;;) {
    const { rows } = await onServer((client) =>
      client.query<{ granted: boolean }>(
        `SELECT l.granted FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND d.datname = $2
          ORDER BY l.granted`,
        [MIGRATION_LOCK_KEY, database],
      ),
    );
    const done = await Promise.race([
      settled,
      new Promise<false>((resolve) => setTimeout(resolve, 50, false)),
    ]);
    if (rows.length === 2 || done) return rows;
  }
}
