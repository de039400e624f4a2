import { JOB_DEFAULTS, type JobOptions, type ProcessOptions } from './job-queue';

export interface ResolvedJobOptions {
  jobId: string | undefined;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

/** BullMQ keys are `prefix:queue:id`, so both implementations accept the same safe names. */
export function assertQueueName(queue: string): void {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(queue)) {
    throw new Error(`invalid queue name "${queue}": use 1-100 of A-Z a-z 0-9 _ . -`);
  }
}

export function resolveJobOptions(opts: JobOptions = {}): ResolvedJobOptions {
  const resolved = {
    jobId: opts.jobId,
    delayMs: opts.delayMs ?? 0,
    attempts: opts.attempts ?? JOB_DEFAULTS.attempts,
    backoffMs: opts.backoffMs ?? JOB_DEFAULTS.backoffMs,
  };
  if (resolved.jobId !== undefined && resolved.jobId.length === 0) throw new Error('jobId must not be empty');
  if (!(Number.isInteger(resolved.attempts) && resolved.attempts >= 1)) {
    throw new Error('attempts must be an integer of at least 1');
  }
  if (!(resolved.delayMs >= 0 && Number.isFinite(resolved.delayMs))) throw new Error('delayMs must be >= 0');
  if (!(resolved.backoffMs >= 0 && Number.isFinite(resolved.backoffMs))) {
    throw new Error('backoffMs must be >= 0');
  }
  return resolved;
}

export function resolveProcessOptions(
  opts: ProcessOptions = {},
): Required<Pick<ProcessOptions, 'concurrency'>> & Pick<ProcessOptions, 'limiter'> {
  const concurrency = opts.concurrency ?? JOB_DEFAULTS.concurrency;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new Error('concurrency must be an integer of at least 1');
  }
  const { limiter } = opts;
  if (limiter && !(Number.isInteger(limiter.max) && limiter.max >= 1 && limiter.durationMs > 0)) {
    throw new Error('limiter needs an integer max >= 1 and durationMs > 0');
  }
  return { concurrency, limiter };
}

/** Exponential backoff as BullMQ computes it: base * 2^(runs made - 1). */
export function backoffDelay(backoffMs: number, attemptsMade: number): number {
  return Math.round(backoffMs * 2 ** (attemptsMade - 1));
}
