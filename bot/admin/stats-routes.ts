import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import type { PrismaClient } from '../db/generated/client.ts';
import { type CsvValue, csvStream } from '../stats/csv';
import { PROGRESS_COLUMNS, progressRows } from '../stats/progress-export';
import { GROUP_BYS, statsQuerySchema } from '../stats/stats-filters';
import type { StatsService } from '../stats/stats-service';
import { ADMIN, ANY_STAFF } from './auth-hook';
import { scopeFilters } from './scope-filters';

const security = [{ bearerAuth: [] }];
const rate = z.number().nullable().describe('0..1; null when there is nothing to divide');
const csvNote = 'Add `format=csv` (or send `Accept: text/csv`) for CSV in UTF-8 with a BOM (opens in Excel).';

const overviewSchema = z.object({
  learners: z.number().int().describe('learners who joined in the period'),
  newToday: z.number().int(),
  activeToday: z.number().int().describe('sent the bot anything today (to the hour)'),
  active7Days: z.number().int(),
  active30Days: z.number().int(),
  answers: z.number().int(),
  firstTryAccuracy: rate,
  lessonsCompleted: z.number().int(),
  coursesCompleted: z.number().int(),
  rolledUpThrough: z
    .string()
    .nullable()
    .describe('last day read from the daily rollups; later days are live'),
});
const learnerRowSchema = z.object({
  key: z
    .string()
    .describe('the day, week (its Monday), month, province code, audience, platform or referral code'),
  newLearners: z.number().int(),
  activeLearners: z
    .number()
    .int()
    .describe(
      'learners who answered that day, summed over the days of the group; for referral: active in the last 30 days',
    ),
  answers: z.number().int().optional(),
  firstTryAccuracy: rate.optional(),
  lessonsStarted: z.number().int().optional(),
  lessonsCompleted: z.number().int(),
  coursesStarted: z.number().int().optional(),
  coursesCompleted: z.number().int(),
  courseCompletionRate: rate.optional(),
  learnersWithALesson: z.number().int().optional(),
});
const funnelFigures = { started: z.number().int(), completed: z.number().int(), completionRate: rate };
const courseSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  ...funnelFigures,
  lessons: z.array(z.object({ lessonId: z.string(), title: z.string(), ...funnelFigures })),
});
const questionSchema = z.object({
  questionId: z.string(),
  courseId: z.string(),
  lessonId: z.string(),
  prompt: z.string().nullable(),
  answers: z.number().int(),
  accuracy: rate,
  firstTryAnswers: z.number().int(),
  firstTryAccuracy: rate,
  mostChosenWrong: z
    .object({ chosen: z.string(), count: z.number().int(), text: z.string().nullable() })
    .nullable(),
});

function wantsCsv(request: FastifyRequest<{ Querystring: { format?: 'json' | 'csv' } }>): boolean {
  if (request.query.format) return request.query.format === 'csv';
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

function sendCsv(
  reply: FastifyReply,
  name: string,
  header: string[],
  rows: Iterable<CsvValue[]> | AsyncIterable<CsvValue[]>,
) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(csvStream(header, rows));
}

export function statsRoutes(
  server: FastifyInstance,
  deps: { stats: StatsService; catalog: Catalog; prisma: PrismaClient; pseudonymKey?: string },
) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const filtersOf = (request: FastifyRequest & { query: z.infer<typeof statsQuerySchema> }) =>
    scopeFilters(request.principal!, request.query, deps.catalog);

  app.get(
    '/stats/overview',
    {
      config: { roles: ANY_STAFF },
      schema: {
        tags: ['statistics'],
        summary: 'Overview figures',
        description: csvNote,
        security,
        querystring: statsQuerySchema,
        response: { 200: overviewSchema },
      },
    },
    async (request, reply) => {
      const overview = await deps.stats.overview(filtersOf(request));
      if (!wantsCsv(request)) return overview;
      return sendCsv(reply, 'overview', Object.keys(overview), [Object.values(overview)]);
    },
  );
  app.get(
    '/stats/learners',
    {
      config: { roles: ANY_STAFF },
      schema: {
        tags: ['statistics'],
        summary: 'Learners (new, active, answers, completions) grouped by groupBy',
        description: csvNote,
        security,
        querystring: statsQuerySchema.extend({ groupBy: z.enum(GROUP_BYS).default('day') }),
        response: { 200: z.array(learnerRowSchema) },
      },
    },
    async (request, reply) => {
      const { groupBy } = request.query;
      const filters = filtersOf(request);
      const rows =
        groupBy === 'referral'
          ? await deps.stats.referrals(filters)
          : await deps.stats.learners(filters, groupBy);
      if (!wantsCsv(request)) return rows;
      const header = Object.keys(rows[0] ?? { key: '' });
      return sendCsv(
        reply,
        `learners-by-${request.query.groupBy}`,
        header,
        rows.map((row) => header.map((h) => (row as Record<string, CsvValue>)[h])),
      );
    },
  );
  app.get(
    '/stats/courses',
    {
      config: { roles: ANY_STAFF },
      schema: {
        tags: ['statistics'],
        summary: 'Funnel per course and lesson (started, completed)',
        description: csvNote,
        security,
        querystring: statsQuerySchema,
        response: { 200: z.array(courseSchema) },
      },
    },
    async (request, reply) => {
      const courses = await deps.stats.courses(filtersOf(request));
      if (!wantsCsv(request)) return courses;
      const rows = courses.flatMap((c) => [
        [c.courseId, '', c.title, c.started, c.completed, c.completionRate],
        ...c.lessons.map((l) => [c.courseId, l.lessonId, l.title, l.started, l.completed, l.completionRate]),
      ]);
      return sendCsv(
        reply,
        'courses',
        ['course', 'lesson', 'title', 'started', 'completed', 'completion_rate'],
        rows,
      );
    },
  );
  app.get(
    '/stats/questions',
    {
      config: { roles: ANY_STAFF },
      schema: {
        tags: ['statistics'],
        summary: 'Per-question accuracy, hardest first, with the most chosen wrong option',
        description: csvNote,
        security,
        querystring: statsQuerySchema,
        response: { 200: z.array(questionSchema) },
      },
    },
    async (request, reply) => {
      const questions = await deps.stats.questions(filtersOf(request));
      if (!wantsCsv(request)) return questions;
      const rows = questions.map((q) => [
        q.questionId,
        q.prompt,
        q.answers,
        q.accuracy,
        q.firstTryAnswers,
        q.firstTryAccuracy,
        q.mostChosenWrong?.chosen,
        q.mostChosenWrong?.count,
        q.mostChosenWrong?.text,
      ]);
      return sendCsv(
        reply,
        'questions',
        [
          'question',
          'prompt',
          'answers',
          'accuracy',
          'first_try_answers',
          'first_try_accuracy',
          'most_chosen_wrong',
          'most_chosen_wrong_count',
          'most_chosen_wrong_text',
        ],
        rows,
      );
    },
  );
  // Without a configured key, ids match only within one process's exports.
  const pseudonymKey = deps.pseudonymKey ?? randomBytes(32).toString('hex');
  app.get(
    '/stats/progress',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['statistics'],
        summary: 'Every learner’s progress as CSV (pseudonymous ids, no names or chat ids), streamed',
        security,
        produces: ['text/csv'],
      },
    },
    async (_request, reply) =>
      sendCsv(reply, 'learner-progress', PROGRESS_COLUMNS, progressRows(deps.prisma, pseudonymKey)),
  );
}
