import type { z } from 'zod';
import type { Config } from '../../bot/config';
import type { Database } from '../../bot/db/open-database';
import type { Logger } from '../../bot/logger';
import type { LearnerStore } from '../../bot/store/learner-store';
import type { OutboxStore } from '../../bot/store/outbox-store';
import type { Dispatcher } from '../../bot/turns/dispatcher';
import type { Intake } from '../../bot/turns/intake';
import type { OutboxSender } from '../../bot/turns/outbox-sender';
import type { AiAnswerer } from '../../bot/tutor-ai/ai-answerer';
import type { JobContext, ProcessOptions, RepeatSpec } from '../queue/job-queue';

/** What jobs may use. New capabilities (AI client, broadcast store…) are added here. */
export interface JobDeps {
  config: Pick<Config, 'timezone' | 'quietHours' | 'publicUrl' | 'reminders'> &
    Partial<Pick<Config, 'telegram' | 'zalo'>>;
  db: Pick<Database, 'kind' | 'prisma' | 'sql' | 'batchPrisma'>;
  store: LearnerStore;
  outboxStore: OutboxStore;
  /** The one way out: jobs that send (the outbox sweep, later reminders and broadcasts) use it. */
  outbox: OutboxSender;
  dispatcher: Dispatcher;
  /** Inputs from jobs (a tutor's answer, "time for your review") enter here, like a platform's. */
  intake: Intake;
  tutorAi: AiAnswerer;
  log: Logger;
  now: () => Date;
}

/** One job: its queue, payload schema (validated before it runs), optional schedule and handler. */
export interface JobDefinition<T> {
  queue: string;
  schema: z.ZodType<T>;
  /** A cron without `tz` runs in the configured TIMEZONE. */
  schedule?: { id: string; repeat: RepeatSpec; data: T };
  /** Runs only on these kinds of database (all when unset). */
  databases?: Database['kind'][];
  options?: ProcessOptions;
  run(data: T, deps: JobDeps, job: JobContext<T>): Promise<void>;
}

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}
