import type { Catalog, Question } from '../../bot/content/catalog';
import { createTutorDriver } from './tutor-driver';

/** A learner who does not read: picks a displayed option by its place or its look alone. */
export type Strategy = (labels: string[]) => number;

export const alwaysFirst: Strategy = () => 0;
/** The longest label as shown (Vietnamese characters); on a tie, the first of them on screen. */
export const alwaysLongest: Strategy = (labels) => {
  const lengths = labels.map((label) => [...label.normalize('NFC')].length);
  return lengths.indexOf(Math.max(...lengths));
};

/** The shortest label as shown; on a tie, the first of them on screen (true/false: always "Sai"). */
export const alwaysShortest: Strategy = (labels) => {
  const lengths = labels.map((label) => [...label.normalize('NFC')].length);
  return lengths.indexOf(Math.min(...lengths));
};
/** The last option shown (true/false: always "Sai", the fixed second button). */
export const alwaysLast: Strategy = (labels) => labels.length - 1;

export interface Score {
  /** Share of first-try answers that were right. */
  score: number;
  /** What guessing uniformly among each question's options scores, over the same answers. */
  chance: number;
  answers: number;
}

/**
 * Plays `learners` learners (each with their own seed, from their own first turn's time) through every
 * course of the catalog with the real tutor, answering every question with `strategy` applied to the
 * choices they are shown. Multi-select questions are left out of score and chance: one pick can never
 * answer them.
 */
export function playWithoutReading(
  catalog: Catalog,
  strategy: Strategy,
  learners: number,
): Score & { perCourse: Record<string, Score> } {
  const questions = new Map<string, Question>();
  for (const course of catalog.courses)
    for (const lesson of course.lessons) for (const q of lesson.questions) questions.set(q.key, q);
  const tally = new Map<string, { right: number; chance: number; answers: number }>();
  for (let n = 0; n < learners; n++) {
    const d = createTutorDriver(catalog, Date.parse('2026-12-05T00:00:00Z') + n * 60_013);
    let replies = d.onboard();
    let opened = 0;
    let completed = 0;
    for (let turns = 0; completed < catalog.courses.length; turns++) {
      if (turns > 50_000) throw new Error('the simulated learner is stuck');
      const step = d.learner!.state.step;
      if (step.at === 'menu') replies = d.send(String(++opened));
      else if (step.at === 'question') {
        const labels = replies.findLast((reply) => reply.choices)?.choices?.map((c) => c.label) ?? [];
        replies = d.send(String(strategy(labels) + 1));
      } else replies = d.send('1');
      if (d.last.courseCompleted) completed += 1;
    }
    for (const answer of d.answers) {
      const question = questions.get(answer.questionKey)!;
      if (answer.isRetry || question.kind === 'multi') continue;
      const t = tally.get(answer.courseId) ?? { right: 0, chance: 0, answers: 0 };
      t.right += answer.correct ? 1 : 0;
      t.chance += 1 / question.options.length;
      t.answers += 1;
      tally.set(answer.courseId, t);
    }
  }
  const score = (t: { right: number; chance: number; answers: number }): Score => ({
    score: t.right / t.answers,
    chance: t.chance / t.answers,
    answers: t.answers,
  });
  const total = [...tally.values()].reduce(
    (sum, t) => ({
      right: sum.right + t.right,
      chance: sum.chance + t.chance,
      answers: sum.answers + t.answers,
    }),
    { right: 0, chance: 0, answers: 0 },
  );
  return {
    ...score(total),
    perCourse: Object.fromEntries([...tally.entries()].map(([course, t]) => [course, score(t)])),
  };
}

/** "first: 34.1% (chance 33.0%)" per course, for a failure message a content writer can act on. */
export function describeScores(result: ReturnType<typeof playWithoutReading>): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return Object.entries(result.perCourse)
    .map(([course, s]) => `${course}: ${pct(s.score)} (chance ${pct(s.chance)}, ${s.answers} answers)`)
    .join('\n');
}
