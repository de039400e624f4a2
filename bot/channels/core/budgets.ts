import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import { createMemoryBudget, type RateBudget } from './rate-budget';
import { createRedisBudget } from './redis-rate-budget';

export type BudgetFor = (botKey: string, ratePerSecond: number) => RateBudget;

/** Budgets of this process, by bot: every sender of one bot (replies, jobs) shares one. */
const local = new Map<string, RateBudget>();

/**
 * Where a bot's message budget lives: in Redis when it is configured (one limit for the bot across
 * every process), else in this process. `botKey` is public (platform and bot id, never the token).
 */
export function createBudgets(deps: { redis?: Redis; prefix: string; log: Logger }): BudgetFor {
  let warned = false;
  return (botKey, ratePerSecond) => {
    if (deps.redis)
      return createRedisBudget({
        redis: deps.redis,
        key: `${deps.prefix}:budget:${botKey}`,
        ratePerSecond,
        onFallback: (err) => {
          if (warned) return;
          warned = true;
          deps.log.warn({ err, bot: botKey }, 'Redis unreachable: sending on this process’s own rate budget');
        },
      });
    const key = `${botKey}:${ratePerSecond}`;
    let budget = local.get(key);
    if (!budget) {
      budget = createMemoryBudget(ratePerSecond);
      local.set(key, budget);
    }
    return budget;
  };
}
