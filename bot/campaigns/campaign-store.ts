import type { Campaign, CampaignStatus, PrismaClient } from '../db/generated/client';
import type { CampaignChoice } from '../engine/types';
import type { CampaignMessage } from './hand-out';
import { type Segment, segmentSchema, segmentWhere } from './segment';

export type { Campaign, CampaignStatus };

export interface DeliveryCounts {
  waiting: number;
  queued: number;
  sent: number;
  failed: Record<'blocked' | 'rate-limited' | 'too-long' | 'other', number>;
  skipped: Record<'stopped' | 'quiet-hours', number>;
  unknown: number;
  engaged: number;
}

/** The campaign as the runner sends it (segment parsed back from its stored JSON). */
export function messageOf(campaign: Campaign): CampaignMessage {
  return {
    id: campaign.id,
    text: campaign.text,
    choices: campaign.choices as unknown as CampaignChoice[],
    imageUrl: campaign.imageUrl,
    segment: segmentSchema.parse(campaign.segment),
  };
}

export function createCampaignStore(prisma: PrismaClient) {
  return {
    async countSegment(segment: Segment): Promise<number> {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM learner l WHERE ${segmentWhere(segment)}`;
      return row?.n ?? 0;
    },

    /** Moves a campaign from one of `from` to `to`; null when it was in none of them. */
    async transition(
      id: number,
      from: CampaignStatus[],
      to: CampaignStatus,
      data: { recipients?: number; sendAt?: Date | null; localHour?: number | null } = {},
    ): Promise<Campaign | null> {
      const finished = to === 'done' || to === 'cancelled' ? { finishedAt: new Date() } : {};
      const { count } = await prisma.campaign.updateMany({
        where: { id, status: { in: from } },
        // A runner takes a campaign over at once when it is (re)started.
        data: { status: to, ...data, ...finished, ...(to === 'sending' ? { leaseUntil: new Date(0) } : {}) },
      });
      return count === 0 ? null : prisma.campaign.findUnique({ where: { id } });
    },

    /**
     * Campaigns a runner may feed now (sending, or scheduled and due) that no live runner holds;
     * each is held for `leaseMs` (renewed while it runs). Two workers never feed one campaign.
     */
    async claim(leaseMs: number, limit: number): Promise<Campaign[]> {
      return prisma.$queryRaw<Campaign[]>`
        UPDATE campaign SET status = 'sending', started_at = COALESCE(started_at, now()),
          lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        WHERE id IN (
          SELECT id FROM campaign
          WHERE (status = 'sending' OR (status = 'scheduled' AND (send_at IS NULL OR send_at <= now())))
            AND lease_until < now()
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, name, text, segment, choices, image_url AS "imageUrl", send_at AS "sendAt",
          local_hour AS "localHour", status::text AS status, recipients, cursor, paged,
          lease_until AS "leaseUntil", held_for AS "heldFor", created_by AS "createdBy",
          created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;
    },

    /** Keeps holding a campaign; returns its status now (the runner stops unless `sending`). */
    async renew(id: number, leaseMs: number, heldFor: string | null): Promise<CampaignStatus | undefined> {
      await prisma.campaign.updateMany({
        where: { id, status: 'sending' },
        data: { leaseUntil: new Date(Date.now() + leaseMs), heldFor },
      });
      return (await prisma.campaign.findUnique({ where: { id }, select: { status: true } }))?.status;
    },

    async release(id: number): Promise<void> {
      await prisma.campaign.updateMany({ where: { id }, data: { leaseUntil: new Date(0) } });
    },

    /** Messages handed to turns whose result is not in yet (the runner keeps this under its window). */
    inFlight: (id: number) => prisma.campaignDelivery.count({ where: { campaignId: id, status: 'queued' } }),

    /** Done once every page is handed out and no delivery is waiting or on its way. */
    async finishIfDone(id: number): Promise<boolean> {
      const count = await prisma.$executeRaw`
        UPDATE campaign SET status = 'done', finished_at = now(), held_for = NULL
        WHERE id = ${id} AND status = 'sending' AND paged AND NOT EXISTS (
          SELECT 1 FROM campaign_delivery WHERE campaign_id = ${id} AND status IN ('waiting', 'queued'))`;
      return count > 0;
    },

    /** Failures worth another try (rate-limited, other) wait for the runner again. */
    async requeueFailed(id: number): Promise<number> {
      const { count } = await prisma.campaignDelivery.updateMany({
        where: { campaignId: id, status: 'failed', reason: { in: ['rate-limited', 'other'] } },
        data: { status: 'waiting', attempts: { increment: 1 }, reason: null, error: null, doneAt: null },
      });
      return count;
    },

    async counts(id: number): Promise<DeliveryCounts> {
      const rows = await prisma.$queryRaw<
        { status: string; reason: string | null; n: number; engaged: number }[]
      >`
        SELECT status::text AS status, reason, count(*)::int AS n, count(engaged_at)::int AS engaged
        FROM campaign_delivery WHERE campaign_id = ${id} GROUP BY status, reason`;
      const counts: DeliveryCounts = {
        waiting: 0,
        queued: 0,
        sent: 0,
        failed: { blocked: 0, 'rate-limited': 0, 'too-long': 0, other: 0 },
        skipped: { stopped: 0, 'quiet-hours': 0 },
        unknown: 0,
        engaged: 0,
      };
      for (const row of rows) {
        counts.engaged += row.engaged;
        if (row.status === 'failed') {
          const reason = (row.reason ?? 'other') as keyof DeliveryCounts['failed'];
          counts.failed[reason in counts.failed ? reason : 'other'] += row.n;
        } else if (row.status === 'skipped') {
          const reason = (row.reason ?? 'stopped') as keyof DeliveryCounts['skipped'];
          counts.skipped[reason in counts.skipped ? reason : 'stopped'] += row.n;
        } else counts[row.status as 'waiting' | 'queued' | 'sent' | 'unknown'] += row.n;
      }
      return counts;
    },
  };
}

export type CampaignStore = ReturnType<typeof createCampaignStore>;
