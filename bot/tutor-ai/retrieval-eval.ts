import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import type { LessonIndex } from './lesson-index';

const questionSetSchema = z.array(
  z.object({
    q: z.string().min(1),
    lessons: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be <course>/<lesson>')).min(1),
  }),
);

export type QuestionSet = z.infer<typeof questionSetSchema>;

export async function readQuestionSet(file: string): Promise<QuestionSet> {
  return questionSetSchema.parse(parse(await readFile(file, 'utf8')));
}

export interface RetrievalEvaluation {
  total: number;
  found: number;
  accuracy: number;
  misses: { q: string; expected: string[]; got: string[] }[];
  /** Lessons the set names that the catalog no longer has: the set needs fixing. */
  unknownLessons: string[];
}

/** Top-k accuracy: a question counts when one of its lessons is among the first k found. */
export function evaluateRetrieval(
  index: LessonIndex,
  catalog: Catalog,
  questions: QuestionSet,
  k = 3,
): RetrievalEvaluation {
  const unknownLessons = [
    ...new Set(
      questions
        .flatMap((question) => question.lessons)
        .filter((id) => {
          const [course, lesson] = id.split('/') as [string, string];
          return !catalog.lesson(course, lesson);
        }),
    ),
  ];
  const misses: RetrievalEvaluation['misses'] = [];
  for (const question of questions) {
    // Ranking does not depend on the language asked for; only the titles returned do.
    const got = index
      .searchLessons(question.q, { language: 'vi', limit: k })
      .map((hit) => `${hit.ref.courseId}/${hit.ref.lessonId}`);
    if (!question.lessons.some((id) => got.includes(id)))
      misses.push({ q: question.q, expected: question.lessons, got });
  }
  const found = questions.length - misses.length;
  return { total: questions.length, found, accuracy: found / questions.length, misses, unknownLessons };
}
