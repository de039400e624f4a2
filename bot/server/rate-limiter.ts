import type { Redis } from 'ioredis';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one hit against every limit; refused when any of them is over its `max` in the window. */
  hit(limits: Limit[]): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/**
 * Fixed-window counters: in Redis when it is configured (shared by every bot process, one round
 * trip for all the limits of a request), else in memory. While Redis is away, this process counts
 * on its own (a request never waits on an outage).
 */
export function createRateLimiter(options: { redis?: Redis; prefix?: string } = {}): RateLimiter {
  const memory = createMemoryLimiter();
  if (!options.redis) return memory;
  const shared = createRedisLimiter(options.redis, options.prefix ?? 'hocvuso:rate:');
  return { hit: (limits) => shared.hit(limits).catch(() => memory.hit(limits)) };
}

const verdict = (results: { count: number; max: number; ttlMs: number }[]) => {
  const refused = results.filter((result) => result.count > result.max);
  return {
    allowed: refused.length === 0,
    retryAfterSeconds: Math.ceil(Math.max(0, ...refused.map((result) => result.ttlMs)) / 1000),
  };
};

function createRedisLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    async hit(limits) {
      const multi = redis.multi();
      for (const limit of limits)
        multi
          .incr(prefix + limit.key)
          .pexpire(prefix + limit.key, limit.windowMs, 'NX')
          .pttl(prefix + limit.key);
      const replies = (await multi.exec()) ?? [];
      return verdict(
        limits.map((limit, index) => ({
          count: Number(replies[index * 3]?.[1]),
          max: limit.max,
          ttlMs: Number(replies[index * 3 + 2]?.[1]),
        })),
      );
    },
  };
}

function createMemoryLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(limits) {
      const now = Date.now();
      if (windows.size > 100_000)
        for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
      return verdict(
        limits.map((limit) => {
          let window = windows.get(limit.key);
          if (!window || window.resetAt <= now) {
            window = { count: 0, resetAt: now + limit.windowMs };
            windows.set(limit.key, window);
          }
          window.count += 1;
          return { count: window.count, max: limit.max, ttlMs: window.resetAt - now };
        }),
      );
    },
  };
}
