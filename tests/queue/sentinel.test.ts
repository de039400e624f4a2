import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config';
import { createJobQueue } from '../../worker/queue/create-job-queue';
import type { JobQueue } from '../../worker/queue/job-queue';
import { type PrivateRedis, startPrivateRedis } from '../faults/harness/private-redis';
import { hasRedisServer, type RedisSentinel, startRedisSentinel } from '../helpers/redis-sentinel';
import { startTestApp, type TestApp } from '../support/test-app';
import { silentLog, sleep, waitFor } from './queue-test-kit';

// With sentinels only the user/password/db/TLS of REDIS_URL count. Were its host used, it would
// refuse; and a broken build never falls back to the shared Redis at ioredis's default address.
const CLOSED = 'redis://127.0.0.1:1/0';
const title = 'Redis through a real Sentinel (REDIS_SENTINELS)';

/** Polls less often than waitFor: each check is a new connection to the sentinel. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check().catch(() => false)); await sleep(200)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
  }
}

async function keysOn(url: string, pattern: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    return await redis.keys(pattern);
  } finally {
    redis.disconnect();
  }
}

// The master (and the replica) are Redis servers of the test's own: the shared one is never touched.
(hasRedisServer ? describe : describe.skip)(
  hasRedisServer ? title : `${title} (skipped: needs redis-server)`,
  () => {
    let master: PrivateRedis;
    let replica: PrivateRedis | undefined;
    let sentinel: RedisSentinel;
    let queue: JobQueue | undefined;
    let app: TestApp | undefined;
    const prefix = `test-sentinel-${randomBytes(4).toString('hex')}`;
    const seen: number[] = [];
    const env = () => ({
      REDIS_URL: CLOSED,
      REDIS_SENTINELS: sentinel.address,
      REDIS_SENTINEL_NAME: 'mymaster',
    });

    beforeAll(async () => {
      master = await startPrivateRedis();
      sentinel = await startRedisSentinel(master.url, 'mymaster');
    }, 30_000);
    afterAll(async () => {
      await queue?.close();
      await app?.stop();
      await sentinel?.close();
      await replica?.close();
      await master?.close();
    });

    it('runs BullMQ jobs on the master the sentinel names', async () => {
      queue = createJobQueue({ redis: loadConfig(env()).redis, prefix, log: silentLog });
      queue.process('sentinel-check', async (job: { data: { n: number } }) => {
        seen.push(job.data.n);
      });
      await queue.add('sentinel-check', { n: 7 });
      await waitFor(() => seen.length === 1, 10_000);
      expect(seen).toEqual([7]);
      expect(await keysOn(master.url, `${prefix}:sentinel-check:*`)).not.toEqual([]);
    });

    it('starts the app with REDIS_SENTINELS: /readyz is 200 and its queue keys are on the master', async () => {
      app = await startTestApp({ database: 'pglite', env: env() });
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
      expect(await keysOn(master.url, `${app.env.QUEUE_PREFIX}:*`)).not.toEqual([]);
    }, 60_000);

    it('follows a failover: once the master dies, jobs run on the replica the sentinel promoted', async () => {
      replica = await startPrivateRedis();
      const { port } = new URL(replica.url);
      const admin = new Redis(replica.url);
      try {
        await admin.replicaof('127.0.0.1', new URL(master.url).port);
        await eventually(async () => (await admin.info('replication')).includes('master_link_status:up'));
      } finally {
        admin.disconnect();
      }
      // The sentinel learns of replicas from the master's INFO, every 10 s.
      await eventually(async () =>
        JSON.stringify(await sentinel.command('SENTINEL', 'replicas', 'mymaster')).includes(`"${port}"`),
      );
      await master.stop();
      await eventually(async () => {
        const address = (await sentinel.command(
          'SENTINEL',
          'get-master-addr-by-name',
          'mymaster',
        )) as string[];
        return address[1] === port;
      });
      // Producers fail fast until their connection has found the new master; the caller retries.
      await eventually(() => queue!.add('sentinel-check', { n: 8 }).then(() => true));
      await waitFor(() => seen.includes(8), 20_000);
      expect(await keysOn(replica.url, `${prefix}:sentinel-check:*`)).not.toEqual([]);
      await eventually(async () => (await fetch(`${app!.url}/readyz`)).status === 200);
    }, 90_000);
  },
);
