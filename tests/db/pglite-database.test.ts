import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/db/open-database.ts';
import { MIGRATIONS_DIR } from '../../bot/db/paths.ts';
import { createLogger } from '../../bot/logger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { repoMigrationNames } from './temp-migrations.ts';

const log = createLogger('silent');

describe('embedded PGlite database', () => {
  let t: TestDatabase;
  let applied: string[];

  beforeAll(async () => {
    t = await createTestDatabase('pglite', { migrate: false });
    applied = await t.db.migrate();
  }, 60_000);
  afterAll(() => t?.drop());

  it('applies every migration in prisma/migrations, then nothing the second time', async () => {
    expect(t.db.kind).toBe('pglite');
    expect(applied).toEqual(await repoMigrationNames());
    expect(await t.db.migrate()).toEqual([]);
  });

  it('records migrations like prisma migrate deploy: checksum = sha256 of migration.sql', async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    const expected = await Promise.all(
      (await repoMigrationNames()).map(async (name) => ({
        migration_name: name,
        checksum: sha256(await readFile(join(MIGRATIONS_DIR, name, 'migration.sql'))),
      })),
    );
    expect(rows).toEqual(expected);
  });

  it('keeps data across close and reopen, and reopening + migrate is fast', async () => {
    await t.db.prisma.learner.create({ data: { platform: 'web', platformUserId: 'survivor' } });
    await t.db.close();
    const started = performance.now();
    t.db = await openDatabase({ dataDir: t.dataDir!, log });
    expect(await t.db.migrate()).toEqual([]);
    const elapsed = performance.now() - started;
    expect(await t.db.prisma.learner.count({ where: { platformUserId: 'survivor' } })).toBe(1);
    expect(elapsed).toBeLessThan(1500);
  }, 30_000);

  it('answers ping and reads "char" columns from pg_catalog', async () => {
    await t.db.ping();
    const rows = await t.db.prisma.$queryRawUnsafe(`SELECT relkind FROM pg_class WHERE relname = 'learner'`);
    expect(rows).toEqual([{ relkind: 'r' }]);
  });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
