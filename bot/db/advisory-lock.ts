import pg from 'pg';
import type { Logger } from '../logger.ts';

/** Our own key, distinct from the schema engine's 72707369 which it takes on its own connection. */
export const MIGRATION_LOCK_KEY = 0x686f6376;

/** Runs `work` while this session holds a PostgreSQL advisory lock; ending the session frees it. */
export async function withAdvisoryLock<T>(
  url: string,
  key: number,
  log: Logger,
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (error) => log.warn({ err: error }, 'advisory lock connection failed'));
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      key,
    ]);
    if (!rows[0]?.locked) {
      log.info('another process is migrating the database; waiting for it to finish');
      await client.query('SELECT pg_advisory_lock($1)', [key]);
    }
    return await work();
  } finally {
    await client.end();
  }
}
