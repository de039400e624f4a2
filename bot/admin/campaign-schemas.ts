import { z } from 'zod';

export const security = [{ bearerAuth: [] }];
export const errorSchema = z.object({ error: z.string(), message: z.string() });
export const idParams = z.object({ id: z.coerce.number().int().positive() });

const count = z.number().int();
export const countsSchema = z.object({
  waiting: count.describe('picked again by retry-failed, not yet handed out'),
  queued: count.describe('on their way'),
  sent: count,
  failed: z.object({ blocked: count, 'rate-limited': count, 'too-long': count, other: count }),
  skipped: z.object({ stopped: count, 'quiet-hours': count }),
  unknown: count.describe('in flight when a process stopped: not sent again'),
  engaged: count.describe('picked one of the campaign’s choices'),
});

export const campaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  text: z.string(),
  segment: z.record(z.string(), z.unknown()),
  choices: z.array(
    z.object({ label: z.string(), courseId: z.string().optional(), lessonId: z.string().optional() }),
  ),
  imageUrl: z.string().nullable(),
  sendAt: z.date().nullable(),
  localHour: z.number().int().nullable(),
  status: z.enum(['draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled']),
  recipients: count.describe('learners in the segment (at creation, again at /send)'),
  heldFor: z.string().nullable().describe('why sending waits now: quiet-hours, local-hour'),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

export const reportSchema = campaignSchema.extend({
  counts: countsSchema,
  progress: z.object({
    done: count,
    remaining: count,
    ratePerSecond: z.number(),
    etaSeconds: z.number().nullable(),
  }),
});

const previewSchema = z.object({
  messages: z.array(
    z.object({
      kind: z.enum(['text', 'photo']),
      text: z.string(),
      buttons: z.array(z.array(z.string())).optional(),
    }),
  ),
  length: count,
  limit: count,
  fits: z.boolean(),
});
export const previewsSchema = z.object({ telegram: previewSchema, zalo: previewSchema, web: previewSchema });

export const deliveriesQuery = z.strictObject({
  status: z.enum(['waiting', 'queued', 'sent', 'failed', 'skipped', 'unknown']).optional(),
  reason: z.string().max(32).optional(),
  engaged: z.enum(['true', 'false']).optional(),
  after: z.coerce.number().int().min(0).default(0).describe('learner id to continue after (JSON pages)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).optional(),
});

export const deliverySchema = z.object({
  learnerId: count,
  platform: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
  attempts: count,
  engagedAt: z.date().nullable(),
  doneAt: z.date().nullable(),
});
