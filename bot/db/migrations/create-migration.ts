import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../paths.ts';
import type { SchemaSources } from './check-schema.ts';
import { diffMigrationsToSchema } from './diff-schema.ts';
import { LOCKFILE_CONTENT, LOCKFILE_NAME, readMigrations } from './read-migrations.ts';

export interface CreatedMigration {
  /** The new `<timestamp>_<name>` folder, or undefined when the schema needs no change. */
  directory?: string;
  sql: string;
}

/** Writes `<yyyyMMddHHmmss>_<name>/migration.sql` with the SQL the schema still needs, if any. */
export async function createMigration(
  options: SchemaSources & { name: string; now?: Date },
): Promise<CreatedMigration> {
  const baseDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const folder = `${timestamp(options.now ?? new Date())}_${migrationSlug(options.name)}`;
  const migrations = await readMigrations(baseDir);
  const diff = await diffMigrationsToSchema(migrations, options.schemaPath ?? SCHEMA_PATH);
  if (!diff.changed) return { sql: diff.sql };
  const directory = join(baseDir, folder);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'migration.sql'), diff.sql, { flag: 'wx' });
  if (migrations.lockfile.content === null) await writeFile(join(baseDir, LOCKFILE_NAME), LOCKFILE_CONTENT);
  return { directory, sql: diff.sql };
}

/** Prisma's folder-name style: lower case words joined by underscores. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('A migration needs a name of letters or digits, e.g. `add_reminders`');
  return slug.slice(0, 200);
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}
