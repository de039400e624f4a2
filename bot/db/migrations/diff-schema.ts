import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { NO_FILTERS, withSchemaEngine } from '../schema-engine.ts';
import { createScratchDatabases } from '../scratch-databases.ts';
import { asMigrationError } from './apply-migrations.ts';
import { LOCKFILE_CONTENT, type MigrationList } from './read-migrations.ts';

export interface SchemaDiff {
  /** True when the schema needs SQL that the migrations do not contain. */
  changed: boolean;
  /** The SQL of the missing migration (Prisma's own comment when there is none). */
  sql: string;
}

/** Diffs the database the migrations build against the schema, on throwaway in-memory PGlite. */
export async function diffMigrationsToSchema(
  migrations: MigrationList,
  schemaPath: string,
): Promise<SchemaDiff> {
  const schema = { path: basename(schemaPath), content: await readFile(schemaPath, 'utf8') };
  const scratch = createScratchDatabases();
  try {
    const result = await withSchemaEngine({ factory: scratch.factory, datamodel: schema.content }, (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...withLockfile(migrations) },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      }),
    );
    return { changed: result.exitCode === 2, sql: result.stdout ?? '' };
  } catch (error) {
    throw asMigrationError(error);
  } finally {
    await scratch.close();
  }
}

/** Before the first migration there is no lockfile yet; the engine needs one to pick its connector. */
function withLockfile(migrations: MigrationList): MigrationList {
  if (migrations.lockfile.content !== null || migrations.migrationDirectories.length > 0) return migrations;
  return { ...migrations, lockfile: { ...migrations.lockfile, content: LOCKFILE_CONTENT } };
}
