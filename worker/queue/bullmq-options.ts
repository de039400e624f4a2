import type { JobSchedulerTemplateOptions, JobsOptions } from 'bullmq';
import { toBullJobId } from './bullmq-job-id';
import { resolveJobOptions } from './job-options';
import { JOB_RETENTION, type JobOptions, type ProcessOptions } from './job-queue';
import type { ValidRepeat } from './repeat-spec';

const keep = ({ ageMs, count }: { ageMs: number; count: number }) => ({
  age: Math.ceil(ageMs / 1000),
  count,
});
const RETENTION = {
  removeOnComplete: keep(JOB_RETENTION.completed),
  removeOnFail: keep(JOB_RETENTION.failed),
};

/** Every option spelled out: BullMQ merges with queue defaults, where an undefined would win. */
export function toBullJobOptions(opts?: JobOptions): JobsOptions {
  const { jobId, delayMs, attempts, backoffMs } = resolveJobOptions(opts);
  const base = { delay: delayMs, attempts, backoff: { type: 'exponential', delay: backoffMs }, ...RETENTION };
  return jobId === undefined ? base : { ...base, jobId: toBullJobId(jobId) };
}

export function toBullTemplateOptions(): JobSchedulerTemplateOptions {
  const { attempts, backoffMs } = resolveJobOptions();
  return { attempts, backoff: { type: 'exponential', delay: backoffMs }, ...RETENTION };
}

export function toBullRepeat(repeat: ValidRepeat): { every: number } | { pattern: string; tz: string } {
  return repeat.kind === 'every' ? { every: repeat.everyMs } : { pattern: repeat.cron, tz: repeat.tz };
}

/**
 * BullMQ's manual rate limit (RateLimitedError) only holds back workers that have a limiter, so
 * every worker gets one; the default is far above what one queue reaches.
 */
export function toBullLimiter(limiter: ProcessOptions['limiter']): { max: number; duration: number } {
  return limiter ? { max: limiter.max, duration: limiter.durationMs } : { max: 1_000_000, duration: 1000 };
}
