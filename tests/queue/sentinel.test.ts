import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config';
import { createJobQueue } from '../../worker/queue/create-job-queue';
import type { JobQueue } from '../../worker/queue/job-queue';
import { type PrivateRedis, startPrivateRedis } from '../faults/harness/private-redis';
import { hasRedisServer, type RedisSentinel, startRedisSentinel } from '../helpers/redis-sentinel';
import { startTestApp, type TestApp } from '../support/test-app';
import { silentLog, waitFor } from './queue-test-kit';

// With sentinels only the user/password/db/TLS of REDIS_URL count. Were its host used, it would
// refuse; and a broken build never falls back to the shared Redis at ioredis's default address.
const CLOSED = 'redis://127.0.0.1:1/0';
const title = 'Redis through a real Sentinel (REDIS_SENTINELS)';

// The master is a Redis of the test's own, so the sentinel never touches the shared one.
(hasRedisServer ? describe : describe.skip)(
  hasRedisServer ? title : `${title} (skipped: needs redis-server)`,
  () => {
    let master: PrivateRedis;
    let sentinel: RedisSentinel;
    let queue: JobQueue | undefined;
    let app: TestApp | undefined;
    const env = () => ({
      REDIS_URL: CLOSED,
      REDIS_SENTINELS: sentinel.address,
      REDIS_SENTINEL_NAME: 'mymaster',
    });
    const keysOnMaster = async (pattern: string) => {
      const redis = new Redis(master.url);
      try {
        return await redis.keys(pattern);
      } finally {
        redis.disconnect();
      }
    };

    beforeAll(async () => {
      master = await startPrivateRedis();
      sentinel = await startRedisSentinel(master.url, 'mymaster');
    }, 30_000);
    afterAll(async () => {
      await queue?.close();
      await app?.stop();
      await sentinel?.close();
      await master?.close();
    });

    it('runs BullMQ jobs on the master the sentinel names', async () => {
      const prefix = `test-sentinel-${randomBytes(4).toString('hex')}`;
      queue = createJobQueue({ redis: loadConfig(env()).redis, prefix, log: silentLog });
      const seen: number[] = [];
      queue.process('sentinel-check', async (job: { data: { n: number } }) => {
        seen.push(job.data.n);
      });
      await queue.add('sentinel-check', { n: 7 });
      await waitFor(() => seen.length === 1, 10_000);
      expect(seen).toEqual([7]);
      expect(await keysOnMaster(`${prefix}:sentinel-check:*`)).not.toEqual([]);
    });

    it('starts the app with REDIS_SENTINELS: /readyz is 200 and its queue keys are on the master', async () => {
      app = await startTestApp({ database: 'pglite', env: env() });
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
      expect(await keysOnMaster(`${app.env.QUEUE_PREFIX}:*`)).not.toEqual([]);
    }, 60_000);
  },
);
