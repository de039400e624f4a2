/** Who is waiting: learners' replies go before bulk sends (broadcasts, reminders). */
export type SendPriority = 'reply' | 'bulk';

/**
 * A bot's message budget on one platform (GCRA: a steady rate, bulk bursts of a quarter second's
 * worth). Bulk sends run at the platform's limit for minutes (campaigns): a full second's burst
 * would leave the platform's own bucket empty, and every send arriving a little early would be a
 * 429; a small burst keeps most of the platform's bucket in reserve for network jitter.
 * In memory for one process, or in Redis so every process of the bot shares it.
 */
export interface RateBudget {
  /**
   * Asks for one send. 0: go now (the budget is used). Otherwise the milliseconds to wait before
   * asking again. A reply only waits out a platform pause (a 429): it never queues behind the
   * rate, it uses up budget (at most a second of it) so bulk sends slow down instead.
   */
  take(priority: SendPriority, ratePerSecond?: number, count?: number): Promise<number>;
  /** The platform answered 429: no send starts before `ms` from now. */
  pause(ms: number): Promise<void>;
}

/** The GCRA step shared by both budgets; times in ms; `state` is changed in place. */
export function gcraTake(
  state: { theoretical: number; pausedUntil: number },
  priority: SendPriority,
  now: number,
  ratePerSecond: number,
  /** Bulk sends taken at once (one round trip to a shared budget for several sends). */
  count = 1,
): number {
  const interval = 1000 / ratePerSecond;
  const tolerance = Math.max(0, Math.ceil(ratePerSecond / 4) - 1) * interval;
  if (now < state.pausedUntil) return state.pausedUntil - now;
  if (priority === 'reply') {
    state.theoretical = Math.min(Math.max(state.theoretical, now) + interval, now + 1000);
    return 0;
  }
  const allowedAt = state.theoretical - tolerance;
  if (now < allowedAt) return allowedAt - now;
  state.theoretical = Math.max(state.theoretical, now) + count * interval;
  return 0;
}

export function createMemoryBudget(ratePerSecond: number, now: () => number = () => Date.now()): RateBudget {
  const state = { theoretical: 0, pausedUntil: 0 };
  return {
    take: async (priority, rate = ratePerSecond, count = 1) => gcraTake(state, priority, now(), rate, count),
    async pause(ms) {
      state.pausedUntil = Math.max(state.pausedUntil, now() + ms);
    },
  };
}
