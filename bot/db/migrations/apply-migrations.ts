import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Logger } from '../../logger.ts';
import { NO_FILTERS, withSchemaEngine } from '../schema-engine.ts';
import type { MigrationList } from './read-migrations.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly migrationName?: string,
  ) {
    super(message);
  }
}

/** Applies pending migrations exactly as `prisma migrate deploy`; returns the names applied. */
export async function applyMigrationList(
  factory: SqlMigrationAwareDriverAdapterFactory,
  list: MigrationList,
  log: Logger,
): Promise<string[]> {
  try {
    const output = await withSchemaEngine({ factory, log }, (engine) =>
      engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS }),
    );
    return output.appliedMigrationNames;
  } catch (error) {
    throw asMigrationError(error);
  }
}

/**
 * Engine errors carry a Rust span trace: keep the database's words and, when a migration failed,
 * its name (as a MigrationError).
 */
export function asMigrationError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const name = message.match(/migration_name="([^"]+)"/)?.[1];
  const words = message
    .split('\n')
    .filter((line) => !/^\s+(\d+:|at |with )/.test(line))
    .map((line) => line.trim())
    .filter((line) => line && line !== 'external connector error')
    .join(' ')
    .replace(/^Error querying the database: /, '');
  return name ? new MigrationError(`Migration ${name} failed: ${words}`, name) : new Error(words);
}
