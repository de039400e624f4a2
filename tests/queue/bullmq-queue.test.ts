import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullMqQueue } from '../../worker/queue/bullmq-queue';
import { RateLimitedError } from '../../worker/queue/job-queue';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { describeJobQueueContract } from './job-queue-contract';
import { silentLog, waitFor } from './queue-test-kit';

const run = promisify(execFile);
const prefix = `test-${Math.random().toString(36).slice(2, 10)}`;

describeWithServices('BullMQ job queue', { redis: true }, () => {
  const create = () => createBullMqQueue({ redis: { url: TEST_REDIS_URL }, prefix, log: silentLog });
  afterAll(() => deleteRedisKeys(`${prefix}:*`));

  describeJobQueueContract((log) => createBullMqQueue({ redis: { url: TEST_REDIS_URL }, prefix, log }));

  describe('across processes', () => {
    it('pauses the workers of every process on RateLimitedError', async () => {
      const [one, two] = [create(), create()];
      const starts: { n: number; at: number }[] = [];
      let limitedAt = 0;
      const handler = async (job: { data: { n: number } }) => {
        starts.push({ n: job.data.n, at: Date.now() });
        if (job.data.n === 0 && limitedAt === 0) {
          limitedAt = Date.now();
          throw new RateLimitedError(400);
        }
      };
      one.process('shared-429', handler);
      await one.add('shared-429', { n: 0 });
      await waitFor(() => limitedAt > 0);
      two.process('shared-429', handler, { concurrency: 3 });
      await one.addBulk(
        'shared-429',
        [1, 2, 3].map((n) => ({ data: { n } })),
      );
      await waitFor(async () => (await one.counts('shared-429')).completed === 4);
      for (const start of starts.slice(1)) expect(start.at - limitedAt).toBeGreaterThanOrEqual(375);
      await Promise.all([one.close(), two.close()]);
    });

    it('shares the limiter between processes', async () => {
      const [one, two] = [create(), create()];
      const starts: number[] = [];
      const handler = async () => {
        starts.push(Date.now());
      };
      const limiter = { max: 2, durationMs: 250 };
      one.process('shared-limit', handler, { concurrency: 4, limiter });
      two.process('shared-limit', handler, { concurrency: 4, limiter });
      await one.addBulk(
        'shared-limit',
        Array.from({ length: 6 }, (_, n) => ({ data: { n } })),
      );
      await waitFor(() => starts.length === 6);
      starts.sort((a, b) => a - b);
      // Shared: 2 per 250 ms in all, so six jobs span two full windows (500 ms). Each process on its
      // own would take 4 per window (about 250 ms). The margin absorbs handlers starting late on a
      // busy machine.
      expect(starts[5]! - starts[0]!).toBeGreaterThanOrEqual(400);
      await Promise.all([one.close(), two.close()]);
    });

    it('keeps one schedule when every process upserts it at start', async () => {
      const [one, two] = [create(), create()];
      const runs: string[] = [];
      await one.schedule('shared-tick', 'tick', { everyMs: 200 }, {});
      await two.schedule('shared-tick', 'tick', { everyMs: 200 }, {});
      one.process('shared-tick', async (job) => {
        runs.push(job.id);
      });
      two.process('shared-tick', async (job) => {
        runs.push(job.id);
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.length).toBeLessThanOrEqual(5);
      await one.unschedule('shared-tick', 'tick');
      await Promise.all([one.close(), two.close()]);
    });
  });

  it('reports an unreachable Redis from ping()', async () => {
    const jobs = createBullMqQueue({ redis: { url: 'redis://127.0.0.1:1' }, prefix, log: silentLog });
    await expect(jobs.ping()).rejects.toThrow();
    await jobs.close();
  });

  it('lets the process exit after close()', async () => {
    const env = { ...process.env, REDIS_URL: TEST_REDIS_URL, QUEUE_TEST_PREFIX: prefix };
    const { stdout } = await run('npx', ['tsx', 'tests/queue/exit-after-close.ts'], { env, timeout: 15_000 });
    expect(stdout).toContain('closed bullmq');
  }, 20_000);
});
