import { Prisma } from '../db/generated/client.ts';
import { activeColumns, activeLearners } from './active-learners';
import { byGroupingSet, GROUPING_SETS, groupingSetsClause } from './grouping-sets';
import {
  type AggregateMode,
  and,
  dimensions,
  filterConditions,
  localDay,
  type Range,
  within,
} from './sql-parts';
import type { StatsFilters } from './stats-filters';

/**
 * One rollup table and the live query it stores: `source` yields rows of (day, province, audience,
 * platform, ...keys, inputs) for a time range, and `measures` aggregate them. The rollup job runs it
 * over closed days; statistics run it over the days not rolled up yet. One query, two uses, so the
 * stored and the live figures cannot drift apart. Every measure is a sum over days (active learners
 * too: learner-days), so month and all-time rows are sums of day rows.
 */
export interface Fact {
  table: string;
  keys: string[];
  measures: { column: string; aggregate: string | ((mode: AggregateMode) => string) }[];
  source(range: Range, filters: StatsFilters, tz: string): Prisma.Sql;
}

const sum = (column: string) => ({ column, aggregate: `sum(s.${column})::int` });

function answersFrom(filters: StatsFilters): Prisma.Sql {
  // A referral code lives on the learner: start from its index, then each learner's answers.
  return filters.referral
    ? Prisma.raw('learner l JOIN answer_event a ON a.learner_id = l.id')
    : Prisma.raw('answer_event a');
}

function answerWhere(range: Range, filters: StatsFilters): Prisma.Sql {
  return and([within('a.answered_at', range), ...filterConditions('a', filters)]);
}

/**
 * Lessons (lesson_progress p) or courses (enrolment e) started or completed in the range, one row
 * per event with its learner's dimensions and referral code: `v.at` is the event's time,
 * `v.started` / `v.completed` say which. Each branch can read its own index (started_at,
 * completed_at: today costs today's rows) or start from the learners of a referral code.
 */
function progressEvents(
  table: 'lesson_progress p' | 'enrolment e',
  range: Range,
  filters: StatsFilters,
  which: 'both' | 'completed' = 'both',
): Prisma.Sql {
  const alias = table.slice(-1);
  const branch = (column: string, started: number) => Prisma.sql`
    SELECT ${Prisma.raw(`${alias}.*, ${alias}.${column} AS at, ${started} AS started, ${1 - started} AS completed`)},
      ${dimensions('l')}, l.referral_code AS referral
    FROM ${Prisma.raw(table)} JOIN learner l ON l.id = ${Prisma.raw(alias)}.learner_id
    WHERE ${and([within(`${alias}.${column}`, range), ...filterConditions('l', filters)])}`;
  const completed = branch('completed_at', 0);
  return which === 'completed'
    ? Prisma.sql`(${completed}) v`
    : Prisma.sql`(${branch('started_at', 1)} UNION ALL ${completed}) v`;
}

export const dayFact: Fact = {
  table: 'stats_activity',
  keys: [],
  measures: [
    sum('new_learners'),
    { column: 'active_learners', aggregate: activeLearners },
    sum('answers'),
    sum('first_try'),
    sum('first_try_correct'),
    sum('lessons_started'),
    sum('lessons_completed'),
    sum('courses_started'),
    sum('courses_completed'),
  ],
  source: (range, filters, tz) => {
    // No learner is active in these rows: NULL for each active-learner column (one per grouping set mid-day).
    const none = Prisma.raw((range.midDay ? GROUPING_SETS : [[]]).map(() => 'NULL::int').join(', '));
    return Prisma.sql`
    SELECT g.day, g.province, g.audience, g.platform, ${activeColumns(range, tz)}, 0 AS new_learners,
      g.answers, g.first_try, g.first_try_correct,
      0 AS lessons_started, 0 AS lessons_completed, 0 AS courses_started, 0 AS courses_completed
    FROM (SELECT ${localDay('a.answered_at', tz)} AS day, ${dimensions('a')}, a.learner_id,
      count(*)::int AS answers, count(*) FILTER (WHERE NOT a.is_retry)::int AS first_try,
      count(*) FILTER (WHERE NOT a.is_retry AND a.correct)::int AS first_try_correct
      FROM ${answersFrom(filters)} WHERE ${answerWhere(range, filters)}
      GROUP BY 1, 2, 3, 4, 5) g
    UNION ALL
    SELECT ${localDay('l.created_at', tz)}, ${dimensions('l')}, ${none}, 1, 0, 0, 0, 0, 0, 0, 0
    FROM learner l
    WHERE ${and([within('l.created_at', range), ...filterConditions('l', filters)])}
    UNION ALL
    SELECT ${localDay('v.at', tz)}, v.province, v.audience, v.platform, ${none}, 0, 0, 0, 0, v.started, v.completed, 0, 0
    FROM ${progressEvents('lesson_progress p', range, filters)}
    UNION ALL
    SELECT ${localDay('v.at', tz)}, v.province, v.audience, v.platform, ${none}, 0, 0, 0, 0, 0, 0, v.started, v.completed
    FROM ${progressEvents('enrolment e', range, filters)}`;
  },
};

