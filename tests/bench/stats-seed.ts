import type pg from 'pg';
import type { Catalog } from '../../bot/content/catalog';

/**
 * Seeds a statistics population inside PostgreSQL with INSERT … SELECT generate_series (no rows
 * travel over the wire): learners over the past year (a third brought by 3,000 volunteers' codes),
 * answers spread between each learner's first and last activity, lessons and courses started and
 * completed. Indexes of the big tables are dropped while seeding and built again afterwards.
 */
export async function seedStatistics(
  client: pg.Client,
  catalog: Catalog,
  options: { learners: number; answersPerLearner: number; log: (line: string) => void },
): Promise<void> {
  const questions = catalog.courses.flatMap((c) => c.lessons.flatMap((l) => l.questions.map((q) => q.key)));
  const lessons = catalog.courses.flatMap((c) => c.lessons.map((l) => `${c.id}/${l.id}`));
  const courses = catalog.courses.map((c) => c.id);
  const provinces = catalog.provinces.map((p) => p.code);
  await client.query('SET synchronous_commit = off');
  const indexes = await client.query<{ indexdef: string; indexname: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('answer_event', 'lesson_progress', 'enrolment', 'learner')
     AND indexname NOT LIKE '%pkey'`,
  );
  for (const index of indexes.rows) await client.query(`DROP INDEX "${index.indexname}"`);
  const chunk = 100_000;
  for (let first = 1; first <= options.learners; first += chunk) {
    const last = Math.min(options.learners, first + chunk - 1);
    const started = performance.now();
    await client.query(
      `INSERT INTO learner (id, platform, platform_user_id, province, audience, referral_code, consent_at, created_at, last_active_at, state)
       SELECT g, (ARRAY['telegram','zalo','zalo','web']::"Platform"[])[1 + g % 4], 'bench' || g,
         CASE WHEN g % 20 = 0 THEN NULL ELSE ($1::text[])[1 + (hashint4(g) & 1023) % cardinality($1::text[])] END,
         CASE WHEN g % 15 = 0 THEN NULL ELSE (ARRAY['citizen','elder','student','civil_servant','worker','volunteer']::"Audience"[])[1 + (hashint4(g + 7) & 255) % 6] END,
         CASE WHEN g % 3 = 0 THEN 'gv' || (hashint4(g + 11) & 4095) % 3000 END,
         c, c, LEAST(now() - interval '1 minute', c + (random() * 30) * interval '1 day'), '{}'
       -- random() in a subquery over the series: a LATERAL without outer references runs once.
       FROM (SELECT g, now() - random() * interval '365 days' AS c FROM generate_series($2::int, $3::int) g) t`,
      [provinces, first, last],
    );
    await client.query(
      `INSERT INTO answer_event (learner_id, course_id, lesson_id, question_id, chosen, correct, is_retry, platform, province, audience, answered_at)
       SELECT l.id, split_part(q, '/', 1), split_part(q, '/', 2), q,
         CASE WHEN ok THEN '1' ELSE (2 + (l.id + k) % 2)::text END, ok, k % 7 = 0,
         l.platform, l.province, l.audience,
         l.created_at + (l.last_active_at - l.created_at) * (k::float / $4)
       FROM learner l, generate_series(1, $4::int) k,
         LATERAL (SELECT ($1::text[])[1 + (l.id / 7 + k) % cardinality($1::text[])] AS q) qq,
         LATERAL (SELECT random() < 0.45 + 0.1 * (hashtext(q) & 3) AS ok) c
       WHERE l.id BETWEEN $2 AND $3`,
      [questions, first, last, options.answersPerLearner],
    );
    await client.query(
      `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, started_at, completed_at, correct_count, question_count, attempts)
       SELECT l.id, split_part(x, '/', 1), split_part(x, '/', 2), s, CASE WHEN random() < 0.7 THEN s + interval '10 minutes' END, 2, 3, 1
       FROM learner l, generate_series(1, 4) n,
         LATERAL (SELECT ($1::text[])[1 + (l.id / 7 * 4 + n) % cardinality($1::text[])] AS x,
                         l.created_at + (l.last_active_at - l.created_at) * ((n - 1)::float / 4) AS s) p
       WHERE l.id BETWEEN $2 AND $3 ON CONFLICT DO NOTHING`,
      [lessons, first, last],
    );
    await client.query(
      `INSERT INTO enrolment (learner_id, course_id, started_at, completed_at)
       SELECT l.id, ($1::text[])[1 + l.id % cardinality($1::text[])], l.created_at,
         CASE WHEN random() < 0.3 THEN l.last_active_at END
       FROM learner l WHERE l.id BETWEEN $2 AND $3`,
      [courses, first, last],
    );
    options.log(
      `  seeded learners ${first}–${last} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await client.query(`SELECT setval('learner_id_seq', $1)`, [options.learners]);
  const started = performance.now();
  for (const index of indexes.rows) await client.query(index.indexdef);
  options.log(`  indexes rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // Seeded learner by learner, answers lie in learner order; a live table is appended in time
  // order, so a day's answers sit together. Put them so, or "today" reads pages from everywhere.
  const clustered = performance.now();
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query('CLUSTER answer_event USING answer_event_answered_at_idx');
  options.log(`  answers put in time order in ${((performance.now() - clustered) / 1000).toFixed(1)} s`);
  await client.query('VACUUM ANALYZE');
}
