import { Prisma } from '../db/generated/client';
import type { Database } from '../db/open-database';
import type { Platform, Reply } from '../engine/types';

/** How a send ended. `held`: the channel keeps it for the recipient to fetch (the web chat). */
export type OutboxOutcome =
  | { id: bigint; status: 'sent' | 'blocked' | 'held' | 'unknown' }
  /** `behind`: an earlier message to the chat is waiting for the sweep; stays pending, sent after it. */
  | { id: bigint; status: 'behind' }
  /** `retry`: the platform was down or limiting; stays pending and the sweep sends it a little later. */
  | { id: bigint; status: 'failed' | 'retry'; error: string };

export interface StaleMessage {
  id: bigint;
  platform: Platform;
  chatId: string;
  learnerId: number | null;
  priority: number;
  replies: Reply[];
  attempts: number;
  campaignId: number | null;
}

export interface OutboxStore {
  /** Records how sends ended; a message to a learner who is not kept is deleted once it has gone. */
  settle(outcomes: OutboxOutcome[]): Promise<void>;
  /**
   * Takes pending messages whose holder let the lease run out (it died between commit and send),
   * oldest first, and holds them for this process.
   */
  claimStale(limit: number): Promise<StaleMessage[]>;
  /**
   * Campaign messages whose holder let the lease run out after their send began become `unknown`
   * (it may have reached the platform, which has no idempotency key): never sent twice. Those whose
   * send never began are claimed and sent like any other. Returns how many became unknown.
   */
  expireCampaignMessages(): Promise<number>;
  /** Campaign messages whose send is about to begin (attempts + 1): from now on never re-sent. */
  markStarted(ids: bigint[]): Promise<void>;
  /** Web chat: pending messages for a session that no request is waiting for, marked sent. */
  takeWebPending(session: string): Promise<Reply[][]>;
  /** What the turn of an inbound message sent, if that turn has run (null: not yet). */
  repliesTo(platform: Platform, externalId: string): Promise<Reply[][] | null>;
  /** Forgets settled messages created before `before` (delivery statistics are done with them). */
  purge(before: Date): Promise<number>;
}

/**
 * How long the process that wrote a message may take to send it before the outbox sweep takes it
 * over (it died): long enough for a 429 wait, short enough that a crash delays replies little.
 */
export const DEFAULT_OUTBOX_LEASE_MS = 60_000;

const IN_FLIGHT = 'its send had begun when its process stopped: not sent again';

/**
 * A campaign message's result settles its delivery (from a CTE `settled` of campaign_id,
 * learner_id, status, error). Platforms have no idempotency key, so `unknown` is never re-sent.
 */
const settleDeliveries = Prisma.sql`
  UPDATE campaign_delivery d SET
    status = (CASE s.status WHEN 'sent' THEN 'sent' WHEN 'held' THEN 'sent' WHEN 'unknown' THEN 'unknown'
              ELSE 'failed' END)::"DeliveryStatus",
    reason = CASE
      WHEN s.status IN ('sent', 'held', 'unknown') THEN NULL
      WHEN s.status = 'blocked' THEN 'blocked'
      WHEN s.error ILIKE '%too many requests%' OR s.error ILIKE '%429%' THEN 'rate-limited'
      WHEN s.error ILIKE '%too long%' THEN 'too-long'
      ELSE 'other' END,
    error = s.error, done_at = now()
  FROM settled s
  WHERE s.campaign_id IS NOT NULL AND s.status <> 'retry' AND d.campaign_id = s.campaign_id
    AND d.learner_id = s.learner_id AND d.status = 'queued'`;

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

