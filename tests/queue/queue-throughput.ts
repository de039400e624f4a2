// Rough no-op throughput of each implementation: `npx tsx tests/queue/queue-throughput.ts [jobs]`.
// The BullMQ run needs Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379) and deletes its keys.
import { Redis } from 'ioredis';
import { createBullMqQueue } from '../../worker/queue/bullmq-queue';
import { createInProcessQueue } from '../../worker/queue/in-process-queue';
import type { JobQueue } from '../../worker/queue/job-queue';
import { reportFigure, shortOr } from '../bench/bench-report';
import { TEST_REDIS_URL } from '../helpers/services';
import { silentLog, waitFor } from './queue-test-kit';

const total = Number(process.argv[2] ?? shortOr(5000, 20_000));

async function measure(jobs: JobQueue, concurrency: number): Promise<string> {
  let done = 0;
  const addStart = performance.now();
  for (let from = 0; from < total; from += 5000) {
    const size = Math.min(5000, total - from);
    await jobs.addBulk(
      'bench',
      Array.from({ length: size }, (_, n) => ({ data: { n: from + n } })),
    );
  }
  const addMs = performance.now() - addStart;
  const runStart = performance.now();
  jobs.process(
    'bench',
    async () => {
      done++;
    },
    { concurrency },
  );
  await waitFor(() => done === total, 120_000);
  const runMs = performance.now() - runStart;
  await jobs.close();
  const rate = Math.round(total / (runMs / 1000));
  reportFigure({ figure: `${jobs.kind} queue, no-op jobs`, target: '–', measured: rate, unit: 'jobs/s' });
  return `${jobs.kind}: addBulk ${total} in ${Math.round(addMs)} ms; ran them in ${Math.round(runMs)} ms = ${rate} jobs/s at concurrency ${concurrency}`;
}

console.log(await measure(createInProcessQueue({ log: silentLog }), 50));
const prefix = `bench-${Math.random().toString(36).slice(2, 8)}`;
console.log(await measure(createBullMqQueue({ redis: { url: TEST_REDIS_URL }, prefix, log: silentLog }), 50));
const redis = new Redis(TEST_REDIS_URL);
const keys = await redis.keys(`${prefix}:*`);
if (keys.length > 0) await redis.del(...keys);
redis.disconnect();
