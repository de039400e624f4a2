import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ChildRequest {
  databaseUrl: string | undefined;
  dataDir: string;
  migrationsDir: string | undefined;
  logLevel: string;
  secrets: string[];
}

/**
 * A new embedded database is created (PGlite's initdb, which briefly takes hundreds of MB) and
 * migrated in the child; undefined when there is none to create. Light to import, so `main.ts` can
 * start it before loading the app, and both load at once.
 */
export function createEmbeddedInChild(request: ChildRequest): Promise<string[]> | undefined {
  if (request.databaseUrl || existsSync(resolve(request.dataDir, 'pglite', 'PG_VERSION'))) return undefined;
  return migrateInChild(request);
}

export type ChildResult = { applied: string[] } | { error: string };

/** Built beside the app in dist/ when this code runs from there (npm start), else the source through tsx. */
const COMPILED = import.meta.url.endsWith('.mjs');
const CHILD = fileURLToPath(
  new URL(COMPILED ? './migrate-child.mjs' : './migrate-child.ts', import.meta.url),
);

/**
 * Applies pending migrations in a short-lived process. The schema engine (WebAssembly) and a new
 * embedded database's initdb grow memory that a process never gives back; done here, they leave
 * with the child, so the server holds from its first start what it holds on later ones.
 */
export function migrateInChild(request: ChildRequest): Promise<string[]> {
  const loader = COMPILED
    ? []
    : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = spawn(process.execPath, [...loader, CHILD], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined;
    child.once('message', (message: ChildResult) => {
      result = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result && 'applied' in result) resolve(result.applied);
      else reject(new Error(result?.error ?? `the migration process exited with code ${code}`));
    });
    child.send(request);
  });
}
