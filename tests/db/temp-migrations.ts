import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../bot/db/paths.ts';

export interface TempMigrations {
  dir: string;
  remove(): Promise<void>;
}

/** A temporary copy of prisma/migrations plus `extra` migrations (folder name → SQL). */
export async function copyMigrations(extra: Record<string, string> = {}): Promise<TempMigrations> {
  const dir = await mkdtemp(join(tmpdir(), 'hocvuso-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The migration folder names in prisma/migrations, in order. */
export async function repoMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
