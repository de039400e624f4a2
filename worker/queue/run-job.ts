import { metrics } from '../../bot/metrics/metrics';
import { type JobContext, type JobHandler, PermanentJobError, RateLimitedError } from './job-queue';

export type JobOutcome =
  | { kind: 'completed' }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'permanent'; error: Error }
  | { kind: 'retry'; error: Error }
  | { kind: 'failed'; error: Error };

/**
 * Runs one attempt and logs how it ended. Logs carry the error, queue, job id and attempt, and
 * never the job's data, which may hold personal data.
 */
export async function runJob<T>(
  handler: JobHandler<T>,
  job: JobContext<T>,
  attempts: number,
): Promise<JobOutcome> {
  const started = performance.now();
  const outcome = await attempt(handler, job, attempts);
  metrics.jobSeconds.observe(
    { queue: job.queue, outcome: outcome.kind },
    (performance.now() - started) / 1000,
  );
  return outcome;
}

async function attempt<T>(handler: JobHandler<T>, job: JobContext<T>, attempts: number): Promise<JobOutcome> {
  try {
    await handler(job);
    return { kind: 'completed' };
  } catch (thrown) {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    if (err instanceof RateLimitedError) {
      const retryAfterMs = Math.max(0, Math.ceil(err.retryAfterMs));
      job.log.warn({ retryAfterMs }, 'job rate limited; queue paused');
      return { kind: 'rate-limited', retryAfterMs };
    }
    if (err instanceof PermanentJobError) {
      job.log.error({ err }, 'job failed permanently');
      return { kind: 'permanent', error: err };
    }
    if (job.attempt < attempts) {
      job.log.warn({ err, attempts }, 'job failed; will retry');
      return { kind: 'retry', error: err };
    }
    job.log.error({ err, attempts }, 'job failed after its last attempt');
    return { kind: 'failed', error: err };
  }
}
