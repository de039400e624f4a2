import { Prisma } from '../db/generated/client';
import type { Database } from '../db/open-database';
import type { LearnerKey } from '../store/learner-store';

/**
 * What a learner's turn said about a campaign, after it committed: they picked one of its choices
 * (engaged, counted once), or it was not shown because they stopped broadcasts meanwhile.
 */
export async function recordCampaignEvent(
  db: Pick<Database, 'prisma'>,
  key: LearnerKey,
  campaignId: number,
  event: 'engaged' | 'stopped',
): Promise<void> {
  const learner = Prisma.sql`(SELECT id FROM learner WHERE platform = ${key.platform}::"Platform"
    AND platform_user_id = ${key.platformUserId})`;
  if (event === 'engaged')
    await db.prisma.$executeRaw`
      UPDATE campaign_delivery SET engaged_at = now()
      WHERE campaign_id = ${campaignId} AND learner_id = ${learner} AND engaged_at IS NULL`;
  else
    await db.prisma.$executeRaw`
      UPDATE campaign_delivery SET status = 'skipped', reason = 'stopped', done_at = now()
      WHERE campaign_id = ${campaignId} AND learner_id = ${learner} AND status = 'queued'`;
}
