import { Prisma, type PrismaClient } from '../db/generated/client';
import type { TurnWrites } from './turn-writes';

const ts = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Writes a unit of work in ONE statement (atomic without an explicit transaction): the learner row
 * (guarded by its version), answer events, progress and the processed inbound ids. Returns false
 * when the learner changed since it was read: nothing was written and the work must run again.
 */
export async function flushWrites(
  prisma: PrismaClient,
  writes: TurnWrites,
  version: number,
): Promise<boolean> {
  if (writes.isEmpty) return true;
  // Only the parts this unit of work needs: PostgreSQL parses and plans the statement every time.
  const parts = [Prisma.sql`target AS (${targetStatement(writes, version)})`];
  if (writes.answers.length > 0) parts.push(answersPart(writes));
  if (writes.enrolments.size > 0) parts.push(enrolmentsPart(writes));
  if (writes.lessons.size > 0) parts.push(lessonsPart(writes));
  if (writes.processed.length > 0) parts.push(inboundPart(writes));
  const [row] = await prisma.$queryRaw<{ written: number }[]>`
    WITH ${Prisma.join(parts, ',\n')}
    SELECT (SELECT count(*) FROM target)::int AS written`;
  return (row?.written ?? 0) > 0;
}

function answersPart(writes: TurnWrites): Prisma.Sql {
  return Prisma.sql`answers AS (
    INSERT INTO answer_event (learner_id, course_id, lesson_id, question_id, chosen, correct, is_retry,
                              latency_ms, platform, province, audience, answered_at)
    SELECT target.id, a.course_id, a.lesson_id, a.question_id, a.chosen, a.correct, a.is_retry, a.latency_ms,
           ${writes.key.platform}::"Platform", a.province, a.audience::"Audience", a.answered_at
    FROM target, jsonb_to_recordset(${json(writes.answers)}::jsonb) AS a(
      course_id text, lesson_id text, question_id text, chosen text, correct boolean, is_retry boolean,
      latency_ms int, province text, audience text, answered_at timestamp(3)))`;
}

function enrolmentsPart(writes: TurnWrites): Prisma.Sql {
  return Prisma.sql`enrolments AS (
    INSERT INTO enrolment (learner_id, course_id, started_at, completed_at)
    SELECT target.id, e.course_id, e.started_at, e.completed_at
    FROM target, jsonb_to_recordset(${json([...writes.enrolments.values()])}::jsonb) AS e(
      course_id text, started_at timestamp(3), completed_at timestamp(3))
    ON CONFLICT (learner_id, course_id) DO UPDATE SET completed_at = COALESCE(enrolment.completed_at, EXCLUDED.completed_at))`;
}

function lessonsPart(writes: TurnWrites): Prisma.Sql {
  return Prisma.sql`lessons AS (
    INSERT INTO lesson_progress (learner_id, course_id, lesson_id, started_at, completed_at, correct_count,
                                 question_count, attempts)
    SELECT target.id, p.course_id, p.lesson_id, p.started_at, p.completed_at, p.correct_count, p.question_count, p.attempts
    FROM target, jsonb_to_recordset(${json([...writes.lessons.values()])}::jsonb) AS p(
      course_id text, lesson_id text, started_at timestamp(3), completed_at timestamp(3), correct_count int,
      question_count int, attempts int)
    ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET
      completed_at = COALESCE(lesson_progress.completed_at, EXCLUDED.completed_at),
      correct_count = GREATEST(lesson_progress.correct_count, EXCLUDED.correct_count),
      question_count = GREATEST(lesson_progress.question_count, EXCLUDED.question_count),
      attempts = lesson_progress.attempts + EXCLUDED.attempts)`;
}

function inboundPart(writes: TurnWrites): Prisma.Sql {
  return Prisma.sql`inbound AS (
    UPDATE inbound_message SET processed_at = now(), payload = NULL
    WHERE id IN (SELECT jsonb_array_elements_text(${json(writes.processed)}::jsonb)::bigint)
      AND EXISTS (SELECT 1 FROM target))`;
}

/** The CTE that touches the learner row; it yields one row when the write may go ahead. */
function targetStatement(writes: TurnWrites, version: number): Prisma.Sql {
  const { stored, learner, key } = writes;
  if (writes.erased && stored) {
    return Prisma.sql`DELETE FROM learner WHERE id = ${stored.id} AND version = ${version} RETURNING id`;
  }
  if (!learner) {
    // Nothing to keep (consent declined before anything was stored): only the inbound ids are marked.
    return Prisma.sql`SELECT 0 AS id`;
  }
  const p = learner.profile;
  const at = ts(writes.lastAt);
  if (!stored) {
    return Prisma.sql`
      INSERT INTO learner (platform, platform_user_id, chat_id, display_name, language, province, audience,
                           referral_code, consent_at, opted_out_at, state, created_at, last_active_at)
      VALUES (${key.platform}::"Platform", ${key.platformUserId}, ${writes.chatId ?? null}, ${p.displayName}, ${p.language},
              ${p.province}, ${p.audience}::"Audience", ${p.referralCode}, ${ts(p.consentAt)}::timestamp(3),
              ${ts(p.optedOutAt)}::timestamp(3), ${json(learner.state)}::jsonb, ${at}::timestamp(3), ${at}::timestamp(3))
      ON CONFLICT (platform, platform_user_id) DO NOTHING
      RETURNING id`;
  }
  return Prisma.sql`
    UPDATE learner SET
      state = ${json(learner.state)}::jsonb, version = version + 1,
      -- To the hour: an unchanged indexed column keeps the update HOT (no index writes per turn).
      last_active_at = CASE WHEN last_active_at < ${at}::timestamp(3) - interval '1 hour' THEN ${at}::timestamp(3)
                            ELSE last_active_at END,
      unreachable_at = NULL, chat_id = COALESCE(${writes.chatId ?? null}, chat_id), display_name = ${p.displayName},
      language = ${p.language}, province = ${p.province}, audience = ${p.audience}::"Audience",
      referral_code = ${p.referralCode}, consent_at = ${ts(p.consentAt)}::timestamp(3),
      opted_out_at = ${ts(p.optedOutAt)}::timestamp(3)
    WHERE id = ${stored.id} AND version = ${version}
    RETURNING id`;
}
