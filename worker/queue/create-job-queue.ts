import type { Logger } from '../../bot/logger';
import type { RedisTarget } from '../../bot/redis/redis-target';
import { createBullMqQueue } from './bullmq-queue';
import { createInProcessQueue } from './in-process-queue';
import type { JobQueue } from './job-queue';

export interface JobQueueDeps {
  /** With it, BullMQ on Redis shared by every bot and worker process; without it, this process only. */
  redis?: RedisTarget;
  prefix: string;
  log: Logger;
  closeTimeoutMs?: number;
}

export function createJobQueue({ redis, prefix, log, closeTimeoutMs }: JobQueueDeps): JobQueue {
  const queueLog = log.child({ module: 'job-queue' });
  if (redis) return createBullMqQueue({ redis, prefix, log: queueLog, closeTimeoutMs });
  return createInProcessQueue({ log: queueLog, closeTimeoutMs });
}
