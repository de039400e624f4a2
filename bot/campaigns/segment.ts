import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import { AUDIENCES } from '../content/content-schema';
import { Prisma } from '../db/generated/client';
import { fold } from '../engine/normalize';

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(200).optional();

/** Who a campaign goes to: every field narrows it (AND); values in one list are alternatives (OR). */
export const segmentSchema = z
  .strictObject({
    platforms: list(z.enum(['web', 'telegram', 'zalo'])),
    provinces: list(z.string().min(1).max(100)).describe('names or codes as in content/provinces.yaml'),
    audiences: list(z.enum(AUDIENCES)),
    languages: list(z.enum(['vi', 'en'])),
    referralCodes: list(z.string().min(1).max(64)),
    completedCourses: list(z.string().min(1).max(64)).describe('finished every one of these courses'),
    notStartedCourses: list(z.string().min(1).max(64)).describe('started none of these courses'),
    activeSince: z.coerce.date().optional().describe('last active at or after'),
    inactiveSince: z.coerce.date().optional().describe('not active since'),
  })
  .describe(
    'Unknown fields are refused. Learners who stopped, erased or blocked the bot are never included.',
  );

export type Segment = z.infer<typeof segmentSchema>;

/** Province names become codes; unknown provinces or courses are errors for the caller. */
export function resolveSegment(
  catalog: Catalog,
  segment: Segment,
): { ok: true; segment: Segment } | { ok: false; message: string } {
  const provinces: string[] = [];
  for (const wanted of segment.provinces ?? []) {
    const found = catalog.provinces.find((p) => p.code === wanted || fold(p.name) === fold(wanted));
    if (!found) return { ok: false, message: `Unknown province: ${wanted}.` };
    provinces.push(found.code);
  }
  for (const course of [...(segment.completedCourses ?? []), ...(segment.notStartedCourses ?? [])])
    if (!catalog.course(course)) return { ok: false, message: `Unknown course: ${course}.` };
  return { ok: true, segment: { ...segment, ...(segment.provinces ? { provinces } : {}) } };
}

/** A list of strings as a text[] (passed as JSON: the embedded database's driver sends no arrays). */
export function textArray(values: string[]): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** A learner (alias `l`) a campaign may reach: consented, not stopped, not blocked the bot. */
export const REACHABLE = Prisma.sql`l.consent_at IS NOT NULL AND l.opted_out_at IS NULL AND l.unreachable_at IS NULL`;

/** The learners (alias `l`) of the segment that a campaign may reach. */
export function segmentWhere(segment: Segment): Prisma.Sql {
  const parts: Prisma.Sql[] = [REACHABLE];
  const s = segment;
  if (s.platforms) parts.push(Prisma.sql`l.platform::text = ANY(${textArray(s.platforms)})`);
  if (s.provinces) parts.push(Prisma.sql`l.province = ANY(${textArray(s.provinces)})`);
  if (s.audiences) parts.push(Prisma.sql`l.audience::text = ANY(${textArray(s.audiences)})`);
  if (s.languages) parts.push(Prisma.sql`l.language = ANY(${textArray(s.languages)})`);
  if (s.referralCodes) parts.push(Prisma.sql`l.referral_code = ANY(${textArray(s.referralCodes)})`);
  // Enrolments are keyed (learner, course): each test is an index probe per learner.
  for (const course of s.completedCourses ?? [])
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM enrolment e WHERE e.learner_id = l.id
      AND e.course_id = ${course} AND e.completed_at IS NOT NULL)`);
  if (s.notStartedCourses)
    parts.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.learner_id = l.id
      AND e.course_id = ANY(${textArray(s.notStartedCourses)}))`);
  if (s.activeSince) parts.push(Prisma.sql`l.last_active_at >= ${s.activeSince}`);
  if (s.inactiveSince) parts.push(Prisma.sql`l.last_active_at < ${s.inactiveSince}`);
  return Prisma.join(parts, ' AND ');
}
