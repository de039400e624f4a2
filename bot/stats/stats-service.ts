import type { Catalog } from '../content/catalog';
import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { dayFact, funnelFact, questionFact, referralFact, wrongChoiceFact } from './facts';
import { localToday } from './local-days';
import { activeCounts, activePerCode } from './recently-active';
import { type RollupState, rollupState } from './rollup-state';
import { and, dayStart, filterConditions } from './sql-parts';
import type { GroupBy, StatsFilters } from './stats-filters';
import { factRows, planDays, someMeasure } from './stats-plan';

type Context = { today: string } & RollupState;

export interface StatsDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  timeZone: string;
  now?: () => Date;
}

const READ_TIMEOUT_MS = 30_000;

const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

const BUCKETS: Record<Exclude<GroupBy, 'referral'>, string> = {
  day: `to_char(r.day, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', r.day), 'YYYY-MM-DD')`,
  month: `to_char(date_trunc('month', r.day), 'YYYY-MM')`,
  province: 'r.province',
  audience: 'r.audience',
  platform: 'r.platform',
};

interface DayTotals {
  new_learners: number;
  active_learners: number;
  answers: number;
  first_try: number;
  first_try_correct: number;
  lessons_started: number;
  lessons_completed: number;
  courses_started: number;
  courses_completed: number;
}

const DAY_SUMS = Prisma.raw(
  dayFact.measures.map((m) => `coalesce(sum(r.${m.column}), 0)::int AS ${m.column}`).join(', '),
);