export const questionFact: Fact = {
  table: 'stats_question',
  keys: ['question_id'],
  measures: [sum('answers'), sum('correct'), sum('first_try'), sum('first_try_correct')],
  source: (range, filters, tz) => Prisma.sql`
    SELECT ${localDay('a.answered_at', tz)} AS day, ${dimensions('a')}, a.question_id, 1 AS answers,
      a.correct::int AS correct, (NOT a.is_retry)::int AS first_try,
      (NOT a.is_retry AND a.correct)::int AS first_try_correct
    FROM ${answersFrom(filters)} WHERE ${answerWhere(range, filters)}`,
};

export const wrongChoiceFact: Fact = {
  table: 'stats_wrong_choice',
  keys: ['question_id', 'chosen'],
  measures: [{ column: 'count', aggregate: 'count(*)::int' }],
  source: (range, filters, tz) => Prisma.sql`
    SELECT ${localDay('a.answered_at', tz)} AS day, ${dimensions('a')}, a.question_id, a.chosen
    FROM ${answersFrom(filters)} WHERE ${answerWhere(range, filters)} AND NOT a.correct`,
};

export const funnelFact: Fact = {
  table: 'stats_funnel',
  keys: ['course_id', 'lesson_id'],
  measures: [sum('started'), sum('completed')],
  source: (range, filters, tz) => Prisma.sql`
    SELECT ${localDay('v.at', tz)} AS day, v.province, v.audience, v.platform, v.course_id, '' AS lesson_id, v.started, v.completed
    FROM ${progressEvents('enrolment e', range, filters)}
    UNION ALL
    SELECT ${localDay('v.at', tz)}, v.province, v.audience, v.platform, v.course_id, v.lesson_id, v.started, v.completed
    FROM ${progressEvents('lesson_progress p', range, filters)}`,
};

/** Learners with a referral code: brought, first lesson finished, lessons and courses completed. */
export const referralFact: Fact = {
  table: 'stats_referral',
  keys: ['referral'],
  measures: [sum('new_learners'), sum('first_lessons'), sum('lessons_completed'), sum('courses_completed')],
  source: (range, filters, tz) => {
    return Prisma.sql`
    SELECT ${localDay('l.created_at', tz)} AS day, ${dimensions('l')}, l.referral_code AS referral,
      1 AS new_learners, 0 AS first_lessons, 0 AS lessons_completed, 0 AS courses_completed
    FROM learner l
    WHERE ${and([
      within('l.created_at', range),
      Prisma.sql`l.referral_code IS NOT NULL`,
      ...filterConditions('l', filters),
    ])}
    UNION ALL
    SELECT ${localDay('v.at', tz)}, v.province, v.audience, v.platform, v.referral, 0,
      -- A learner's first completed lesson counts once, on its day (ties broken by course and lesson).
      (NOT EXISTS (SELECT 1 FROM lesson_progress q WHERE q.learner_id = v.learner_id AND q.completed_at IS NOT NULL
        AND (q.completed_at, q.course_id, q.lesson_id) < (v.completed_at, v.course_id, v.lesson_id)))::int, 1, 0
    FROM ${progressEvents('lesson_progress p', range, filters, 'completed')} WHERE v.referral IS NOT NULL
    UNION ALL
    SELECT ${localDay('v.at', tz)}, v.province, v.audience, v.platform, v.referral, 0, 0, 0, 1
    FROM ${progressEvents('enrolment e', range, filters, 'completed')} WHERE v.referral IS NOT NULL`;
  },
};

export const FACTS = [dayFact, questionFact, wrongChoiceFact, funnelFact, referralFact];

/**
 * The fact aggregated per day and key. `sets: 'all'` computes every grouping set the rollup tables
 * keep; `'full'` keeps every dimension, to be read beside the rollup rows of grouping set `grp`.
 */
export function aggregate(
  fact: Fact,
  range: Range,
  filters: StatsFilters,
  tz: string,
  sets: 'all' | 'full',
  grp = 3,
): Prisma.Sql {
  const keys = fact.keys.map((key) => `s.${key}`);
  const mode: AggregateMode = { sets, midDay: range.midDay ?? false, grp };
  const measures = fact.measures
    .map((m) => `${typeof m.aggregate === 'string' ? m.aggregate : m.aggregate(mode)} AS ${m.column}`)
    .join(', ');
  const select =
    sets === 'all'
      ? `${byGroupingSet()} AS grp, coalesce(s.province, '') AS province,
         coalesce(s.audience, '') AS audience, coalesce(s.platform, '') AS platform`
      : '3 AS grp, s.province, s.audience, s.platform';
  const groups = sets === 'all' ? groupingSetsClause() : 's.province, s.audience, s.platform';
  return Prisma.sql`
    SELECT s.day, ${Prisma.raw([select, ...keys, measures].join(', '))}
    FROM (${fact.source(sets === 'all' ? range : { ...range, activeSets: [grp] }, filters, tz)}) s
    GROUP BY ${Prisma.raw(['s.day', ...keys, groups].join(', '))}`;
}
