import pg from 'pg';
import type { ContractContext } from './contract-channel';

/**
 * Holds a learner's row (SELECT … FOR UPDATE in an open transaction), as a slow write under load
 * would: a turn for them can run but not commit, so the messages that arrive meanwhile wait and
 * are answered together. `untilRecorded(n)`: until n new messages of theirs are in the inbox.
 */
export async function holdLearner(ctx: ContractContext, platformUserId: string) {
  const { platform } = ctx.channel;
  const prisma = ctx.app().app.db.prisma;
  const where = { platform, platformUserId, processedAt: null };
  const client = new pg.Client({ connectionString: ctx.app().env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query(
    `SELECT 1 FROM learner WHERE platform = $1::"Platform" AND platform_user_id = $2 FOR UPDATE`,
    [platform, platformUserId],
  );
  if (rowCount !== 1) throw new Error(`no learner ${platform}:${platformUserId} to hold`);
  return {
    async untilRecorded(count: number): Promise<void> {
      for (const deadline = Date.now() + 10_000; (await prisma.inboundMessage.count({ where })) < count; ) {
        if (Date.now() > deadline) throw new Error(`fewer than ${count} messages recorded`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async release(): Promise<void> {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
