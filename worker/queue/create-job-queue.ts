import type { Logger } from '../../bot/logger';
import { createBullMqQueue } from './bullmq-queue';
import { createInProcessQueue } from './in-process-queue';
import type { JobQueue } from './job-queue';

export interface JobQueueDeps {
  /** With it, BullMQ on Redis shared by every bot and worker process; without it, this process only. */
  redisUrl?: string;
  prefix: string;
  log: Logger;
  closeTimeoutMs?: number;
}

export function createJobQueue({ redisUrl, prefix, log, closeTimeoutMs }: JobQueueDeps): JobQueue {
  const queueLog = log.child({ module: 'job-queue' });
  if (redisUrl) return createBullMqQueue({ redisUrl, prefix, log: queueLog, closeTimeoutMs });
  return createInProcessQueue({ log: queueLog, closeTimeoutMs });
}
