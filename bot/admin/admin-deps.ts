import type { JobQueue } from '../../worker/queue/job-queue';
import type { Catalog } from '../content/catalog';
import type { PrismaClient } from '../db/generated/client.ts';

/** What the staff side needs from the app. */
export interface AdminDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  adminApiKey?: string;
  timeZone: string;
  publicUrl: string;
  telegramBotUsername?: string;
  zaloBotLink?: string;
  pseudonymKey?: string;
  now?: () => Date;
  /** The job queues shown to admins at /admin/queues: the app's queue and every job's queue name. */
  queues?: { queue: Pick<JobQueue, 'kind' | 'counts' | 'recentFailures'>; names: string[] };
}
