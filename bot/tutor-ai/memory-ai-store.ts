import type { AiAnswerEntry, AiRating, AiStore } from './ai-store';

/** The same contract in memory, for tests and benchmarks of code that uses an AiStore. */
export function createMemoryAiStore(): AiStore & {
  entries: (AiAnswerEntry & { id: string; rating?: AiRating })[];
} {
  const entries: (AiAnswerEntry & { id: string; rating?: AiRating })[] = [];
  return {
    entries,
    questionsSince: async (learnerId, since) =>
      entries.filter((e) => e.learnerId === learnerId && e.createdAt >= since).length,
    tokensSince: async (since) =>
      entries
        .filter((e) => e.createdAt >= since)
        .reduce((sum, e) => sum + e.promptTokens + e.completionTokens, 0),
    async record(entry) {
      const id = String(entries.length + 1);
      entries.push({ ...entry, id });
      return id;
    },
    async rate(answerId, learnerId, rating) {
      const entry = entries.find((e) => e.id === answerId && e.learnerId === learnerId);
      if (entry) entry.rating = rating;
      return Boolean(entry);
    },
  };
}
