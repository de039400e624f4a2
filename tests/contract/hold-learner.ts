import pg from 'pg';
import type { ContractContext } from './contract-channel';

/**
 * Runs `work` while the learner's row is held (SELECT … FOR UPDATE in an open transaction), as a
 * slow write under load would: a turn for them can run but not commit, so the messages that arrive
 * meanwhile wait and are answered together once `work` calls `release` (or ends).
 */
export async function whileLearnerHeld<T>(
  ctx: ContractContext,
  platformUserId: string,
  work: (release: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const { platform } = ctx.channel;
  const client = new pg.Client({ connectionString: ctx.app().env.DATABASE_URL });
  await client.connect();
  let released: Promise<void> | undefined;
  const release = () => {
    released ??= client
      .query('COMMIT')
      .then(() => undefined)
      .finally(() => client.end());
    return released;
  };
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query(
      `SELECT 1 FROM learner WHERE platform = $1::"Platform" AND platform_user_id = $2 FOR UPDATE`,
      [platform, platformUserId],
    );
    if (rowCount !== 1) throw new Error(`no learner ${platform}:${platformUserId} to hold`);
    return await work(release);
  } finally {
    await release();
  }
}
