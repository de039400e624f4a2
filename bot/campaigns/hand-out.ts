import { Prisma } from '../db/generated/client';
import type { Database } from '../db/open-database';
import type { CampaignChoice, Platform } from '../engine/types';
import type { InboundRecord, LearnerKey } from '../store/learner-store';
import { REACHABLE, type Segment, segmentWhere } from './segment';

export interface CampaignMessage {
  id: number;
  text: string;
  choices: CampaignChoice[];
  imageUrl: string | null;
  segment: Segment;
}

/** What every learner's inbound record of one campaign shares (the rest is per learner). */
function sharedRecord(
  campaign: CampaignMessage,
  now: Date,
): Omit<InboundRecord, keyof LearnerKey | 'externalId' | 'chatId'> {
  return {
    order: now.getTime(),
    priority: 1,
    input: {
      kind: 'campaign',
      text: campaign.text,
      campaign: {
        id: campaign.id,
        choices: campaign.choices,
        ...(campaign.imageUrl ? { media: { url: campaign.imageUrl } } : {}),
      },
      at: now.toISOString(),
    },
  };
}

/** The learner's inbound record (their turn's input), built from `p` (id, platform, platform_user_id, chat_id, attempts). */
const inboundInsert = (campaign: CampaignMessage, now: Date) => Prisma.sql`
  INSERT INTO inbound_message (platform, external_id, platform_user_id, payload)
  SELECT p.platform, 'campaign:' || ${campaign.id}::int || ':' || p.id || ':' || p.attempts, p.platform_user_id,
         ${JSON.stringify(sharedRecord(campaign, now))}::jsonb || jsonb_build_object(
           'platform', p.platform::text, 'platformUserId', p.platform_user_id, 'chatId', p.chat_id,
           'externalId', 'campaign:' || ${campaign.id}::int || ':' || p.id || ':' || p.attempts)
  FROM p
  ON CONFLICT (platform, external_id) DO NOTHING
  RETURNING platform::text AS platform, platform_user_id`;

interface HandedRow {
  platform: Platform | null;
  platform_user_id: string | null;
  n: number | null;
}

function handed(rows: HandedRow[]): { keys: LearnerKey[]; read: number } {
  const keys: LearnerKey[] = [];
  let read = 0;
  for (const row of rows) {
    if (row.n !== null) read = row.n;
    else keys.push({ platform: row.platform!, platformUserId: row.platform_user_id! });
  }
  return { keys, read };
}

/**
 * The next page of the segment after `cursor` (keyset on the learner's primary key: each page is
 * an index range, whatever the campaign's size), handed to the learners' turns in ONE statement:
 * the delivery rows (their key makes a second hand-out a no-op) and the inbound records a turn
 * reads, so a crash leaves either both or neither. Returns the keys to schedule and how many
 * learners the page read (fewer than `limit`: the segment is exhausted).
 */
export async function handOutPage(
  db: Pick<Database, 'prisma'>,
  campaign: CampaignMessage,
  cursor: number,
  limit: number,
  now: Date,
): Promise<{ keys: LearnerKey[]; read: number; cursor: number }> {
  const rows = await db.prisma.$queryRaw<(HandedRow & { last: number | null })[]>`
    WITH page AS (
      SELECT l.id, l.platform, l.platform_user_id, COALESCE(l.chat_id, l.platform_user_id) AS chat_id
      FROM learner l WHERE l.id > ${cursor} AND ${segmentWhere(campaign.segment)}
      ORDER BY l.id LIMIT ${limit}),
    d AS (
      INSERT INTO campaign_delivery (campaign_id, learner_id) SELECT ${campaign.id}, id FROM page
      ON CONFLICT DO NOTHING RETURNING learner_id, attempts),
    p AS (SELECT page.*, d.attempts FROM page JOIN d ON d.learner_id = page.id),
    i AS (${inboundInsert(campaign, now)}),
    moved AS (
      UPDATE campaign SET cursor = GREATEST(cursor, COALESCE((SELECT max(id) FROM page), 0)),
                          paged = (SELECT count(*) FROM page) < ${limit}
      WHERE id = ${campaign.id})
    SELECT platform, platform_user_id, NULL::int AS n, NULL::int AS last FROM i
    UNION ALL SELECT NULL, NULL, (SELECT count(*)::int FROM page), (SELECT max(id) FROM page)`;
  const last = rows.find((row) => row.n !== null)?.last ?? cursor;
  return { ...handed(rows), cursor: last };
}

/** Deliveries put back by retry-failed, handed to their learners' turns again (a new attempt). */
export async function handOutWaiting(
  db: Pick<Database, 'prisma'>,
  campaign: CampaignMessage,
  limit: number,
  now: Date,
): Promise<{ keys: LearnerKey[]; read: number }> {
  const rows = await db.prisma.$queryRaw<HandedRow[]>`
    WITH w AS (
      SELECT learner_id, attempts FROM campaign_delivery
      WHERE campaign_id = ${campaign.id} AND status = 'waiting' LIMIT ${limit} FOR UPDATE SKIP LOCKED),
    all_p AS (
      SELECT l.id, l.platform, l.platform_user_id, COALESCE(l.chat_id, l.platform_user_id) AS chat_id,
             w.attempts, (${REACHABLE}) AS ok
      FROM w JOIN learner l ON l.id = w.learner_id),
    u AS (
      UPDATE campaign_delivery d SET
        status = (CASE WHEN a.ok THEN 'queued' ELSE 'skipped' END)::"DeliveryStatus",
        reason = CASE WHEN a.ok THEN NULL ELSE 'stopped' END, error = NULL, queued_at = now(),
        done_at = CASE WHEN a.ok THEN NULL ELSE now() END
      FROM all_p a WHERE d.campaign_id = ${campaign.id} AND d.learner_id = a.id),
    p AS (SELECT * FROM all_p WHERE ok),
    i AS (${inboundInsert(campaign, now)})
    SELECT platform, platform_user_id, NULL::int AS n FROM i
    UNION ALL SELECT NULL, NULL, (SELECT count(*)::int FROM w)`;
  return handed(rows);
}
