import { Prisma } from '../db/generated/client';
import type { Database } from '../db/open-database';
import { flushWrites, type PendingWrite } from './flush-writes';
import { readSnapshots, type Snapshot } from './learner-snapshot';
import type { InboundRecord, LearnerKey, LearnerSession, LearnerStore, UnitResult } from './learner-store';
import { DEFAULT_OUTBOX_LEASE_MS } from './outbox-store';
import { TurnWrites } from './turn-writes';

/** Racing on one learner is rare: each process serialises its own turns per learner. */
const MAX_ATTEMPTS = 30;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Learners on PostgreSQL (or PGlite): the hot statements through the database's SqlRunner, the rest
 * through Prisma. A unit of work is one read and one write, for
 * one learner or a whole batch of them: optimistic concurrency on `learner.version` instead of held
 * locks, so no transaction stays open while the engine thinks.
 */
export function createPrismaLearnerStore(
  db: Pick<Database, 'prisma' | 'sql' | 'kind'>,
  options: { outboxLeaseMs?: number } = {},
): LearnerStore {
  const outboxLeaseMs = options.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const { prisma, sql } = db;
  // Only on a server: PGlite has no background WAL writer, so an unflushed commit could wait for the
  // next durable one, or be lost at shutdown.
  const relaxedWebRecords = db.kind === 'postgres';
  async function withLearners<T>(
    keys: LearnerKey[],
    work: (session: LearnerSession, index: number) => T,
    options?: { inbox?: boolean },
  ): Promise<UnitResult<T>[]> {
    const results: UnitResult<T>[] = new Array(keys.length);
    let todo = keys.map((_, i) => i);
    for (let attempt = 1; todo.length > 0; attempt++) {
      const snapshots = await readSnapshots(
        sql,
        todo.map((i) => keys[i]!),
        options?.inbox ?? false,
      );
      const units = todo.map((i, j) => runUnit(keys[i]!, snapshots[j]!, (session) => work(session, i)));
      const flushable = units.flatMap((unit, j) => (unit.ok ? [{ j, ...unit.pending }] : []));
      let written: Set<number>;
      try {
        written = new Set(
          [...(await flushWrites(sql, flushable, outboxLeaseMs))].map((n) => flushable[n]!.j),
        );
      } catch (error) {
        if (flushable.length <= 1) throw error;
        // One learner's bad row must not hold back the batch forever: write each on its own.
        return settleEach(keys, results, todo, (key, i) =>
          withLearner(key, (session) => work(session, i), options),
        );
      }
      const retry: number[] = [];
      units.forEach((unit, j) => {
        const i = todo[j]!;
        if (!unit.ok) results[i] = unit;
        else if (written.has(j)) results[i] = { ok: true, value: unit.value };
        else if (attempt >= MAX_ATTEMPTS)
          results[i] = {
            ok: false,
            error: new Error('the learner kept changing under this turn; giving up'),
          };
        else retry.push(i);
      });
      todo = retry;
      if (todo.length > 0) await backoff(attempt);
    }
    return results;
  }

  async function withLearner<T>(
    key: LearnerKey,
    work: (session: LearnerSession) => T,
    options?: { inbox?: boolean },
  ): Promise<T> {
    const [result] = await withLearners([key], work, options);
    if (!result!.ok) throw result!.error;
    return result!.value;
  }

  return {
    withLearner,
    withLearners,

    async recordInbound(records: InboundRecord[]) {
      if (records.length === 0) return new Set<string>();
      const rows = records.map((record) => ({
        platform: record.platform,
        external_id: record.externalId,
        platform_user_id: record.platformUserId,
        payload: record,
      }));
      const created = await sql<{ platform: string; external_id: string }>(
        relaxedWebRecords && records.every((record) => record.platform === 'web')
          ? insertInbound(rows, RELAXED_COMMIT)
          : insertInbound(rows, Prisma.empty),
      );
      return new Set(created.map((row) => `${row.platform}:${row.external_id}`));
    },

    async claimOnce(platform, claimKey) {
      const { count } = await prisma.inboundMessage.createMany({
        data: [{ platform, externalId: `claim:${claimKey}`, platformUserId: '', processedAt: new Date() }],
        skipDuplicates: true,
      });
      return count === 1;
    },

    async pendingLearners(olderThan, limit) {
      return prisma.inboundMessage.findMany({
        where: { processedAt: null, receivedAt: { lt: olderThan } },
        distinct: ['platform', 'platformUserId'],
        select: { platform: true, platformUserId: true },
        take: limit,
      });
    },

    async markUnreachable(key, at) {
      await prisma.learner.updateMany({
        where: { ...key, unreachableAt: null },
        data: { unreachableAt: at },
      });
    },

    async markUnreachableById(id, at) {
      await prisma.learner.updateMany({ where: { id, unreachableAt: null }, data: { unreachableAt: at } });
    },

    async markReachable(key) {
      await prisma.learner.updateMany({
        where: { ...key, unreachableAt: { not: null } },
        data: { unreachableAt: null },
      });
    },

    async purgeProcessed(before) {
      const { count } = await prisma.inboundMessage.deleteMany({ where: { processedAt: { lt: before } } });
      return count;
    },
  };
}

/** Runs one learner's work on their snapshot; nothing is written yet. */
function runUnit<T>(
  key: LearnerKey,
  snapshot: Snapshot,
  work: (session: LearnerSession) => T,
): { ok: true; value: T; pending: PendingWrite } | { ok: false; error: unknown } {
  const writes = new TurnWrites(key, snapshot.learner);
  const session: LearnerSession = {
    get learner() {
      return writes.learner;
    },
    inbox: snapshot.inbox,
    inboxHasMore: snapshot.inboxHasMore,
    apply: (outcome, at, chatId, options) => writes.apply(outcome, at, chatId, options),
    markProcessed: (ids) => writes.processed.push(...ids),
    send: (message) => {
      writes.outbox.push(message);
      return message;
    },
  };
  try {
    return { ok: true, value: work(session), pending: { writes, version: snapshot.version } };
  } catch (error) {
    return { ok: false, error };
  }
}

async function settleEach<T>(
  keys: LearnerKey[],
  results: UnitResult<T>[],
  todo: number[],
  one: (key: LearnerKey, index: number) => Promise<T>,
): Promise<UnitResult<T>[]> {
  await Promise.all(
    todo.map(async (i) => {
      try {
        results[i] = { ok: true, value: await one(keys[i]!, i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }),
  );
  return results;
}

/**
 * The web chat's messages are committed without waiting for the disk: its request is answered only
 * after the turn's own write, which is committed durably and so flushes this record's commit with
 * it (the log is written in order). A crash before that loses the record but also the answer, and
 * the page re-sends the message. A webhook's record, acknowledged to the platform at once, always
 * waits for the disk.
 */
const RELAXED_COMMIT = Prisma.sql`, (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed`;

function insertInbound(rows: unknown[], relaxed: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO inbound_message (platform, external_id, platform_user_id, payload)
    SELECT r.platform::"Platform", r.external_id, r.platform_user_id, r.payload
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(platform text, external_id text, platform_user_id text, payload jsonb)${relaxed}
    ON CONFLICT (platform, external_id) DO NOTHING
    RETURNING platform::text AS platform, external_id`;
}
