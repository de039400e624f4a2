import { z } from 'zod';

export const AUDIENCES = ['citizen', 'elder', 'student', 'civil_servant', 'worker', 'volunteer'] as const;
export type AudienceId = (typeof AUDIENCES)[number];

const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and -)');

const text = (max: number) =>
  z
    .string({ error: 'is required (text)' })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `is longer than ${max} characters`));

/** Every learner-facing text exists in Vietnamese and English. */
const localized = (max: number) =>
  z.strictObject({ vi: text(max), en: text(max) }, { error: 'needs vi and en' });

const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const iso = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(iso))) {
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return iso;
});

export const sourceSchema = z.strictObject({
  title: text(300),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  checked: isoDate,
});

export const courseFileSchema = z.strictObject({
  id: kebabId,
  order: z.number().int().min(0),
  title: localized(120),
  summary: localized(300),
  audiences: z.array(z.enum(AUDIENCES)).min(1, 'needs at least one audience group'),
  lessons: z.array(kebabId).min(5, 'needs 5-7 lessons').max(7, 'needs 5-7 lessons'),
});

const optionSchema = z.strictObject({
  text: localized(150),
  correct: z.boolean().optional(),
  explanation: localized(400),
});

const choiceQuestionSchema = z.strictObject({
  id: kebabId,
  type: z.literal('choice'),
  multi: z.boolean().optional(),
  /** `false` keeps the written order for every learner (options that refer to each other). */
  shuffle: z.boolean().optional(),
  prompt: localized(300),
  options: z.array(optionSchema).min(3, 'needs 3-6 options').max(6, 'needs 3-6 options'),
});

const trueFalseQuestionSchema = z.strictObject({
  id: kebabId,
  type: z.literal('truefalse'),
  prompt: localized(300),
  answer: z.boolean({ error: 'must be true or false' }),
  explanation: localized(400),
});

const withDefaultType = (value: unknown) =>
  value && typeof value === 'object' && !('type' in value) ? { ...value, type: 'choice' } : value;

export const questionSchema = z
  .preprocess(
    withDefaultType,
    z.discriminatedUnion('type', [choiceQuestionSchema, trueFalseQuestionSchema], {
      error: 'type must be choice (the default) or truefalse',
    }),
  )
  .superRefine((question, ctx) => {
    if (question.type === 'truefalse') return;
    const correct = question.options.filter((option) => option.correct).length;
    if (question.multi ? correct < 2 : correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: question.multi
          ? `a multi-select question needs at least 2 correct options (has ${correct})`
          : `needs exactly one correct option (has ${correct}); mark multi: true for multi-select`,
      });
    }
  });

/** A "try it now" step after a card: `ask` is a yes/no action, `help` answers "Cần giúp". */
export const tryStepSchema = z.strictObject(
  { ask: localized(200), help: localized(500) },
  { error: 'needs ask and help' },
);

const cardSchema = z.strictObject(
  { vi: text(500), en: text(500), try: tryStepSchema.optional() },
  { error: 'needs vi and en' },
);

export const lessonFileSchema = z.strictObject({
  id: kebabId,
  title: localized(120),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
  cards: z.array(cardSchema).min(2, 'needs 2-4 cards').max(4, 'needs 2-4 cards'),
  questions: z.array(questionSchema).min(3, 'needs 3-5 questions').max(5, 'needs 3-5 questions'),
});

export const provincesFileSchema = z.strictObject({
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
  provinces: z
    .array(
      z.strictObject({
        code: kebabId,
        name: text(60),
        city: z.boolean().optional(),
        aliases: z.array(text(60)).optional(),
        formerly: z.array(text(60)).optional(),
      }),
    )
    .min(1),
});

export type CourseFile = z.infer<typeof courseFileSchema>;
export type LessonFile = z.infer<typeof lessonFileSchema>;
export type QuestionFile = z.infer<typeof questionSchema>;
export type ProvincesFile = z.infer<typeof provincesFileSchema>;
export type Source = z.infer<typeof sourceSchema>;
