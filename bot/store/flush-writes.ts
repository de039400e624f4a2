import { Prisma } from '../db/generated/client';
import type { SqlRunner } from '../db/sql-runner';
import {
  profileAssignments,
  profileColumnList,
  profileRecordType,
  profileToRow,
  profileValues,
} from './learner-columns';
import type { TurnWrites } from './turn-writes';

export interface PendingWrite {
  writes: TurnWrites;
  /** The learner's version when it was read (0: not stored then). */
  version: number;
}

const ts = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Writes the units of work of several learners in ONE statement (atomic without an explicit
 * transaction): each learner row (guarded by its version), answer events, progress and processed
 * inbound ids. A learner whose row changed since it was read gets nothing written, and the others
 * are not held back. Returns the indexes (into `pending`) that were written; the rest must run
 * again on fresh data.
 */
export async function flushWrites(
  sql: SqlRunner,
  pending: PendingWrite[],
  outboxLeaseMs: number,
): Promise<Set<number>> {
  const written = new Set<number>();
  const rows = sortRows(pending, written);
  if (rows.updates.length + rows.inserts.length + rows.deletes.length + rows.free.length === 0)
    return written;

  // Only the parts this batch needs: PostgreSQL parses and plans the statement every time.
  const targets: Prisma.Sql[] = [];
  const parts: Prisma.Sql[] = [];
  if (rows.updates.length > 0) {
    parts.push(Prisma.sql`upd AS (${updateStatement(rows.updates)})`);
    targets.push(Prisma.sql`SELECT i, id FROM upd`);
  }
  if (rows.inserts.length > 0) {
    parts.push(Prisma.sql`ins AS (${insertStatement(rows.inserts)})`);
    // An INSERT returns only inserted columns: match the new ids back to the batch by key.
    targets.push(Prisma.sql`
      SELECT n.i, ins.id FROM ins
      JOIN jsonb_to_recordset(${json(rows.inserts)}::jsonb) AS n(i int, platform text, platform_user_id text)
        ON ins.platform::text = n.platform AND ins.platform_user_id = n.platform_user_id`);
  }
  if (rows.deletes.length > 0) {
    parts.push(Prisma.sql`del AS (
      DELETE FROM learner l USING jsonb_to_recordset(${json(rows.deletes)}::jsonb) AS d(i int, id int, version int)
      WHERE l.id = d.id AND l.version = d.version AND l.id = ANY(${rows.deletes.map((d) => d.id)}::int[])
      RETURNING d.i, l.id)`);
    targets.push(Prisma.sql`SELECT i, id FROM del`);
  }
  if (rows.free.length > 0) {
    // Nothing to keep (consent declined before anything was stored): only inbound ids are marked.
    targets.push(
      Prisma.sql`SELECT i::int, 0 AS id FROM jsonb_array_elements_text(${json(rows.free)}::jsonb) AS f(i)`,
    );
  }
  parts.push(Prisma.sql`written AS (${Prisma.join(targets, ' UNION ALL ')})`);
  if (rows.answers.length > 0) parts.push(answersPart(rows.answers));
  if (rows.enrolments.length > 0) parts.push(enrolmentsPart(rows.enrolments));
  if (rows.lessons.length > 0) parts.push(lessonsPart(rows.lessons));
  if (rows.processed.length > 0) parts.push(inboundPart(rows.processed));
  const outboxed = rows.outbox.length > 0;
  if (outboxed) parts.push(outboxPart(rows.outbox, outboxLeaseMs));
  const result = await sql<{ i: number | null; id: string | null; inbound_id: string | null }>(Prisma.sql`
    WITH ${Prisma.join(parts, ',\n')}
    SELECT i, NULL::text AS id, NULL::text AS inbound_id FROM written
    ${outboxed ? Prisma.sql`UNION ALL SELECT NULL, id::text, inbound_id::text FROM outbox` : Prisma.empty}`);
  const messages = new Map(
    pending.flatMap(({ writes }) => writes.outbox.map((message) => [message.inboundId.toString(), message])),
  );
  for (const row of result) {
    if (row.i !== null) written.add(row.i);
    else if (row.inbound_id !== null) messages.get(row.inbound_id)!.id = BigInt(row.id!);
  }
  return written;
}