export function createStatsService(deps: StatsDeps) {
  const { prisma, timeZone: tz } = deps;
  const now = deps.now ?? (() => new Date());
  /**
   * Runs a statistics read in one REPEATABLE READ snapshot: the rollup state it plans with and the
   * rows it reads are of one instant, so a rollup committing meanwhile never counts a day twice or
   * leaves one out. JIT is off: compiling a plan costs PostgreSQL more than these reads take.
   */
  const inSnapshot = <T>(
    work: (read: <R>(statement: Prisma.Sql) => Promise<R>, ctx: Context) => Promise<T>,
  ): Promise<T> =>
    prisma.$transaction(
      async (tx) => {
        // A runaway filter combination must not hold a connection for long. Parallel workers cost
        // more to start than these reads of a few thousand rows take. (One round trip.)
        await tx.$queryRawUnsafe(
          `SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
            set_config('statement_timeout', '${READ_TIMEOUT_MS}', true)`,
        );
        const ctx = { today: localToday(now(), tz), ...(await rollupState(tx as PrismaClient)) };
        return work(<R>(statement: Prisma.Sql) => tx.$queryRaw<R>(statement), ctx);
      },
      { isolationLevel: 'RepeatableRead', maxWait: 10_000, timeout: READ_TIMEOUT_MS + 5000 },
    );

  const learnerRow = (key: string, t: DayTotals) => ({
    key,
    newLearners: t.new_learners,
    activeLearners: t.active_learners,
    answers: t.answers,
    firstTryAccuracy: ratio(t.first_try_correct, t.first_try),
    lessonsStarted: t.lessons_started,
    lessonsCompleted: t.lessons_completed,
    coursesStarted: t.courses_started,
    coursesCompleted: t.courses_completed,
    courseCompletionRate: ratio(t.courses_completed, t.courses_started),
  });

  return {
    overview: (filters: StatsFilters) =>
      inSnapshot(async (read, ctx) => {
        const plan = planDays(filters, ctx);
        const today = dayStart(ctx.today, tz);
        // One statement: the rolled-up and live totals, and the learners active lately.
        const [figures] = await read<
          (DayTotals & { today: number; d7: number; d30: number; new_today: number })[]
        >(Prisma.sql`
        SELECT * FROM (SELECT ${DAY_SUMS} FROM (${factRows(dayFact, plan, filters, tz)}) r) t,
          (${activeCounts(filters, ctx.today, ctx.activeUntil, tz)}) a,
          (SELECT count(*)::int AS new_today FROM learner l
            WHERE ${and([Prisma.sql`l.created_at >= ${today}`, ...filterConditions('l', filters)])}) n`);
        const t = figures!;
        return {
          learners: t.new_learners,
          newToday: t.new_today,
          activeToday: t.today,
          active7Days: t.d7,
          active30Days: t.d30,
          answers: t.answers,
          firstTryAccuracy: ratio(t.first_try_correct, t.first_try),
          lessonsCompleted: t.lessons_completed,
          coursesCompleted: t.courses_completed,
          rolledUpThrough: ctx.through ?? null,
        };
      }),

    /** Per referral code: learners brought and first lessons finished in the period, completions, active in 30 days. */
    referrals: (filters: StatsFilters) =>
      inSnapshot(async (read, ctx) => {
        const rows = await read<
          { key: string; new_learners: number; first_lessons: number; lessons: number; courses: number }[]
        >(Prisma.sql`
        SELECT r.referral AS key, sum(r.new_learners)::int AS new_learners, sum(r.first_lessons)::int AS first_lessons,
          sum(r.lessons_completed)::int AS lessons, sum(r.courses_completed)::int AS courses
        FROM (${factRows(referralFact, planDays(filters, ctx), filters, tz)}) r
        GROUP BY 1 ${someMeasure(referralFact)}`);
        const active = await read<{ key: string; n: number }[]>(
          activePerCode(filters, ctx.today, ctx.activeUntil, tz),
        );
        const activeByCode = new Map(active.map((row) => [row.key, row.n]));
        return rows
          .map((row) => ({
            key: row.key,
            newLearners: row.new_learners,
            activeLearners: activeByCode.get(row.key) ?? 0,
            learnersWithALesson: row.first_lessons,
            lessonsCompleted: row.lessons,
            coursesCompleted: row.courses,
          }))
          .sort((a, b) => b.newLearners - a.newLearners || a.key.localeCompare(b.key));
      }),

    learners: (filters: StatsFilters, groupBy: Exclude<GroupBy, 'referral'>) =>
      inSnapshot(async (read, ctx) => {
        const byTime = ['day', 'week', 'month'].includes(groupBy);
        const plan = planDays(
          filters,
          ctx,
          byTime ? { byDay: true } : { grouped: groupBy as 'province' | 'audience' | 'platform' },
        );
        const rows = await read<(DayTotals & { key: string })[]>(Prisma.sql`
        SELECT ${Prisma.raw(BUCKETS[groupBy])} AS key, ${DAY_SUMS}
        FROM (${factRows(dayFact, plan, filters, tz)}) r GROUP BY 1 ${someMeasure(dayFact)} ORDER BY 1`);
        return rows.map((row) => learnerRow(row.key, row));
      }),

    courses: (filters: StatsFilters) =>
      inSnapshot(async (read, ctx) => {
        const plan = planDays(filters, ctx);
        const rows = await read<
          { course_id: string; lesson_id: string; started: number; completed: number }[]
        >(Prisma.sql`
        SELECT r.course_id, r.lesson_id, sum(r.started)::int AS started, sum(r.completed)::int AS completed
        FROM (${factRows(funnelFact, plan, filters, tz)}) r GROUP BY 1, 2`);
        const counts = new Map(rows.map((row) => [`${row.course_id}/${row.lesson_id}`, row]));
        const figures = (key: string) => {
          const row = counts.get(key);
          const started = row?.started ?? 0;
          const completed = row?.completed ?? 0;
          return { started, completed, completionRate: ratio(completed, started) };
        };
        return deps.catalog.courses.map((course) => ({
          courseId: course.id,
          title: course.title.vi,
          ...figures(`${course.id}/`),
          lessons: course.lessons.map((lesson) => ({
            lessonId: lesson.id,
            title: lesson.title.vi,
            ...figures(`${course.id}/${lesson.id}`),
          })),
        }));
      }),

    questions: (filters: StatsFilters) =>
      inSnapshot(async (read, ctx) => {
        const plan = planDays(filters, ctx);
        const totals = await read<
          {
            question_id: string;
            answers: number;
            correct: number;
            first_try: number;
            first_try_correct: number;
          }[]
        >(Prisma.sql`
        SELECT r.question_id, sum(r.answers)::int AS answers, sum(r.correct)::int AS correct,
          sum(r.first_try)::int AS first_try, sum(r.first_try_correct)::int AS first_try_correct
        FROM (${factRows(questionFact, plan, filters, tz)}) r GROUP BY 1 ${someMeasure(questionFact)}`);
        const wrong = await read<{ question_id: string; chosen: string; count: number }[]>(Prisma.sql`
        SELECT DISTINCT ON (question_id) question_id, chosen, count FROM (
          SELECT r.question_id, r.chosen, sum(r.count)::int AS count
          FROM (${factRows(wrongChoiceFact, plan, filters, tz)}) r GROUP BY 1, 2 ${someMeasure(wrongChoiceFact)}) w
        ORDER BY question_id, count DESC, chosen`);
        const mostWrong = new Map(wrong.map((row) => [row.question_id, row]));
        return totals
          .map((row) => {
            const [courseId = '', lessonId = ''] = row.question_id.split('/');
            const question = deps.catalog
              .lesson(courseId, lessonId)
              ?.questions.find((q) => q.key === row.question_id);
            const wrongRow = mostWrong.get(row.question_id);
            return {
              questionId: row.question_id,
              courseId,
              lessonId,
              prompt: question?.prompt.vi ?? null,
              answers: row.answers,
              accuracy: ratio(row.correct, row.answers),
              firstTryAnswers: row.first_try,
              firstTryAccuracy: ratio(row.first_try_correct, row.first_try),
              mostChosenWrong: wrongRow
                ? {
                    chosen: wrongRow.chosen,
                    count: wrongRow.count,
                    text: optionText(question, wrongRow.chosen),
                  }
                : null,
            };
          })
          .sort(
            (a, b) =>
              (a.firstTryAccuracy ?? 2) - (b.firstTryAccuracy ?? 2) ||
              a.questionId.localeCompare(b.questionId),
          );
      }),
  };
}

export type StatsService = ReturnType<typeof createStatsService>;

function optionText(
  question: { options: { text: { vi: string } }[] } | undefined,
  chosen: string,
): string | null {
  if (!question) return null;
  const texts = chosen.split(',').map((n) => question.options[Number(n) - 1]?.text.vi);
  return texts.every(Boolean) ? texts.join(' + ') : null;
}
