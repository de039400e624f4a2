import { createLogger } from '../../logger.ts';
import { openDatabase } from '../open-database.ts';
import type { ChildRequest, ChildResult } from './migrate-in-child.ts';

/**
 * Child process entry of `migrateInChild`: opens the database, applies pending migrations, closes,
 * answers over IPC and exits, taking the schema engine's WebAssembly memory with it.
 */
process.once('message', async (request: ChildRequest) => {
  const log = createLogger(request.logLevel, request.secrets);
  let result: ChildResult;
  try {
    const db = await openDatabase({ ...request, poolSize: 1, log });
    try {
      result = { applied: await db.migrate() };
    } finally {
      await db.close();
    }
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) };
  }
  process.send?.(result, () => process.disconnect());
});
