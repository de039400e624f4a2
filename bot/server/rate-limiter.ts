import type { Redis } from 'ioredis';

export interface RateLimiter {
  /** Counts one hit for `key`; `allowed` is false once `max` hits fall in the current window. */
  hit(key: string, max: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/**
 * Fixed-window counters: in Redis when it is configured (shared by every bot process), else in
 * memory. Several limits can apply to one request (per session and per client address).
 */
export function createRateLimiter(options: { redis?: Redis; prefix?: string } = {}): RateLimiter {
  const prefix = options.prefix ?? 'hocvuso:rate:';
  if (options.redis) {
    const redis = options.redis;
    return {
      async hit(key, max, windowMs) {
        const [[, count], [, ttl]] = (await redis
          .multi()
          .incr(prefix + key)
          .pttl(prefix + key)
          .exec()) as [[null, number], [null, number]];
        if (ttl < 0) await redis.pexpire(prefix + key, windowMs);
        return { allowed: count <= max, retryAfterSeconds: Math.ceil((ttl > 0 ? ttl : windowMs) / 1000) };
      },
    };
  }
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, max, windowMs) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        if (windows.size > 100_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
        window = { count: 0, resetAt: now + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return { allowed: window.count <= max, retryAfterSeconds: Math.ceil((window.resetAt - now) / 1000) };
    },
  };
}
