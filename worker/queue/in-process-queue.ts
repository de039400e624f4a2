import type { Logger } from '../../bot/logger';
import { createLane, type Lane, type LaneJob } from './in-process-lane';
import { createSchedulers } from './in-process-schedulers';
import { assertQueueName, resolveJobOptions, resolveProcessOptions } from './job-options';
import { JOB_DEFAULTS, type JobHandler, type JobOptions, type JobQueue } from './job-queue';
import { createTimerSet } from './timer-set';

export interface InProcessQueueDeps {
  log: Logger;
  /** Clock for cron planning, limiter windows, pauses and retention; tests inject one. */
  now?: () => number;
  closeTimeoutMs?: number;
}

/** Everything in this process's memory: jobs are lost when it exits (fine without REDIS_URL). */
export function createInProcessQueue({
  log,
  now = Date.now,
  closeTimeoutMs = JOB_DEFAULTS.closeTimeoutMs,
}: InProcessQueueDeps): JobQueue {
  const timers = createTimerSet();
  const lanes = new Map<string, Lane>();
  let generated = 0;
  let closing: Promise<void> | undefined;

  const newJob = (id: string, data: string, opts = resolveJobOptions()): LaneJob => ({
    key: `=${id}`,
    id,
    data,
    attempts: opts.attempts,
    backoffMs: opts.backoffMs,
    attemptsMade: 0,
    state: 'waiting',
  });
  const schedulers = createSchedulers({ now, lane, newJob });

  function lane(queue: string): Lane {
    let found = lanes.get(queue);
    if (found) return found;
    assertQueueName(queue);
    found = createLane({ name: queue, log, now, timers, onStart: schedulers.onStart });
    lanes.set(queue, found);
    return found;
  }

  function assertOpen(): void {
    if (closing) throw new Error('job queue is closed');
  }

  function enqueue(queue: string, data: unknown, opts?: JobOptions): void {
    const resolved = resolveJobOptions(opts);
    const target = lane(queue);
    const json = JSON.stringify(data) ?? '{}';
    if (resolved.jobId === undefined) {
      generated++;
      const job = newJob(String(generated), json, resolved);
      target.enqueue({ ...job, key: `#${generated}` }, resolved.delayMs);
    } else if (!target.exists(`=${resolved.jobId}`)) {
      target.enqueue(newJob(resolved.jobId, json, resolved), resolved.delayMs);
    }
  }

  async function closeAll(): Promise<void> {
    const idle = Promise.all([...lanes.values()].map((each) => each.stop()));
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(true), closeTimeoutMs);
    });
    const late = await Promise.race([idle.then(() => false), timedOut]);
    clearTimeout(timeout);
    timers.clear();
    if (late) {
      const active = [...lanes.values()].reduce((sum, each) => sum + each.active, 0);
      log.warn({ active, closeTimeoutMs }, 'job queue closed with jobs still running');
    }
  }

  return {
    kind: 'in-process',
    async add(queue, data, opts) {
      assertOpen();
      enqueue(queue, data, opts);
    },
    async addBulk(queue, jobs) {
      assertOpen();
      for (const job of jobs) resolveJobOptions(job.opts);
      for (const job of jobs) enqueue(queue, job.data, job.opts);
    },
    async schedule(queue, schedulerId, repeat, data) {
      assertOpen();
      schedulers.upsert(queue, schedulerId, repeat, JSON.stringify(data) ?? '{}');
    },
    async hasSchedule(queue, schedulerId) {
      return schedulers.has(queue, schedulerId);
    },
    async unschedule(queue, schedulerId) {
      assertOpen();
      schedulers.remove(queue, schedulerId);
    },
    process(queue, handler, opts) {
      assertOpen();
      lane(queue).setWorker(handler as JobHandler<unknown>, resolveProcessOptions(opts));
    },
    async counts(queue) {
      return lane(queue).counts();
    },
    async recentFailures(queue, limit) {
      return lane(queue).recentFailures(limit);
    },
    async ping() {
      assertOpen();
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
