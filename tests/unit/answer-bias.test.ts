import { describe, expect, it } from 'vitest';
import { type Course, createCatalog, type Question } from '../../bot/content/catalog';
import { alwaysFirst, alwaysLongest, playWithoutReading } from '../support/answer-bias';
import { sampleCatalog, sampleProvinces } from '../support/sample-catalog';

/** The sample courses rewritten the way issue 16 found the curriculum: the right option first and longest. */
function biased(shuffle: boolean) {
  const rewrite = (q: Question): Question => {
    if (q.kind === 'truefalse') return q;
    const right = q.options.find((o) => o.correct)!;
    const long = {
      ...right,
      text: { vi: `${right.text.vi} và luôn dài nhất`, en: `${right.text.en} always` },
    };
    return {
      ...q,
      options: [long, ...q.options.filter((o) => !o.correct)],
      ...(shuffle ? {} : { shuffle: false }),
    };
  };
  const courses = sampleCatalog().courses.map(
    (course): Course => ({
      ...course,
      lessons: course.lessons.map((lesson) => ({ ...lesson, questions: lesson.questions.map(rewrite) })),
    }),
  );
  return createCatalog(courses, sampleProvinces);
}

describe('a learner who does not read (the simulation behind tests/content/answer-bias)', () => {
  it('scores far above chance on biased options shown as written', () => {
    const first = playWithoutReading(biased(false), alwaysFirst, 4);
    // 2 of 3 questions are single choice with 3 options; the true/false one is "Sai" (option 2).
    expect(first.chance).toBeCloseTo((1 / 3 + 1 / 2 + 1 / 3) / 3, 5);
    expect(first.score).toBeCloseTo(2 / 3, 5);
    expect(playWithoutReading(biased(false), alwaysLongest, 4).score).toBeCloseTo(2 / 3, 5);
  });

  it('shuffling brings "always the first" to chance, but not "always the longest"', () => {
    const first = playWithoutReading(biased(true), alwaysFirst, 30);
    // Single choice now right 1 time in 3 (2 questions of 3), the true/false "Sai" never picked.
    expect(Math.abs(first.score - 2 / 9)).toBeLessThan(0.06);
    expect(first.score - first.chance).toBeLessThan(0.1);
    const longest = playWithoutReading(biased(true), alwaysLongest, 30);
    expect(longest.score - longest.chance).toBeGreaterThan(0.2);
  });
});
