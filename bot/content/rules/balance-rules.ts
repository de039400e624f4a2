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
