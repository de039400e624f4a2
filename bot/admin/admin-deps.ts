import type { JobQueue } from '../../worker/queue/job-queue';
import type { Catalog } from '../content/catalog';
import type { PrismaClient } from '../db/generated/client.ts';
import type { Platform, Reply } from '../engine/types';
import type { QuietHours } from '../schedule/quiet-hours';

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
  /** Campaigns: quiet hours refuse a `localHour` inside them. */
  quietHours?: QuietHours;
  /** Campaigns' /test: one message to one chat through the outbox (unset: no channel here). */
  sendTest?: (platform: Platform, chatId: string, reply: Reply) => Promise<{ ok: boolean; error?: string }>;
  /** Campaigns: asks the workers to look for campaigns to send now (not at their next tick). */
  wakeCampaigns?: () => Promise<void>;
  /** The job queues shown to admins at /admin/queues: the app's queue and every job's queue name. */
  queues?: { queue: Pick<JobQueue, 'kind' | 'counts' | 'recentFailures'>; names: string[] };
}
