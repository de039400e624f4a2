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
}
