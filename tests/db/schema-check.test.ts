import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../bot/db/commands/check-command.ts';
import { migrationCommand } from '../../bot/db/commands/migration-command.ts';
import { checkSchema } from '../../bot/db/migrations/check-schema.ts';
import { readMigrations } from '../../bot/db/migrations/read-migrations.ts';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../../bot/db/paths.ts';
import { NO_FILTERS, withSchemaEngine } from '../../bot/db/schema-engine.ts';
import { createScratchDatabases } from '../../bot/db/scratch-databases.ts';
import { copyMigrations, type TempMigrations } from './temp-migrations.ts';

const NICKNAME = /ALTER TABLE "learner" ADD COLUMN\s+"nickname" TEXT;/;

describe('schema and migrations', () => {
  let folder: string;
  let changedSchema: string;
  let migrations: TempMigrations;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hocvuso-schema-'));
    changedSchema = join(folder, 'schema.prisma');
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const withNickname = schema.replace(/(\n\s+displayName\s+String\?[^\n]*\n)/, '$1  nickname String?\n');
    expect(withNickname).not.toBe(schema);
    await writeFile(changedSchema, withNickname);
    migrations = await copyMigrations();
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await migrations?.remove();
  });

  it('agree in the repository (what `npm run db:check` verifies in CI)', async () => {
    const lines: string[] = [];
    expect(await checkCommand({ print: (line) => lines.push(line) })).toBe(0);
    expect(lines).toEqual(['The migrations match prisma/schema.prisma']);
  }, 30_000);

  it('disagree when the schema gains a field: the check fails and prints the missing SQL', async () => {
    const diff = await checkSchema({ schemaPath: changedSchema });
    expect(diff.changed).toBe(true);
    expect(diff.sql).toMatch(NICKNAME);
    const lines: string[] = [];
    expect(await checkCommand({ schemaPath: changedSchema, print: (line) => lines.push(line) })).toBe(1);
    expect(lines.join('\n')).toMatch(NICKNAME);
  }, 30_000);

  it('db:migration writes the missing migration, then reports no changes', async () => {
    const sources = { migrationsDir: migrations.dir, schemaPath: changedSchema };
    const lines: string[] = [];
    const now = new Date(Date.UTC(2999, 0, 2, 3, 4, 5));
    expect(
      await migrationCommand({ ...sources, args: ['Add nickname'], print: (l) => lines.push(l), now }),
    ).toBe(0);
    const sql = await readFile(join(migrations.dir, '29990102030405_add_nickname', 'migration.sql'), 'utf8');
    expect(sql).toMatch(NICKNAME);
    expect(lines[0]).toMatch(/^Created .*29990102030405_add_nickname[/\\]migration\.sql$/);

    const before = await readdir(migrations.dir);
    expect(await migrationCommand({ ...sources, args: ['again'], print: (l) => lines.push(l) })).toBe(0);
    expect(lines[1]).toMatch(/^no changes/);
    expect(await readdir(migrations.dir)).toEqual(before);
    expect((await checkSchema(sources)).changed).toBe(false);
  }, 60_000);

  it('db:migration without a name explains its usage', async () => {
    await expect(migrationCommand({ args: [], print: () => undefined })).rejects.toThrow(/usage/);
  });

  it('diffs on one in-memory PGlite database, closed afterwards', async () => {
    const scratch = createScratchDatabases();
    let shadows = 0;
    const connectToShadowDb = scratch.factory.connectToShadowDb;
    scratch.factory.connectToShadowDb = () => {
      shadows += 1;
      return connectToShadowDb();
    };
    const schema = { path: 'schema.prisma', content: await readFile(changedSchema, 'utf8') };
    const list = await readMigrations(MIGRATIONS_DIR);
    const result = await withSchemaEngine({ factory: scratch.factory, datamodel: schema.content }, (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...list },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      }),
    );
    expect(result.exitCode).toBe(2);
    expect(shadows).toBe(1);
    expect(scratch.openCount()).toBe(1);
    await scratch.close();
    expect(scratch.openCount()).toBe(0);
  }, 30_000);
});