type Rows = ReturnType<typeof sortRows>;

/** Splits the batch into the kinds of row change, each child row tagged with its unit's index. */
function sortRows(pending: PendingWrite[], written: Set<number>) {
  const rows = {
    updates: [] as (Record<string, unknown> & { id: number })[],
    inserts: [] as Record<string, unknown>[],
    deletes: [] as { i: number; id: number; version: number }[],
    free: [] as number[],
    answers: [] as Record<string, unknown>[],
    enrolments: [] as Record<string, unknown>[],
    lessons: [] as Record<string, unknown>[],
    processed: [] as { i: number; id: string }[],
    outbox: [] as Record<string, unknown>[],
  };
  pending.forEach(({ writes, version }, i) => {
    if (writes.isEmpty) {
      written.add(i);
      return;
    }
    const { stored, learner, key } = writes;
    if (writes.erased && stored) rows.deletes.push({ i, id: stored.id, version });
    else if (!learner) rows.free.push(i);
    else {
      const row = {
        i,
        state: learner.state,
        chat_id: writes.chatId ?? null,
        at: ts(writes.lastAt),
        ...profileToRow(learner.profile),
      };
      if (stored) rows.updates.push({ ...row, id: stored.id, version });
      else rows.inserts.push({ ...row, platform: key.platform, platform_user_id: key.platformUserId });
    }
    for (const answer of writes.answers) rows.answers.push({ i, platform: key.platform, ...answer });
    for (const enrolment of writes.enrolments.values()) rows.enrolments.push({ i, ...enrolment });
    for (const lesson of writes.lessons.values()) rows.lessons.push({ i, ...lesson });
    for (const id of writes.processed) rows.processed.push({ i, id: id.toString() });
    // Nothing may point at a learner who is not kept: those messages go once sent.
    const keep = !writes.erased && learner !== null;
    for (const message of writes.outbox)
      rows.outbox.push({
        i,
        keep,
        platform: key.platform,
        chat_id: message.chatId,
        inbound_id: message.inboundId.toString(),
        priority: message.priority,
        replies: message.replies,
        campaign_id: message.campaignId ?? null,
      });
  });
  return rows;
}

const LEARNER_COLUMNS = Prisma.sql`i int, state jsonb, chat_id text, at timestamp(3), ${profileRecordType}`;

function updateStatement(updates: Rows['updates']): Prisma.Sql {
  return Prisma.sql`
    UPDATE learner l SET
      state = u.state, version = l.version + 1,
      -- To the hour: an unchanged indexed column keeps the update HOT (no index writes per turn).
      -- A new province, group or /start code moves it too (rare): the statistics of active learners
      -- find every learner whose row changed since a given instant by it (bot/stats/recently-active.ts).
      last_active_at = CASE WHEN l.last_active_at < u.at - interval '1 hour' THEN u.at
        WHEN u.at IS NOT NULL AND (l.province, l.audience::text, l.referral_code)
          IS DISTINCT FROM (u.province, u.audience, u.referral_code) THEN greatest(l.last_active_at, u.at)
        ELSE l.last_active_at END,
      -- A turn the learner did not cause (a reminder: no time) says nothing of their reachability.
      unreachable_at = CASE WHEN u.at IS NULL THEN l.unreachable_at END,
      chat_id = COALESCE(u.chat_id, l.chat_id), ${profileAssignments('u')}
    FROM jsonb_to_recordset(${json(updates)}::jsonb) AS u(${LEARNER_COLUMNS}, id int, version int)
    -- The id list lets the planner look learners up by key whatever it guesses of the JSON's size.
    WHERE l.id = u.id AND l.version = u.version AND l.id = ANY(${updates.map((u) => u.id)}::int[])
    RETURNING u.i, l.id`;
}

