import { afterAll, beforeAll, expect, it } from 'vitest';
import { MigrationError } from '../../bot/db/migrations/apply-migrations.ts';
import { describeWithServices } from '../helpers/services.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { copyMigrations, repoMigrationNames, type TempMigrations } from './temp-migrations.ts';

const BROKEN = '29990101000000_broken';

for (const kind of ['pglite', 'postgres'] as const) {
  describeWithServices(`a failing migration on ${kind}`, { postgres: kind === 'postgres' }, () => {
    let migrations: TempMigrations;
    let t: TestDatabase;
    let failure: unknown;

    beforeAll(async () => {
      migrations = await copyMigrations({
        [BROKEN]: 'CREATE TABLE half_done (id int);\nINSERT INTO missing_table VALUES (1);\n',
      });
      t = await createTestDatabase(kind, { migrate: false, migrationsDir: migrations.dir });
      failure = await t.db.migrate().catch((error: unknown) => error);
    }, 60_000);
    afterAll(async () => {
      await t?.drop();
      await migrations?.remove();
    });

    it('is reported with its name and the database error', () => {
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as MigrationError).migrationName).toBe(BROKEN);
      expect((failure as Error).message).toMatch(/^Migration 29990101000000_broken failed: .*missing_table/);
    });

    it('is recorded as failed, not applied, and none of its statements stay', async () => {
      const rows = await t.db.prisma.$queryRawUnsafe(
        `SELECT migration_name AS name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY 1`,
      );
      const good = (await repoMigrationNames()).map((name) => ({ name, finished: true }));
      expect(rows).toEqual([...good, { name: BROKEN, finished: false }]);
      const [table] = await t.db.prisma.$queryRawUnsafe<{ missing: boolean }[]>(
        `SELECT to_regclass('half_done') IS NULL AS missing`,
      );
      expect(table?.missing).toBe(true);
    });

    it('blocks later runs until it is resolved, like migrate deploy', async () => {
      await expect(t.db.migrate()).rejects.toThrow(/29990101000000_broken/);
    });
  });
}