export function createOutboxStore(
  db: Pick<Database, 'prisma' | 'sql'>,
  options: { leaseMs?: number } = {},
): OutboxStore {
  const { prisma, sql } = db;
  const leaseSeconds = (options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS) / 1000;
  return {
    async settle(outcomes) {
      if (outcomes.length === 0) return;
      const rows = outcomes.map((o) => ({
        id: o.id,
        status: o.status,
        error: 'error' in o ? o.error : null,
      }));
      await sql(Prisma.sql`
        WITH r AS (
          SELECT * FROM jsonb_to_recordset(${json(rows)}::jsonb) AS r(id bigint, status text, error text)
        ), gone AS (
          DELETE FROM outbound_message m USING r
          WHERE m.id = r.id AND m.learner_id IS NULL AND r.status NOT IN ('held', 'retry', 'behind')
        ), settled AS (
          UPDATE outbound_message m SET
            status = CASE WHEN r.status = 'held' THEN m.status WHEN r.status IN ('retry', 'behind') THEN 'pending'
                     ELSE r.status::"OutboxStatus" END,
            error = r.error,
            sent_at = CASE WHEN r.status IN ('held', 'retry', 'behind') THEN m.sent_at ELSE now() END,
            -- A retry waits longer each time (5 s, 5 s, 10 s, 15 s…) before the sweep takes it again;
            -- a message behind one at once (the sweep's order check holds it until that one has gone).
            lease_until = CASE WHEN r.status = 'retry'
                          THEN now() + make_interval(secs => 5 * greatest(1, m.attempts)) ELSE now() END
          FROM r WHERE m.id = r.id AND (m.learner_id IS NOT NULL OR r.status IN ('held', 'retry', 'behind'))
          RETURNING m.campaign_id, m.learner_id, r.status, r.error)
        ${settleDeliveries}`);
    },

    async expireCampaignMessages() {
      const rows = await sql<{ count: number }>(Prisma.sql`
        WITH settled AS (
          UPDATE outbound_message SET status = 'unknown', error = ${IN_FLIGHT}, lease_until = now()
          WHERE status = 'pending' AND lease_until < now() AND platform <> 'web' AND campaign_id IS NOT NULL
            AND attempts > 0
          RETURNING campaign_id, learner_id, 'unknown'::text AS status, error),
        deliveries AS (${settleDeliveries} RETURNING 1)
        SELECT count(*)::int AS count FROM settled`);
      return rows[0]?.count ?? 0;
    },

    async markStarted(ids) {
      if (ids.length === 0) return;
      await sql(Prisma.sql`
        UPDATE outbound_message SET attempts = attempts + 1
        WHERE id IN (SELECT jsonb_array_elements_text(${json(ids.map(String))}::jsonb)::bigint) RETURNING 1`);
    },

    async claimStale(limit) {
      const rows = await sql<{
        id: string;
        platform: Platform;
        chat_id: string;
        learner_id: number | null;
        priority: number;
        replies: Reply[];
        attempts: number;
        campaign_id: number | null;
      }>(Prisma.sql`
        UPDATE outbound_message m
        SET lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = m.attempts + 1
        WHERE m.id IN (
          SELECT id FROM outbound_message s
          WHERE status = 'pending' AND lease_until < now() AND platform <> 'web'
            AND (campaign_id IS NULL OR attempts = 0)
            -- In order per chat: not while an earlier message of it (as urgent or more) is still held.
            AND NOT EXISTS (
              SELECT 1 FROM outbound_message e
              WHERE e.platform = s.platform AND e.chat_id = s.chat_id AND e.status = 'pending'
                AND e.id < s.id AND e.priority <= s.priority AND e.lease_until >= now())
          ORDER BY priority, id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING m.id::text, m.platform::text AS platform, m.chat_id, m.learner_id, m.priority, m.replies,
                  m.attempts, m.campaign_id`);
      return rows
        .map((row) => ({
          id: BigInt(row.id),
          platform: row.platform,
          chatId: row.chat_id,
          learnerId: row.learner_id,
          priority: row.priority,
          replies: row.replies,
          attempts: row.attempts,
          campaignId: row.campaign_id,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    async takeWebPending(session) {
      const rows = await sql<{ replies: Reply[] }>(Prisma.sql`
        WITH taken AS (
          UPDATE outbound_message SET status = 'sent', sent_at = now()
          WHERE platform = 'web' AND chat_id = ${session} AND status = 'pending' AND lease_until < now()
          RETURNING id, replies)
        SELECT replies FROM taken ORDER BY id`);
      return rows.map((row) => row.replies);
    },

    async repliesTo(platform, externalId) {
      const rows = await sql<{ processed: boolean; replies: Reply[] | null }>(Prisma.sql`
        SELECT i.processed_at IS NOT NULL AS processed, o.replies
        FROM inbound_message i LEFT JOIN outbound_message o ON o.inbound_id = i.id
        WHERE i.platform = ${platform}::"Platform" AND i.external_id = ${externalId}
        ORDER BY o.id`);
      if (rows.length === 0 || !rows[0]!.processed) return null;
      return rows.flatMap((row) => (row.replies ? [row.replies] : []));
    },

    async purge(before) {
      const { count } = await prisma.outboundMessage.deleteMany({
        where: { createdAt: { lt: before }, status: { not: 'pending' } },
      });
      return count;
    },
  };
}
