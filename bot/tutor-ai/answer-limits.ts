import type { AiLimits } from '../config';
import type { Logger } from '../logger';
import { localToday } from '../stats/local-days';
import type { AiStore, FallbackReason } from './ai-store';
import { startOfLocalDay } from './local-day';

export interface AnswerLimits {
  /** Why the model must not be asked now, if it must not: the learner's quota or the day's budget. */
  check(learnerId: number, now: Date): Promise<FallbackReason | undefined>;
  /** Counts tokens this process just spent, before the store's sum is read again. */
  spent(tokens: number): void;
}

const BUDGET_READ_EVERY_MS = 5000;
const WARN_AT = 0.8;

/** The per-learner daily quota and the global daily token budget, per local day in `timezone`. */
export function createAnswerLimits(deps: {
  store: AiStore;
  limits: AiLimits;
  timezone: string;
  log: Logger;
  clock: () => number;
}): AnswerLimits {
  const { store, limits, timezone, log, clock } = deps;
  let warnedOn: string | undefined;
  // Summing a day of answers on every question would cost more as the day goes on: the sum is read
  // at most every few seconds, and this process adds its own answers as it goes.
  let today: { dayStart: number; tokens: number; readAt: number } | undefined;

  async function tokensToday(dayStart: Date): Promise<number> {
    const at = clock();
    const fresh = today?.dayStart === dayStart.getTime() && at - today.readAt < BUDGET_READ_EVERY_MS;
    if (today && fresh) return today.tokens;
    const tokens = await store.tokensSince(dayStart);
    today = { dayStart: dayStart.getTime(), tokens, readAt: at };
    return tokens;
  }

  return {
    async check(learnerId, now) {
      const dayStart = startOfLocalDay(now, timezone);
      try {
        const [asked, spent] = await Promise.all([
          store.questionsSince(learnerId, dayStart),
          tokensToday(dayStart),
        ]);
        if (asked >= limits.dailyQuestionsPerLearner) return 'quota';
        if (spent >= limits.dailyTokenBudget) return 'budget';
        const date = localToday(now, timezone);
        if (spent >= WARN_AT * limits.dailyTokenBudget && warnedOn !== date) {
          warnedOn = date;
          log.warn(
            { spent, budget: limits.dailyTokenBudget },
            'AI answers used 80% of the daily token budget',
          );
        }
        return undefined;
      } catch (error) {
        log.warn({ err: describe(error) }, 'AI answer limits could not be read; answering from the lessons');
        return 'error';
      }
    },
    spent(tokens) {
      if (today) today.tokens += tokens;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
