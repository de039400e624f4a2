import { Prisma } from '../db/generated/client.ts';
import type { Database } from '../db/open-database';
import type { PersonalDataKind } from './personal-data';

export type AiRating = 'up' | 'down';
export type AnswerSource = 'ai' | 'lessons';
export type FallbackReason = 'no-key' | 'quota' | 'budget' | 'error' | 'timeout' | 'no-match';

export interface UsedPassage {
  id: string;
  courseId: string;
  lessonId: string;
  score: number;
}

/** One answered question, as stored: the question already masked. */
export interface AiAnswerEntry {
  learnerId: number;
  language: string;
  question: string;
  answer: string;
  passages: UsedPassage[];
  courseId?: string;
  lessonId?: string;
  source: AnswerSource;
  fallbackReason?: FallbackReason;
  personalData: PersonalDataKind[];
  model?: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  createdAt: Date;
}

export interface AiStore {
  /** Questions this learner asked since `since` (every source counts). */
  questionsSince(learnerId: number, since: Date): Promise<number>;
  /** Tokens all learners spent since `since`. */
  tokensSince(since: Date): Promise<number>;
  /** Stores an answer; returns its id (what a rating refers to). */
  record(entry: AiAnswerEntry): Promise<string>;
  /** The learner's 👍/👎 on one of their answers; false when it is not theirs or does not exist. */
  rate(answerId: string, learnerId: number, rating: AiRating, now: Date): Promise<boolean>;
}

const utc = (at: Date) => at.toISOString().replace('Z', '');

/**
 * The row of an answer, column by column (tests/tutor-ai/ai-store.test.ts checks the names against
 * schema.prisma). One INSERT statement: the client's `create` costs a transaction around it, two
 * more round trips on the path of every answer.
 */
const ANSWER_COLUMNS: [string, (e: AiAnswerEntry) => Prisma.Sql][] = [
  ['learner_id', (e) => Prisma.sql`${e.learnerId}::int`],
  ['language', (e) => Prisma.sql`${e.language}`],
  ['question', (e) => Prisma.sql`${e.question}`],
  ['answer', (e) => Prisma.sql`${e.answer}`],
  ['passages', (e) => Prisma.sql`${JSON.stringify(e.passages)}::jsonb`],
  ['course_id', (e) => Prisma.sql`${e.courseId ?? null}`],
  ['lesson_id', (e) => Prisma.sql`${e.lessonId ?? null}`],
  ['source', (e) => Prisma.sql`${e.source}::"AiAnswerSource"`],
  ['fallback_reason', (e) => Prisma.sql`${e.fallbackReason ?? null}`],
  ['personal_data', (e) => Prisma.sql`${e.personalData}::text[]`],
  ['model', (e) => Prisma.sql`${e.model ?? null}`],
  ['prompt_tokens', (e) => Prisma.sql`${e.promptTokens}::int`],
  ['completion_tokens', (e) => Prisma.sql`${e.completionTokens}::int`],
  ['tokens', (e) => Prisma.sql`${e.promptTokens + e.completionTokens}::int`],
  ['cost_usd', (e) => Prisma.sql`${e.costUsd}::float8`],
  ['latency_ms', (e) => Prisma.sql`${Math.round(e.latencyMs)}::int`],
  ['created_at', (e) => Prisma.sql`${utc(e.createdAt)}::timestamp(3)`],
];
export const ANSWER_COLUMN_NAMES = ANSWER_COLUMNS.map(([name]) => name);

export function createAiStore(db: Pick<Database, 'prisma'>): AiStore {
  const { prisma } = db;
  return {
    async questionsSince(learnerId, since) {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM ai_answer WHERE learner_id = ${learnerId}::int
          AND created_at >= ${utc(since)}::timestamp(3)`;
      return row?.n ?? 0;
    },
    async tokensSince(since) {
      const sum = await prisma.aiAnswer.aggregate({
        _sum: { tokens: true },
        where: { createdAt: { gte: since } },
      });
      return sum._sum.tokens ?? 0;
    },
    async record(entry) {
      const [row] = await prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO ai_answer (${Prisma.raw(ANSWER_COLUMN_NAMES.join(', '))})
        VALUES (${Prisma.join(ANSWER_COLUMNS.map(([, value]) => value(entry)))})
        RETURNING id::text AS id`;
      return row!.id;
    },
    async rate(answerId, learnerId, rating, now) {
      if (!/^\d{1,19}$/.test(answerId)) return false;
      const { count } = await prisma.aiAnswer.updateMany({
        where: { id: BigInt(answerId), learnerId },
        data: { rating, ratedAt: now },
      });
      return count === 1;
    },
  };
}
