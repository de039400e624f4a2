import type { Logger } from '../../bot/logger';

/**
 * One job-queue interface with two implementations: in-process (no REDIS_URL) and BullMQ on Redis.
 *
 * Job-id de-duplication, the same in both: `add` with a `jobId` is a silent no-op while a job with
 * that id exists in the queue, in any state: waiting, delayed, active, waiting to retry, completed
 * or failed. Finished jobs are kept per queue as `JOB_RETENTION` says (completed: up to 1 hour and
 * 10,000 jobs; failed: up to 7 days and 10,000 jobs); the id is free again once its job is removed.
 * Removal is lazy (it happens when later jobs finish), so an id is guaranteed taken until its job is
 * older than the age or pushed out by `count` newer finished jobs, and may stay taken longer.
 * Anything that must happen exactly once beyond that window needs its own record in PostgreSQL.
 *
 * Delivery: with BullMQ at least once (a job whose process died mid-run runs again as a stalled
 * job), so handlers must be idempotent; the in-process queue loses whatever it holds when its
 * process exits. Handlers get JSON data (`undefined` becomes `{}`, Dates become strings).
 */

export interface JobOptions {
  /** De-duplication key; any string (mapped to a BullMQ-safe id internally). */
  jobId?: string;
  delayMs?: number;
  /** Total runs including the first; default 3. */
  attempts?: number;
  /** Exponential backoff base: the retry after run n waits backoffMs * 2^(n-1); default 1000. */
  backoffMs?: number;
}

export interface JobContext<T> {
  /** The caller's jobId when one was given, else a generated one. */
  id: string;
  queue: string;
  /** A JSON round-trip of what was added, in both implementations. */
  data: T;
  /** 1-based; a run that ended in RateLimitedError does not count. */
  attempt: number;
  log: Logger;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface ProcessOptions {
  /** Jobs run at once by this process for this queue; default 1. */
  concurrency?: number;
  /**
   * Starts per window, shared by every worker of the queue (across processes with BullMQ); give
   * every process the same limiter for a queue.
   */
  limiter?: { max: number; durationMs: number };
}

/** Exactly one of `everyMs` (first run at once) or `cron` (5 or 6 fields, seconds first). */
export interface RepeatSpec {
  everyMs?: number;
  cron?: string;
  /** IANA zone for `cron`, e.g. Asia/Ho_Chi_Minh; default UTC. */
  tz?: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** A failed job as the admin queue page shows it: never its data, which may hold personal data. */
export interface JobFailure {
  failedAt: Date;
  /** Runs made, the failing one included. */
  attempts: number;
  /** The error's message. */
  reason: string;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  add<T>(queue: string, data: T, opts?: JobOptions): Promise<void>;
  addBulk<T>(queue: string, jobs: { data: T; opts?: JobOptions }[]): Promise<void>;
  /** Creates or updates a repeating job; calling it again with the same arguments changes nothing. */
  schedule<T>(queue: string, schedulerId: string, repeat: RepeatSpec, data: T): Promise<void>;
  unschedule(queue: string, schedulerId: string): Promise<void>;
  /** Whether the repeating job exists (Redis restarted empty loses them). */
  hasSchedule(queue: string, schedulerId: string): Promise<boolean>;
  /** Starts consuming `queue` in this process; once per queue per JobQueue. */
  process<T>(queue: string, handler: JobHandler<T>, opts?: ProcessOptions): void;
  counts(queue: string): Promise<QueueCounts>;
  /** The latest failed jobs still kept (see JOB_RETENTION), newest first. */
  recentFailures(queue: string, limit: number): Promise<JobFailure[]>;
  /** Readiness probe: throws when the backend is unreachable. */
  ping(): Promise<void>;
  /** Stops taking jobs, waits (bounded) for active ones, releases timers and connections; idempotent. */
  close(): Promise<void>;
}

/** Thrown by a handler: fail now, no retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Thrown by a handler on a platform 429: the job goes back to waiting without spending an attempt
 * and the whole queue (every worker of it) pauses for `retryAfterMs`.
 */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited for ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

export const JOB_DEFAULTS = { attempts: 3, backoffMs: 1000, concurrency: 1, closeTimeoutMs: 10_000 };

/** Shared by both implementations so that de-duplication windows match. */
export const JOB_RETENTION = {
  completed: { ageMs: 60 * 60 * 1000, count: 10_000 },
  failed: { ageMs: 7 * 24 * 60 * 60 * 1000, count: 10_000 },
};
