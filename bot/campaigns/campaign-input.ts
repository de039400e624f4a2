import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import type { Platform } from '../engine/types';
import { isQuietHour, type QuietHours } from '../schedule/quiet-hours';
import { previewCampaign } from './campaign-render';
import { resolveSegment, type Segment, segmentSchema } from './segment';

export const choiceSchema = z.strictObject({
  label: z.string().trim().min(1).max(64),
  courseId: z.string().min(1).max(64).optional().describe('opens this course’s next lesson'),
  lessonId: z.string().min(1).max(64).optional().describe('with courseId: opens this lesson'),
});

export const createCampaignBody = z.strictObject({
  name: z.string().trim().min(1, 'name is empty').max(200),
  text: z.string().trim().min(1, 'text is empty').max(10_000),
  segment: segmentSchema,
  choices: z
    .array(choiceSchema)
    .max(10)
    .optional()
    .describe('e.g. [{ "label": "Học ngay", "courseId": "…" }]'),
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .describe('sent as a photo where the platform can'),
  sendAt: z.coerce.date().optional().describe('when /send starts it (default: at once)'),
  localHour: z
    .number()
    .int()
    .min(0)
    .max(23)
    .optional()
    .describe('send only during this local hour (TIMEZONE)'),
});

export type CreateCampaign = z.infer<typeof createCampaignBody>;

/** Everything zod cannot know: the catalog, the length limits, time and quiet hours. */
export function checkCampaign(
  input: CreateCampaign,
  context: { catalog: Catalog; quietHours: QuietHours; now: Date },
): { ok: true; segment: Segment } | { ok: false; message: string } {
  const resolved = resolveSegment(context.catalog, input.segment);
  if (!resolved.ok) return resolved;
  for (const choice of input.choices ?? []) {
    const course = choice.courseId ? context.catalog.course(choice.courseId) : undefined;
    if (choice.courseId && !course) return { ok: false, message: `Unknown course: ${choice.courseId}.` };
    if (choice.lessonId && !course?.lessons.some((lesson) => lesson.id === choice.lessonId))
      return { ok: false, message: `Unknown lesson: ${choice.lessonId} (give its courseId too).` };
  }
  if (input.sendAt && input.sendAt.getTime() <= context.now.getTime())
    return { ok: false, message: 'sendAt is in the past.' };
  if (input.localHour !== undefined && isQuietHour(input.localHour, context.quietHours))
    return { ok: false, message: `localHour ${input.localHour} is in the quiet hours (QUIET_HOURS).` };
  const previews = previewCampaign({ text: input.text, choices: input.choices ?? [] });
  const platforms: Platform[] = input.segment.platforms ?? ['telegram', 'zalo', 'web'];
  for (const platform of platforms) {
    const { length, limit, fits } = previews[platform];
    if (!fits)
      return {
        ok: false,
        message: `The text is too long for ${platform}: ${length} characters with its choices, at most ${limit} in one message.`,
      };
  }
  return { ok: true, segment: resolved.segment };
}
