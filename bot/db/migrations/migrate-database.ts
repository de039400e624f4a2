import type { Logger } from '../../logger.ts';
import type { Connection } from '../connection.ts';
import { applyMigrationList } from './apply-migrations.ts';
import { isUpToDate } from './migration-status.ts';
import { readMigrations } from './read-migrations.ts';

/** Applies pending migrations from `migrationsDir`; returns the names applied (none: []). */
export async function migrateDatabase(
  connection: Connection,
  migrationsDir: string,
  log: Logger,
): Promise<string[]> {
  const list = await readMigrations(migrationsDir);
  const upToDate = await isUpToDate((sql) => connection.prisma.$queryRawUnsafe(sql), list);
  if (upToDate) return [];
  const applied = await connection.withMigrationTarget((factory) => applyMigrationList(factory, list, log));
  if (applied.length > 0) log.info({ migrations: applied }, 'applied database migrations');
  return applied;
}
