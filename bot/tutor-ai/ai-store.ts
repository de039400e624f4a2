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

export function createAiStore(db: Pick<Database, 'prisma'>): AiStore {
  const { prisma } = db;
  return {
    questionsSince: (learnerId, since) =>
      prisma.aiAnswer.count({ where: { learnerId, createdAt: { gte: since } } }),
    async tokensSince(since) {
      const sum = await prisma.aiAnswer.aggregate({
        _sum: { tokens: true },
        where: { createdAt: { gte: since } },
      });
      return sum._sum.tokens ?? 0;
    },
    async record(entry) {
      const row = await prisma.aiAnswer.create({
        data: {
          learnerId: entry.learnerId,
          language: entry.language,
          question: entry.question,
          answer: entry.answer,
          passages: entry.passages as unknown as object[],
          courseId: entry.courseId ?? null,
          lessonId: entry.lessonId ?? null,
          source: entry.source,
          fallbackReason: entry.fallbackReason ?? null,
          personalData: entry.personalData,
          model: entry.model ?? null,
          promptTokens: entry.promptTokens,
          completionTokens: entry.completionTokens,
          tokens: entry.promptTokens + entry.completionTokens,
          costUsd: entry.costUsd,
          latencyMs: entry.latencyMs,
          createdAt: entry.createdAt,
        },
        select: { id: true },
      });
      return row.id.toString();
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
