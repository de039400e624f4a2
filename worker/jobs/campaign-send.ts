import { z } from 'zod';
import { runCampaign } from '../../bot/campaigns/campaign-runner';
import { createCampaignStore } from '../../bot/campaigns/campaign-store';
import { campaignWindow } from '../../bot/campaigns/campaign-window';
import { defineJob } from './job-definition';

/** A runner holds a campaign this long unless it renews; a dead runner's campaign is taken over after it. */
const LEASE_MS = 30_000;
/** One run feeds a campaign this long, then lets the next tick take over (so shutdowns stay short). */
const SLICE_MS = 20_000;

/**
 * Broadcast campaigns: every tick, campaigns that are due (sent now, `sendAt` passed) and held by no
 * live runner are fed, a page of recipients at a time, through the learners' own turns. Redis holds
 * this one repeating job, never a job per recipient; progress lives in PostgreSQL.
 */
export const campaignSendJob = defineJob({
  queue: 'campaign-send',
  schema: z.object({}),
  schedule: { id: 'campaign-send', repeat: { everyMs: 2_000 }, data: {} },
  options: { concurrency: 4 },
  async run(_data, deps, job) {
    const campaigns = createCampaignStore(deps.db.prisma);
    const claimed = await campaigns.claim(LEASE_MS, 2);
    await Promise.all(
      claimed.map(async (campaign) => {
        try {
          await runCampaign(
            {
              db: deps.db,
              campaigns,
              schedule: (key) => deps.dispatcher.schedule(key, { bulk: true }),
              // The app always passes its whole config; bare test configs have no quiet hours.
              quietHours: deps.config.quietHours ?? { from: 0, to: 0 },
              timeZone: deps.config.timezone,
              window: campaignWindow(deps.config),
              leaseMs: LEASE_MS,
              log: job.log,
              now: deps.now,
            },
            campaign,
            SLICE_MS,
          );
        } finally {
          await campaigns.release(campaign.id);
        }
      }),
    );
  },
});
