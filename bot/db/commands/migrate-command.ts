import { resolve } from 'node:path';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { openDatabase } from '../open-database.ts';
import type { Print } from './run-cli.ts';

export interface MigrateCommandOptions {
  config: Pick<Config, 'databaseUrl' | 'dataDir'>;
  log: Logger;
  print: Print;
  migrationsDir?: string;
}

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, else to the embedded database. */
export async function migrateCommand(options: MigrateCommandOptions): Promise<number> {
  const { config, log, print } = options;
  const db = await openDatabase({ ...config, poolSize: 1, log, migrationsDir: options.migrationsDir });
  try {
    const applied = await db.migrate();
    const target = describeTarget(config);
    print(
      applied.length === 0
        ? `No pending migrations in ${target}`
        : `Applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

/** Names the database without credentials. */
export function describeTarget(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `the embedded database in ${resolve(config.dataDir, 'pglite')}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL database "${decodeURIComponent(url.pathname.slice(1))}" on ${url.host}`;
}
