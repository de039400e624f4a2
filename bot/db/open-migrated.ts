import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrateInChild } from './migrations/migrate-in-child.ts';
import { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.ts';

export interface OpenMigratedOptions extends OpenDatabaseOptions {
  /** Apply migrations in a short-lived child process (the server) or in this one (tests, CLIs). */
  migrateInChild: boolean;
  logLevel: string;
  secrets: string[];
}

/** Opens the database with every migration applied. */
export async function openMigratedDatabase(options: OpenMigratedOptions): Promise<Database> {
  if (!options.migrateInChild) {
    const db = await openDatabase(options);
    await db.migrate();
    return db;
  }
  const request = {
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    migrationsDir: options.migrationsDir,
    logLevel: options.logLevel,
    secrets: options.secrets,
  };
  // A new embedded database: its initdb runs in the child too (it briefly takes hundreds of MB).
  if (!options.databaseUrl && !existsSync(resolve(options.dataDir, 'pglite', 'PG_VERSION')))
    await migrateInChild(request);
  const db = await openDatabase(options);
  if (await db.upToDate()) return db;
  // PGlite has one user at a time: the child gets the files while this process lets go.
  if (!options.databaseUrl) await db.close();
  await migrateInChild(request);
  return options.databaseUrl ? db : openDatabase(options);
}
