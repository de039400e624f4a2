import { type MigrationList, migrationChecksum } from './read-migrations.ts';

export type QueryRows = <T>(sql: string) => Promise<T[]>;

type AppliedRow = { name: string; checksum: string; finished: boolean; rolledBack: boolean };

/**
 * Cheap check run at every start: true when `_prisma_migrations` already records every migration
 * folder as finished with the same checksum and no failed attempt is pending. Anything else
 * (pending, edited, failed) goes to the schema engine, which decides exactly as migrate deploy.
 */
export async function isUpToDate(query: QueryRows, list: MigrationList): Promise<boolean> {
  const [table] = await query<{ present: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return list.migrationDirectories.length === 0;
  const rows = await query<AppliedRow>(
    `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished,
            rolled_back_at IS NOT NULL AS "rolledBack"
       FROM _prisma_migrations`,
  );
  if (rows.some((row) => !row.finished && !row.rolledBack)) return false;
  const applied = new Map(
    rows.filter((row) => row.finished && !row.rolledBack).map((r) => [r.name, r.checksum]),
  );
  return list.migrationDirectories.every((dir) => applied.get(dir.path) === migrationChecksum(dir));
}
