import type { PrismaClient } from '../db/generated/client';
import { flushWrites } from './flush-writes';
import { readSnapshot } from './learner-snapshot';
import type { InboundRecord, LearnerSession, LearnerStore } from './learner-store';
import { TurnWrites } from './turn-writes';

/** Racing on one learner is rare: each process serialises its own turns per learner. */
const MAX_ATTEMPTS = 30;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Learners on PostgreSQL (or PGlite) through Prisma. A unit of work is one read and one write:
 * optimistic concurrency on `learner.version` instead of a held lock, so a turn costs two round
 * trips and no transaction stays open while the engine thinks.
 */
export function createPrismaLearnerStore(prisma: PrismaClient): LearnerStore {
  return {
    async withLearner(key, work, options) {
      for (let attempt = 1; ; attempt++) {
        const snapshot = await readSnapshot(prisma, key, options?.inbox ?? false);
        const writes = new TurnWrites(key, snapshot.learner);
        const session: LearnerSession = {
          get learner() {
            return writes.learner;
          },
          inbox: snapshot.inbox,
          apply: (outcome, at, chatId) => writes.apply(outcome, at, chatId),
          markProcessed: (ids) => writes.processed.push(...ids),
        };
        const result = await work(session);
        if (await flushWrites(prisma, writes, snapshot.version)) return result;
        if (attempt >= MAX_ATTEMPTS) throw new Error('the learner kept changing under this turn; giving up');
        await backoff(attempt);
      }
    },

    async recordInbound(records: InboundRecord[]) {
      if (records.length === 0) return new Set<string>();
      const rows = records.map((record) => ({
        platform: record.platform,
        external_id: record.externalId,
        platform_user_id: record.platformUserId,
        payload: record,
      }));
      const created = await prisma.$queryRaw<{ platform: string; external_id: string }[]>`
        INSERT INTO inbound_message (platform, external_id, platform_user_id, payload)
        SELECT r.platform::"Platform", r.external_id, r.platform_user_id, r.payload
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(platform text, external_id text, platform_user_id text, payload jsonb)
        ON CONFLICT (platform, external_id) DO NOTHING
        RETURNING platform::text AS platform, external_id`;
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
