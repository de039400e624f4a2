import { createEmbeddedInChild, migrateInChild } from './migrations/migrate-in-child.ts';
import { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.ts';

export interface OpenMigratedOptions extends OpenDatabaseOptions {
  /** Apply migrations in a short-lived child process (the server) or in this one (tests, CLIs). */
  migrateInChild: boolean;
  logLevel: string;
  secrets: string[];
  /** `createEmbeddedInChild` already started by the caller (main.ts, before loading the app). */
  creating?: Promise<unknown>;
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
  await (options.creating ?? createEmbeddedInChild(request));
  const db = await openDatabase(options);
  if (await db.upToDate()) return db;
  // PGlite has one user at a time: the child gets the files while this process lets go.
  if (!options.databaseUrl) await db.close();
  await migrateInChild(request);
  return options.databaseUrl ? db : openDatabase(options);
}
