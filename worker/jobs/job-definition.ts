import type { z } from 'zod';
import type { Database } from '../../bot/db/open-database';
import type { Logger } from '../../bot/logger';
import type { LearnerStore } from '../../bot/store/learner-store';
import type { Dispatcher } from '../../bot/turns/dispatcher';
import type { JobContext, ProcessOptions, RepeatSpec } from '../queue/job-queue';

/** What jobs may use. New capabilities (AI client, broadcast store…) are added here. */
export interface JobDeps {
  db: Pick<Database, 'kind' | 'prisma'>;
  store: LearnerStore;
  dispatcher: Dispatcher;
  log: Logger;
  now: () => Date;
  /** Local days for statistics (TIMEZONE; the default zone when unset). */
  timeZone?: string;
}

/** One job: its queue, payload schema (validated before it runs), optional schedule and handler. */
export interface JobDefinition<T> {
  queue: string;
  schema: z.ZodType<T>;
  schedule?: { id: string; repeat: RepeatSpec; data: T };
  /** Runs only on these kinds of database (all when unset). */
  databases?: Database['kind'][];
  options?: ProcessOptions;
  run(data: T, deps: JobDeps, job: JobContext<T>): Promise<void>;
}

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}
