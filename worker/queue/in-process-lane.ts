import type { Logger } from '../../bot/logger';
import { createFifo } from './fifo';
import { createFinishedJobs } from './finished-jobs';
import { backoffDelay } from './job-options';
import { JOB_RETENTION, type JobFailure, type JobHandler, type QueueCounts } from './job-queue';
import { type JobOutcome, runJob } from './run-job';
import { createSlidingWindow, type SlidingWindow } from './sliding-window';
import type { TimerSet } from './timer-set';

export interface LaneJob {
  /** Internal key: custom and generated ids live in separate key spaces. */
  key: string;
  id: string;
  /** Stored as JSON so handlers see what a Redis round-trip would give them. */
  data: string;
  attempts: number;
  backoffMs: number;
  attemptsMade: number;
  state: 'waiting' | 'delayed' | 'active';
  cancelTimer?: () => void;
  schedulerId?: string;
  plannedAt?: number;
}

export interface LaneDeps {
  name: string;
  log: Logger;
  now: () => number;
  timers: TimerSet;
  onStart: (queue: string, job: LaneJob) => void;
}

const MAX_FAILURES = 50;

/** One named queue of the in-process implementation: its jobs, worker, limiter and pauses. */
export function createLane({ name, log, now, timers, onStart }: LaneDeps) {
  const live = new Map<string, LaneJob>();
  const waiting = createFifo<LaneJob>();
  const completed = createFinishedJobs(JOB_RETENTION.completed, now);
  const failed = createFinishedJobs(JOB_RETENTION.failed, now);
  /** The latest failures, newest last; a few are enough for the admin page. */
  const failures: JobFailure[] = [];
  let worker: { handler: JobHandler<unknown>; concurrency: number; limiter?: SlidingWindow } | undefined;
  let active = 0;
  let delayed = 0;
  let pausedUntil = 0;
  let stopped = false;
  let cancelWake: (() => void) | undefined;
  const idleWaiters = new Set<() => void>();

  function enqueue(job: LaneJob, delayMs: number): void {
    live.set(job.key, job);
    if (delayMs <= 0) return toWaiting(job, false);
    job.state = 'delayed';
    delayed++;
    job.cancelTimer = timers.after(delayMs, () => {
      delayed--;
      job.cancelTimer = undefined;
      toWaiting(job, false);
    });
  }

  function toWaiting(job: LaneJob, first: boolean): void {
    job.state = 'waiting';
    if (first) waiting.unshift(job);
    else waiting.push(job);
    pump();
  }

  function pump(): void {
    if (!worker || stopped) return;
    while (active < worker.concurrency && waiting.length > 0) {
      const waitMs = Math.max(pausedUntil - now(), worker.limiter?.waitMs() ?? 0);
      if (waitMs > 0) {
        cancelWake?.();
        cancelWake = timers.after(waitMs, pump);
        return;
      }
      void start(worker, waiting.shift()!);
    }
  }

  async function start(current: NonNullable<typeof worker>, job: LaneJob): Promise<void> {
    active++;
    job.state = 'active';
    current.limiter?.record();
    onStart(name, job);
    const attempt = job.attemptsMade + 1;
    const jobLog = log.child({ queue: name, jobId: job.id, attempt });
    const context = { id: job.id, queue: name, data: JSON.parse(job.data), attempt, log: jobLog };
    const outcome = await runJob(current.handler, context, job.attempts);
    active--;
    settle(job, outcome);
    if (active === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters.clear();
    }
    pump();
  }

  function settle(job: LaneJob, outcome: JobOutcome): void {
    if (outcome.kind === 'rate-limited') {
      pausedUntil = Math.max(pausedUntil, now() + outcome.retryAfterMs);
      return toWaiting(job, true);
    }
    job.attemptsMade++;
    if (outcome.kind === 'retry') return enqueue(job, backoffDelay(job.backoffMs, job.attemptsMade));
    live.delete(job.key);
    (outcome.kind === 'completed' ? completed : failed).add(job.key);
    if (outcome.kind === 'completed') return;
    failures.push({ failedAt: new Date(now()), attempts: job.attemptsMade, reason: outcome.error.message });
    if (failures.length > MAX_FAILURES) failures.shift();
  }

  return {
    name,
    exists: (key: string) => live.has(key) || completed.has(key) || failed.has(key),
    get: (key: string) => live.get(key),
    enqueue,
    /** Drops a waiting or delayed job; an active one is left to finish. */
    remove(key: string): void {
      const job = live.get(key);
      if (!job || job.state === 'active') return;
      if (job.state === 'delayed') {
        job.cancelTimer?.();
        delayed--;
      } else waiting.remove(job);
      live.delete(key);
    },
    setWorker(
      handler: JobHandler<unknown>,
      opts: { concurrency: number; limiter?: { max: number; durationMs: number } },
    ) {
      if (worker) throw new Error(`queue "${name}" is already being processed`);
      const limiter = opts.limiter && createSlidingWindow(opts.limiter, now);
      worker = { handler, concurrency: opts.concurrency, limiter };
      pump();
    },
    counts: (): QueueCounts => ({
      waiting: waiting.length,
      active,
      delayed,
      failed: failed.size,
      completed: completed.size,
    }),
    recentFailures: (limit: number): JobFailure[] => failures.slice(-limit).reverse(),
    /** Starts no more jobs; resolves when the active ones have finished. */
    stop(): Promise<void> {
      stopped = true;
      cancelWake?.();
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.add(resolve));
    },
    get active() {
      return active;
    },
  };
}

export type Lane = ReturnType<typeof createLane>;