function insertStatement(inserts: Rows['inserts']): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO learner (platform, platform_user_id, chat_id, state, created_at, last_active_at,
                         ${profileColumnList})
    SELECT n.platform::"Platform", n.platform_user_id, n.chat_id, n.state, n.at, n.at, ${profileValues('n')}
    FROM jsonb_to_recordset(${json(inserts)}::jsonb) AS n(${LEARNER_COLUMNS}, platform text, platform_user_id text)
    ON CONFLICT (platform, platform_user_id) DO NOTHING
    RETURNING id, platform, platform_user_id`;
}

function answersPart(answers: Rows['answers']): Prisma.Sql {
  return Prisma.sql`answers AS (
    INSERT INTO answer_event (learner_id, course_id, lesson_id, question_id, chosen, correct, is_retry,
                              latency_ms, platform, province, audience, answered_at)
    SELECT w.id, a.course_id, a.lesson_id, a.question_id, a.chosen, a.correct, a.is_retry, a.latency_ms,
           a.platform::"Platform", a.province, a.audience::"Audience", a.answered_at
    FROM jsonb_to_recordset(${json(answers)}::jsonb) AS a(
      i int, platform text, course_id text, lesson_id text, question_id text, chosen text, correct boolean,
      is_retry boolean, latency_ms int, province text, audience text, answered_at timestamp(3)), written w
    WHERE w.i = a.i)`;
}

function enrolmentsPart(enrolments: Rows['enrolments']): Prisma.Sql {
  return Prisma.sql`enrolments AS (
    INSERT INTO enrolment (learner_id, course_id, started_at, completed_at)
    SELECT w.id, e.course_id, e.started_at, e.completed_at
    FROM jsonb_to_recordset(${json(enrolments)}::jsonb) AS e(
      i int, course_id text, started_at timestamp(3), completed_at timestamp(3)), written w
    WHERE w.i = e.i
    ON CONFLICT (learner_id, course_id) DO UPDATE SET completed_at = COALESCE(enrolment.completed_at, EXCLUDED.completed_at))`;
}

function lessonsPart(lessons: Rows['lessons']): Prisma.Sql {
  return Prisma.sql`lessons AS (
    INSERT INTO lesson_progress (learner_id, course_id, lesson_id, started_at, completed_at, correct_count,
                                 question_count, attempts)
    SELECT w.id, p.course_id, p.lesson_id, p.started_at, p.completed_at, p.correct_count, p.question_count, p.attempts
    FROM jsonb_to_recordset(${json(lessons)}::jsonb) AS p(
      i int, course_id text, lesson_id text, started_at timestamp(3), completed_at timestamp(3), correct_count int,
      question_count int, attempts int), written w
    WHERE w.i = p.i
    ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET
      completed_at = COALESCE(lesson_progress.completed_at, EXCLUDED.completed_at),
      correct_count = GREATEST(lesson_progress.correct_count, EXCLUDED.correct_count),
      question_count = GREATEST(lesson_progress.question_count, EXCLUDED.question_count),
      attempts = lesson_progress.attempts + EXCLUDED.attempts)`;
}

/** The process that ran the turn holds its messages this long before the outbox sweep may take them. */
function outboxPart(outbox: Rows['outbox'], leaseMs: number): Prisma.Sql {
  return Prisma.sql`outbox AS (
    INSERT INTO outbound_message (platform, chat_id, learner_id, inbound_id, priority, replies, lease_until,
                                  campaign_id)
    SELECT o.platform::"Platform", o.chat_id, CASE WHEN o.keep THEN w.id END, o.inbound_id, o.priority, o.replies,
           now() + make_interval(secs => ${leaseMs / 1000}), o.campaign_id
    FROM jsonb_to_recordset(${json(outbox)}::jsonb) AS o(
      i int, keep boolean, platform text, chat_id text, inbound_id bigint, priority int, replies jsonb,
      campaign_id int), written w
    WHERE w.i = o.i
    RETURNING id, inbound_id)`;
}

function inboundPart(processed: Rows['processed']): Prisma.Sql {
  return Prisma.sql`inbound AS (
    UPDATE inbound_message m SET processed_at = now(), payload = NULL
    FROM jsonb_to_recordset(${json(processed)}::jsonb) AS p(i int, id bigint), written w
    WHERE w.i = p.i AND m.id = p.id)`;
}
