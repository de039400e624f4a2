import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { createRedisBudget } from '../../bot/channels/core/redis-rate-budget';
import { createSendLimiter } from '../../bot/channels/core/send-limiter';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';

describeWithServices('a bot’s send budget shared through Redis', { redis: true }, () => {
  const key = `test-budget-${randomUUID().slice(0, 8)}`;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    clients.push(redis);
    return redis;
  };
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
    await deleteRedisKeys(`${key}*`);
  });

  it('two processes sending bulk for one bot share one rate', async () => {
    // Two limiters on two connections: what two bot or worker processes have.
    const [a, b] = [client(), client()];
    await Promise.all([a, b].map((redis) => new Promise((resolve) => redis.once('ready', resolve))));
    const limiters = [a, b].map((redis) =>
      createSendLimiter({
        ratePerSecond: 10,
        perChat: { perSecond: 1000, burst: 1000 },
        budget: createRedisBudget({ redis, key, ratePerSecond: 10 }),
      }),
    );
    const started = performance.now();
    const granted: number[] = [];
    await Promise.all(
      limiters.flatMap((limiter, n) =>
        Array.from({ length: 15 }, (_, i) =>
          limiter.acquire(`chat-${n}-${i}`, { priority: 'bulk' }).then(() => granted.push(performance.now())),
        ),
      ),
    );
    // 30 sends at 10/s after a burst of 3: about 2.7 s together (each alone would allow 1.2 s of its own).
    expect(granted).toHaveLength(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1800);
    const sorted = granted.sort((x, y) => x - y);
    for (let i = 0; i + 20 < sorted.length; i++)
      expect(sorted[i + 20]! - sorted[i]!).toBeGreaterThanOrEqual(900);
  });

  it('a 429 seen by one process holds the other back too', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([a, b].map((redis) => new Promise((resolve) => redis.once('ready', resolve))));
    const pauseKey = `${key}-pause`;
    const first = createSendLimiter({
      ratePerSecond: 100,
      budget: createRedisBudget({ redis: a, key: pauseKey, ratePerSecond: 100 }),
    });
    const second = createSendLimiter({
      ratePerSecond: 100,
      budget: createRedisBudget({ redis: b, key: pauseKey, ratePerSecond: 100 }),
    });
    first.pause(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await second.acquire('chat');
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('keeps sending on its own budget while Redis is unreachable', async () => {
    const gone = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    gone.on('error', () => {});
    clients.push(gone);
    const fallbacks: unknown[] = [];
    const limiter = createSendLimiter({
      ratePerSecond: 100,
      budget: createRedisBudget({
        redis: gone,
        key,
        ratePerSecond: 100,
        onFallback: (e) => fallbacks.push(e),
      }),
    });
    const started = performance.now();
    for (let i = 0; i < 5; i++) await limiter.acquire(`c${i}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(fallbacks.length).toBeGreaterThan(0);
  });
});
