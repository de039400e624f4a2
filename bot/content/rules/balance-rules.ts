import type { ContentRule, RuleCourse } from './rule';

/** Counted as the learner reads it: Vietnamese letters with their marks are one character each. */
const length = (text: string) => [...text.normalize('NFC').trim()].length;

interface SingleChoice {
  /** `lesson/question`, for messages. */
  name: string;
  lengths: number[];
  right: number;
}

/** The course's single-choice questions: one correct option, not true/false, not multi-select. */
export function singleChoices(course: RuleCourse): SingleChoice[] {
  return course.lessons.flatMap((lesson) =>
    lesson.value.questions.flatMap((question) =>
      question.type === 'choice' && !question.multi
        ? [
            {
              name: `${lesson.id}/${question.id}`,
              lengths: question.options.map((option) => length(option.text.vi)),
              right: question.options.findIndex((option) => option.correct),
            },
          ]
        : [],
    ),
  );
}

/** The right option is longer than every other one (a tie is not "the longest"). */
export const strictlyLongest = (q: SingleChoice) =>
  q.lengths.every((n, index) => index === q.right || n < q.lengths[q.right]!);

/** The right option is shorter than every other one: "pick the shortest" would find it. */
export const strictlyShortest = (q: SingleChoice) =>
  q.lengths.every((n, index) => index === q.right || n > q.lengths[q.right]!);

const listed = (names: string[]) =>
  names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');

/** Rule 2: "pick the longest" must not pass a course. */
export const balancedLengths: ContentRule = {
  id: 'longest-right',
  title: '2. the right option is the longest in at most 1/3 of single-choice questions',
  check: (course) => {
    const questions = singleChoices(course);
    const longest = questions.filter(strictlyLongest).map((q) => q.name);
    const allowed = Math.floor(questions.length / 3);
    if (longest.length <= allowed) return [];
    return [
      course.at(
        `the right option is the longest (in Vietnamese characters) in ${longest.length} of ${questions.length} single-choice questions, at most ${allowed} allowed: ${listed(longest)}`,
      ),
    ];
  },
};

/** Rule 3: "always pick option N" must not pass a course. */
export const balancedPositions: ContentRule = {
  id: 'position',
  title: '3. no position holds the right option in more than 1/2 of single-choice questions',
  check: (course) => {
    const questions = singleChoices(course);
    const allowed = Math.floor(questions.length / 2);
    const counts = new Map<number, string[]>();
    for (const q of questions) counts.set(q.right, [...(counts.get(q.right) ?? []), q.name]);
    return [...counts.entries()]
      .filter(([, names]) => names.length > allowed)
      .map(([position, names]) =>
        course.at(
          `the right option is option ${position + 1} in ${names.length} of ${questions.length} single-choice questions, at most ${allowed} allowed: ${listed(names)}`,
        ),
      );
  },
};

/** Rule 6: "pick the shortest" must not pass a course either (distractors padded out too far). */
export const notShortestRight: ContentRule = {
  id: 'shortest-right',
  title: '6. the right option is the shortest in at most 1/3 of single-choice questions',
  check: (course) => {
    const questions = singleChoices(course);
    const shortest = questions.filter(strictlyShortest).map((q) => q.name);
    const allowed = Math.floor(questions.length / 3);
    if (shortest.length <= allowed) return [];
    return [
      course.at(
        `the right option is the shortest (in Vietnamese characters) in ${shortest.length} of ${questions.length} single-choice questions, at most ${allowed} allowed: ${listed(shortest)}`,
      ),
    ];
  },
};

/**
 * Rule 7: true/false always shows Đúng, Sai in that order, so an answer that is nearly always the same
 * is a position bias ("always Sai"). At most 2/3 of a course's true/false questions share an answer
 * (half, rounded up, when the course has fewer than four).
 */
export const balancedTrueFalse: ContentRule = {
  id: 'truefalse-answer',
  title: '7. neither Đúng nor Sai is the answer of more than 2/3 of true/false questions',
  check: (course) => {
    const byAnswer = new Map<boolean, string[]>();
    for (const lesson of course.lessons)
      for (const question of lesson.value.questions)
        if (question.type === 'truefalse')
          byAnswer.set(question.answer, [
            ...(byAnswer.get(question.answer) ?? []),
            `${lesson.id}/${question.id}`,
          ]);
    const total = [...byAnswer.values()].reduce((sum, names) => sum + names.length, 0);
    const allowed = Math.max(Math.ceil(total / 2), Math.floor((2 * total) / 3));
    return [...byAnswer.entries()]
      .filter(([, names]) => names.length > allowed)
      .map(([answer, names]) =>
        course.at(
          `${answer ? 'Đúng' : 'Sai'} is the answer of ${names.length} of ${total} true/false questions, at most ${allowed} allowed: ${listed(names)}`,
        ),
      );
  },
};
