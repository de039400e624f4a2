import { Prisma, type PrismaClient } from '../db/generated/client';
import type { Audience } from '../db/generated/enums';
import type { ConversationState, LearnerProfile, TurnOutcome } from '../engine/types';
import type {
  InboundRecord,
  InboxItem,
  LearnerKey,
  LearnerSession,
  LearnerStore,
  StoredLearner,
} from './learner-store';

type Tx = Prisma.TransactionClient;

export function createPrismaLearnerStore(prisma: PrismaClient): LearnerStore {
  return {
    withLearner: (key, work) =>
      prisma.$transaction(async (tx) => work(createSession(tx, key, await lockLearner(tx, key))), {
        maxWait: 10_000,
        timeout: 30_000,
      }),

    async recordInbound(records) {
      if (records.length === 0) return new Set();
      const created = await prisma.inboundMessage.createManyAndReturn({
        data: records.map((record) => ({
          platform: record.platform,
          externalId: record.externalId,
          platformUserId: record.platformUserId,
          payload: record as unknown as Prisma.InputJsonValue,
        })),
        skipDuplicates: true,
        select: { platform: true, externalId: true },
      });
      return new Set(created.map((row) => `${row.platform}:${row.externalId}`));
    },

    async pendingLearners(olderThan, limit) {
      const rows = await prisma.inboundMessage.findMany({
        where: { processedAt: null, receivedAt: { lt: olderThan } },
        distinct: ['platform', 'platformUserId'],
        select: { platform: true, platformUserId: true },
        take: limit,
      });
      return rows;
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

interface RawLearner {
  id: number;
  chat_id: string | null;
  display_name: string | null;
  language: string;
  province: string | null;
  audience: string | null;
  referral_code: string | null;
  consent_at: Date | null;
  opted_out_at: Date | null;
  state: unknown;
}

/**
 * Locks the learner for the rest of the transaction and loads them. An existing row is locked with
 * FOR UPDATE (one round trip, and it returns the latest committed version); a learner not seen yet
 * has no row to lock, so their first turns are serialised by a transaction-scoped advisory lock.
 */
async function lockLearner(tx: Tx, key: LearnerKey): Promise<StoredLearner | null> {
  const select = () => tx.$queryRaw<RawLearner[]>`
    SELECT id, chat_id, display_name, language, province, audience::text AS audience, referral_code,
           consent_at, opted_out_at, state
    FROM learner
    WHERE platform = ${key.platform}::"Platform" AND platform_user_id = ${key.platformUserId}
    FOR UPDATE`;
  let rows = await select();
  if (rows.length === 0) {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`${key.platform}:${key.platformUserId}`}, 0))`;
    rows = await select();
  }
  const row = rows[0];
  return row ? fromRaw(row) : null;
}

function fromRaw(row: RawLearner): StoredLearner {
  return {
    id: row.id,
    chatId: row.chat_id,
    profile: {
      language: row.language === 'en' ? 'en' : 'vi',
      province: row.province,
      audience: row.audience as LearnerProfile['audience'],
      consentAt: row.consent_at,
      optedOutAt: row.opted_out_at,
      referralCode: row.referral_code,
      displayName: row.display_name,
    },
    state: (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as ConversationState,
  };
}

function createSession(tx: Tx, key: LearnerKey, initial: StoredLearner | null): LearnerSession {
  let learner = initial;
  return {
    get learner() {
      return learner;
    },
    async apply(outcome, at, chatId) {
      learner = await applyOutcome(tx, key, learner, outcome, at, chatId);
    },
    async pendingInbox() {
      const rows = await tx.inboundMessage.findMany({
        where: { platform: key.platform, platformUserId: key.platformUserId, processedAt: null },
        orderBy: { id: 'asc' },
        select: { id: true, payload: true },
      });
      const items: InboxItem[] = rows.map((row) => ({
        id: row.id,
        record: row.payload as unknown as InboundRecord,
      }));
      return items.sort((a, b) => a.record.order - b.record.order || Number(a.id - b.id));
    },
    async markProcessed(ids, at) {
      if (ids.length === 0) return;
      await tx.inboundMessage.updateMany({
        where: { id: { in: ids } },
        data: { processedAt: at, payload: Prisma.DbNull },
      });
    },
  };
}

async function applyOutcome(
  tx: Tx,
  key: LearnerKey,
  learner: StoredLearner | null,
  outcome: TurnOutcome,
  at: Date,
  chatId: string | undefined,
): Promise<StoredLearner | null> {
  if (outcome.erase) {
    if (learner) await tx.learner.delete({ where: { id: learner.id } });
    return null;
  }
  const state = outcome.state as unknown as Prisma.InputJsonValue;
  const profile = { ...(learner?.profile ?? {}), ...outcome.profile } as LearnerProfile;
  let id: number;
  if (learner) {
    id = learner.id;
    await tx.learner.updateMany({
      where: { id },
      data: {
        ...profileData(outcome.profile),
        state,
        lastActiveAt: at,
        unreachableAt: null,
        ...(chatId ? { chatId } : {}),
      },
    });
  } else {
    const created = await tx.learner.create({
      data: {
        ...key,
        ...profileData(outcome.profile),
        state,
        chatId: chatId ?? null,
        createdAt: at,
        lastActiveAt: at,
      },
      select: { id: true, language: true },
    });
    id = created.id;
    profile.language = created.language === 'en' ? 'en' : 'vi';
  }
  if (outcome.answers.length > 0) {
    await tx.answerEvent.createMany({
      data: outcome.answers.map((answer) => ({
        learnerId: id,
        courseId: answer.courseId,
        lessonId: answer.lessonId,
        questionId: answer.questionKey,
        chosen: answer.chosen,
        correct: answer.correct,
        isRetry: answer.isRetry,
        latencyMs: answer.latencyMs,
        platform: key.platform,
        province: profile.province ?? null,
        audience: (profile.audience ?? null) as Audience | null,
        answeredAt: at,
      })),
    });
  }
  await recordProgress(tx, id, outcome, at);
  return {
    id,
    chatId: chatId ?? learner?.chatId ?? null,
    profile: withDefaults(profile),
    state: outcome.state,
  };
}

async function recordProgress(tx: Tx, learnerId: number, outcome: TurnOutcome, at: Date): Promise<void> {
  const started = outcome.lessonStarted;
  if (started) {
    await tx.enrolment.createMany({
      data: [{ learnerId, courseId: started.course, startedAt: at }],
      skipDuplicates: true,
    });
    await tx.lessonProgress.createMany({
      data: [{ learnerId, courseId: started.course, lessonId: started.lesson, startedAt: at }],
      skipDuplicates: true,
    });
  }
  const done = outcome.lessonCompleted;
  if (done) {
    await tx.$executeRaw`
      INSERT INTO lesson_progress (learner_id, course_id, lesson_id, started_at, completed_at, correct_count, question_count, attempts)
      VALUES (${learnerId}, ${done.course}, ${done.lesson}, ${at}, ${at}, ${done.correct}, ${done.total}, 1)
      ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET
        completed_at = COALESCE(lesson_progress.completed_at, EXCLUDED.completed_at),
        correct_count = GREATEST(lesson_progress.correct_count, EXCLUDED.correct_count),
        question_count = EXCLUDED.question_count,
        attempts = lesson_progress.attempts + 1`;
  }
  if (outcome.courseCompleted) {
    await tx.enrolment.updateMany({
      where: { learnerId, courseId: outcome.courseCompleted, completedAt: null },
      data: { completedAt: at },
    });
  }
}

function profileData(profile: Partial<LearnerProfile>) {
  const { audience, ...rest } = profile;
  return audience === undefined ? rest : { ...rest, audience: audience as Audience | null };
}

function withDefaults(profile: Partial<LearnerProfile>): LearnerProfile {
  return {
    language: profile.language ?? 'vi',
    province: profile.province ?? null,
    audience: profile.audience ?? null,
    consentAt: profile.consentAt ?? null,
    optedOutAt: profile.optedOutAt ?? null,
    referralCode: profile.referralCode ?? null,
    displayName: profile.displayName ?? null,
  };
}
