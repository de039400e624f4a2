import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '../../bot/logger';
import { fromBullJobId } from './bullmq-job-id';
import type { JobHandler } from './job-queue';
import { runJob } from './run-job';

/** Adapts a JobHandler to BullMQ, translating our two error kinds into BullMQ's. */
export function createBullMqProcessor<T>(name: string, handler: JobHandler<T>, queue: Queue, log: Logger) {
  return async (job: Job<T>): Promise<void> => {
    const attempt = job.attemptsMade + 1;
    const id = fromBullJobId(job.id ?? '');
    const jobLog = log.child({ queue: name, jobId: id, attempt });
    const context = { id, queue: name, data: job.data, attempt, log: jobLog };
    const outcome = await runJob(handler, context, job.opts.attempts ?? 1);
    switch (outcome.kind) {
      case 'completed':
        return;
      case 'rate-limited':
        // Sets the queue's limiter key in Redis, so every worker of the queue, in any process, waits.
        await queue.rateLimit(Math.max(1, outcome.retryAfterMs));
        throw Worker.RateLimitError();
      case 'permanent':
        throw new UnrecoverableError(outcome.error.message);
      default:
        throw outcome.error;
    }
  };
}
