import { MIGRATIONS_DIR, SCHEMA_PATH } from '../paths.ts';
import { diffMigrationsToSchema, type SchemaDiff } from './diff-schema.ts';
import { readMigrations } from './read-migrations.ts';

export interface SchemaSources {
  migrationsDir?: string;
  schemaPath?: string;
}

/** Whether prisma/migrations builds exactly the schema in prisma/schema.prisma. */
export async function checkSchema(sources: SchemaSources = {}): Promise<SchemaDiff> {
  const migrations = await readMigrations(sources.migrationsDir ?? MIGRATIONS_DIR);
  return diffMigrationsToSchema(migrations, sources.schemaPath ?? SCHEMA_PATH);
}
