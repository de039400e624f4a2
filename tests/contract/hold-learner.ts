import pg from 'pg';
import type { ContractContext } from './contract-channel';

/**
 * Holds a learner's row (SELECT … FOR UPDATE in an open transaction), as a slow write under load
 * would: a turn for them can run but not commit, so the messages that arrive meanwhile wait and
 * are answered together once `release()` is called.
 */
export async function holdLearner(ctx: ContractContext, platformUserId: string) {
  const { platform } = ctx.channel;
  const client = new pg.Client({ connectionString: ctx.app().env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query(
    `SELECT 1 FROM learner WHERE platform = $1::"Platform" AND platform_user_id = $2 FOR UPDATE`,
    [platform, platformUserId],
  );
  if (rowCount !== 1) throw new Error(`no learner ${platform}:${platformUserId} to hold`);
  return {
    async release(): Promise<void> {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
