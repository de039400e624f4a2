import { progressOf } from '../campaigns/campaign-progress';
import type { Campaign, CampaignStore } from '../campaigns/campaign-store';
import type { CampaignChoice } from '../engine/types';
import type { AdminDeps } from './admin-deps';
import type { AuditLog } from './audit-log';

export type CampaignRouteDeps = Pick<
  AdminDeps,
  'prisma' | 'catalog' | 'quietHours' | 'sendTest' | 'wakeCampaigns' | 'now'
> & {
  campaigns: CampaignStore;
  audit: AuditLog;
};

export const choicesOf = (campaign: Campaign) => campaign.choices as unknown as CampaignChoice[];
export const shown = (campaign: Campaign) => ({
  ...campaign,
  segment: campaign.segment as Record<string, unknown>,
  choices: choicesOf(campaign),
});

export async function reportOf(deps: CampaignRouteDeps, campaign: Campaign) {
  const counts = await deps.campaigns.counts(campaign.id);
  return { ...shown(campaign), counts, progress: progressOf(campaign, counts, deps.now?.() ?? new Date()) };
}
