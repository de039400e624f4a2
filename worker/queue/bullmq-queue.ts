import { Queue, Worker } from 'bullmq';
import type { Logger } from '../../bot/logger';
import type { RedisTarget } from '../../bot/redis/redis-target';
import { fromBullJobId, toBullJobId } from './bullmq-job-id';
import { toBullJobOptions, toBullLimiter, toBullRepeat, toBullTemplateOptions } from './bullmq-options';
import { createBullMqProcessor } from './bullmq-processor';
import { assertQueueName, resolveProcessOptions } from './job-options';
import { JOB_DEFAULTS, type JobQueue } from './job-queue';
import { createRedisConnections } from './redis-connections';
import { validateRepeat } from './repeat-spec';
import { createThrottledErrorLog } from './throttled-log';
import { withTimeout } from './with-timeout';

export interface BullMqQueueDeps {
  redis: RedisTarget;
  /** Redis key prefix: one per deployment, one per test file. */
  prefix: string;
  log: Logger;
  closeTimeoutMs?: number;
}

/** BullMQ waits forever for a first connection; producers (webhooks) must not. */
const REDIS_OP_TIMEOUT_MS = 5000;
const COUNTED = ['wait', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

export function createBullMqQueue(deps: BullMqQueueDeps): JobQueue {
  const { redis, prefix, log, closeTimeoutMs = JOB_DEFAULTS.closeTimeoutMs } = deps;
  const connections = createRedisConnections(redis, log);
  const queues = new Map<string, Queue>();
  const workers = new Map<string, Worker>();
  const logError = createThrottledErrorLog(log);
  let closing: Promise<void> | undefined;

  function queueFor(name: string): Queue {
    if (closing) throw new Error('job queue is closed');
    let queue = queues.get(name);
    if (queue) return queue;
    assertQueueName(name);
    queue = new Queue(name, { connection: connections.queue, prefix });
    queue.on('error', (err) => logError(err, { queue: name }, 'queue error'));
    queues.set(name, queue);
    return queue;
  }

  const bounded = <T>(operation: Promise<T>) =>
    withTimeout(operation, REDIS_OP_TIMEOUT_MS, 'redis did not answer in time');

  async function closeWorker(name: string, worker: Worker): Promise<void> {
    const finished = await withTimeout(worker.close(), closeTimeoutMs, 'timeout').then(
      () => true,
      () => false,
    );
    if (finished) return;
    // Unfinished jobs lose their locks and run again elsewhere as stalled jobs: at least once.
    log.warn({ queue: name, closeTimeoutMs }, 'worker closed with jobs still running');
    await quickly(worker.disconnect());
  }

  /** After a Redis connection was cut mid-command, closing can wait for an answer that never comes. */
  const quickly = (operation: Promise<unknown>) =>
    withTimeout(operation, REDIS_OP_TIMEOUT_MS, 'close').catch((err: Error) =>
      log.warn({ reason: err.message }, 'a Redis connection did not close in time; leaving it'),
    );

  async function closeAll(): Promise<void> {
    await Promise.all([...workers].map(([name, worker]) => closeWorker(name, worker)));
    await Promise.all([...queues.values()].map((queue) => quickly(queue.close())));
    await quickly(connections.close());
  }

  return {
    kind: 'bullmq',
    async add(queue, data, opts) {
      await bounded(queueFor(queue).add(queue, data, toBullJobOptions(opts)));
    },
    async addBulk(queue, jobs) {
      const bulk = jobs.map((job) => ({ name: queue, data: job.data, opts: toBullJobOptions(job.opts) }));
      if (bulk.length > 0) await bounded(queueFor(queue).addBulk(bulk));
    },
    async schedule(queue, schedulerId, spec, data) {
      const timing = toBullRepeat(validateRepeat(spec));
      const template = { name: queue, data, opts: toBullTemplateOptions() };
      await bounded(queueFor(queue).upsertJobScheduler(toBullJobId(schedulerId), timing, template));
    },
    async hasSchedule(queue, schedulerId) {
      return (await bounded(queueFor(queue).getJobScheduler(toBullJobId(schedulerId)))) !== undefined;
    },
    async unschedule(queue, schedulerId) {
      await bounded(queueFor(queue).removeJobScheduler(toBullJobId(schedulerId)));
    },
    process(queue, handler, opts) {
      const { concurrency, limiter } = resolveProcessOptions(opts);
      const producer = queueFor(queue);
      if (workers.has(queue)) throw new Error(`queue "${queue}" is already being processed`);
      const processor = createBullMqProcessor(queue, handler, producer, log);
      const worker = new Worker(queue, processor, {
        connection: connections.worker,
        prefix,
        concurrency,
        limiter: toBullLimiter(limiter),
      });
      worker.on('error', (err) => logError(err, { queue }, 'worker error'));
      worker.on('stalled', (jobId) =>
        log.warn({ queue, jobId: fromBullJobId(jobId) }, 'job stalled; runs again'),
      );
      workers.set(queue, worker);
    },
    async counts(queue) {
      const raw = await bounded(queueFor(queue).getJobCounts(...COUNTED));
      const count = (type: (typeof COUNTED)[number]) => raw[type] ?? 0;
      return {
        waiting: count('wait') + count('prioritized'),
        active: count('active'),
        delayed: count('delayed'),
        failed: count('failed'),
        completed: count('completed'),
      };
    },
    async recentFailures(queue, limit) {
      const failed = await bounded(queueFor(queue).getFailed(0, limit - 1));
      return failed.map((job) => ({
        failedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp),
        attempts: job.attemptsMade,
        reason: job.failedReason ?? '',
      }));
    },
    async ping() {
      if (closing) throw new Error('job queue is closed');
      await connections.ping(2000);
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
