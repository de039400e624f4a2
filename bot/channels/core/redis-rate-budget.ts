import type { Redis } from 'ioredis';
import { createMemoryBudget, type RateBudget } from './rate-budget';

/** gcraTake (rate-budget.ts) in Lua, on Redis's clock, so every process and host agree. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local interval = 1000 / rate
local tolerance = math.max(0, math.ceil(rate / 4) - 1) * interval
local theoretical = tonumber(redis.call('GET', KEYS[1]) or '0')
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < pausedUntil then return math.ceil(pausedUntil - now) end
if ARGV[2] == 'reply' then
  theoretical = math.min(math.max(theoretical, now) + interval, now + 1000)
else
  local allowedAt = theoretical - tolerance
  if now < allowedAt then return math.ceil(allowedAt - now) end
  theoretical = math.max(theoretical, now) + tonumber(ARGV[3] or '1') * interval
end
redis.call('SET', KEYS[1], tostring(theoretical), 'PX', 60000)
return 0`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1]) + 1000) end
return 0`;

type BudgetRedis = Redis & {
  hvTake(rateKey: string, pauseKey: string, rate: number, priority: string, count: number): Promise<number>;
  hvPause(pauseKey: string, ms: number): Promise<number>;
};

/**
 * The bot's budget shared through Redis by every process that sends for it. While Redis is away,
 * each process falls back to its own in-memory budget (sends go on, a little less coordinated).
 */
export function createRedisBudget(deps: {
  redis: Redis;
  key: string;
  ratePerSecond: number;
  onFallback?: (error: unknown) => void;
}): RateBudget {
  const redis = deps.redis as BudgetRedis;
  if (!redis.hvTake) {
    redis.defineCommand('hvTake', { numberOfKeys: 2, lua: TAKE });
    redis.defineCommand('hvPause', { numberOfKeys: 1, lua: PAUSE });
  }
  const local = createMemoryBudget(deps.ratePerSecond);
  const rateKey = `${deps.key}:rate`;
  const pauseKey = `${deps.key}:pause`;
  const fallback = <T>(error: unknown, run: () => Promise<T>) => {
    deps.onFallback?.(error);
    return run();
  };
  return {
    take: (priority, rate = deps.ratePerSecond, count = 1) =>
      redis
        .hvTake(rateKey, pauseKey, rate, priority, count)
        .then(Number)
        .catch((error) => fallback(error, () => local.take(priority, rate, count))),
    async pause(ms) {
      await local.pause(ms);
      await redis.hvPause(pauseKey, Math.ceil(ms)).catch((error) => deps.onFallback?.(error));
    },
  };
}
