import { createHmac } from 'node:crypto';
import type { PrismaClient } from '../db/generated/client.ts';
import type { CsvValue } from './csv';

const PAGE = 500;

export const PROGRESS_COLUMNS = [
  'learner',
  'platform',
  'province',
  'audience',
  'joined',
  'last_active',
  'lessons_started',
  'lessons_completed',
  'courses_completed',
  'first_try_answers',
  'first_try_correct',
];

/**
 * Every learner's progress, a page of learners at a time (keyset on id), so memory stays flat
 * whatever the number of learners. Learners appear under a keyed hash of their id: no names, chat
 * ids or platform ids leave the database.
 */
export async function* progressRows(prisma: PrismaClient, pseudonymKey: string): AsyncGenerator<CsvValue[]> {
  let after = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<
      {
        id: number;
        platform: string;
        province: string | null;
        audience: string | null;
        joined: string;
        last_active: string;
        lessons_started: number;
        lessons_completed: number;
        courses_completed: number;
        first_try: number;
        first_try_correct: number;
      }[]
    >`
      WITH page AS (SELECT id, platform, province, audience, created_at, last_active_at FROM learner
                    WHERE id > ${after} ORDER BY id LIMIT ${PAGE})
      SELECT page.id, page.platform::text AS platform, page.province, page.audience::text AS audience,
        to_char(page.created_at, 'YYYY-MM-DD') AS joined, to_char(page.last_active_at, 'YYYY-MM-DD') AS last_active,
        coalesce(p.started, 0)::int AS lessons_started, coalesce(p.completed, 0)::int AS lessons_completed,
        coalesce(e.completed, 0)::int AS courses_completed,
        coalesce(a.first_try, 0)::int AS first_try, coalesce(a.first_try_correct, 0)::int AS first_try_correct
      FROM page
      LEFT JOIN (SELECT learner_id, count(*) AS started, count(completed_at) AS completed FROM lesson_progress
                 WHERE learner_id IN (SELECT id FROM page) GROUP BY 1) p ON p.learner_id = page.id
      LEFT JOIN (SELECT learner_id, count(completed_at) AS completed FROM enrolment
                 WHERE learner_id IN (SELECT id FROM page) GROUP BY 1) e ON e.learner_id = page.id
      LEFT JOIN (SELECT learner_id, count(*) FILTER (WHERE NOT is_retry) AS first_try,
                   count(*) FILTER (WHERE NOT is_retry AND correct) AS first_try_correct FROM answer_event
                 WHERE learner_id IN (SELECT id FROM page) GROUP BY 1) a ON a.learner_id = page.id
      ORDER BY page.id`;
    if (rows.length === 0) return;
    for (const row of rows)
      yield [
        createHmac('sha256', pseudonymKey).update(String(row.id)).digest('hex').slice(0, 16),
        row.platform,
        row.province,
        row.audience,
        row.joined,
        row.last_active,
        row.lessons_started,
        row.lessons_completed,
        row.courses_completed,
        row.first_try,
        row.first_try_correct,
      ];
    after = rows[rows.length - 1]!.id;
  }
}
