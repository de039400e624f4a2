import { Prisma, type PrismaClient } from '../db/generated/client';

export interface DeliveryFilter {
  status?: string;
  reason?: string;
  engaged?: boolean;
}

export interface DeliveryRow {
  learnerId: number;
  platform: string;
  status: string;
  reason: string | null;
  error: string | null;
  attempts: number;
  engagedAt: Date | null;
  doneAt: Date | null;
}

/** One page of a campaign's deliveries after a learner id (keyset: a page costs the same anywhere). */
export function deliveryPage(
  prisma: PrismaClient,
  campaignId: number,
  filter: DeliveryFilter,
  after: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const where: Prisma.Sql[] = [
    Prisma.sql`d.campaign_id = ${campaignId}`,
    Prisma.sql`d.learner_id > ${after}`,
  ];
  if (filter.status) where.push(Prisma.sql`d.status::text = ${filter.status}`);
  if (filter.reason) where.push(Prisma.sql`d.reason = ${filter.reason}`);
  if (filter.engaged !== undefined)
    where.push(filter.engaged ? Prisma.sql`d.engaged_at IS NOT NULL` : Prisma.sql`d.engaged_at IS NULL`);
  return prisma.$queryRaw<DeliveryRow[]>`
    SELECT d.learner_id AS "learnerId", l.platform::text AS platform, d.status::text AS status, d.reason,
           d.error, d.attempts, d.engaged_at AS "engagedAt", d.done_at AS "doneAt"
    FROM campaign_delivery d JOIN learner l ON l.id = d.learner_id
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY d.learner_id LIMIT ${limit}`;
}

/** Every matching delivery, a page at a time (for CSV exports of a million rows). */
export async function* allDeliveries(
  prisma: PrismaClient,
  campaignId: number,
  filter: DeliveryFilter,
): AsyncGenerator<DeliveryRow> {
  let after = 0;
  for (;;) {
    const page = await deliveryPage(prisma, campaignId, filter, after, 2000);
    yield* page;
    if (page.length < 2000) return;
    after = page.at(-1)!.learnerId;
  }
}
