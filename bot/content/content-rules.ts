import type { CourseSource } from './load-content';
import { type ContentError, formatPath } from './read-yaml';
import {
  balancedLengths,
  balancedPositions,
  balancedTrueFalse,
  notShortestRight,
} from './rules/balance-rules';
import type { ContentRule, RuleCourse } from './rules/rule';
import { noLegalNumbersInCards, noVerdictInExplanations, shortSentences } from './rules/text-rules';

export type { ContentRule, RuleCourse };

/** Every rule `npm run content:check` enforces on top of the file format, in one place. */
export const CONTENT_RULES: readonly ContentRule[] = [
  noVerdictInExplanations,
  balancedLengths,
  balancedPositions,
  shortSentences,
  noLegalNumbersInCards,
  notShortestRight,
  balancedTrueFalse,
];

function ruleCourse(source: CourseSource): RuleCourse {
  return {
    id: source.id,
    at: (message) => ({ file: source.file, path: 'lessons', line: source.lineOf(['lessons']), message }),
    lessons: source.lessons.map((lesson) => ({
      id: lesson.id,
      value: lesson.value,
      at: (parts, message) => ({
        file: lesson.file,
        path: formatPath(parts),
        line: lesson.lineOf(parts),
        message,
      }),
    })),
  };
}

/** Runs the rules over the courses that loaded; each problem names the rule that found it. */
export function checkContentRules(
  courses: readonly CourseSource[],
  rules: readonly ContentRule[] = CONTENT_RULES,
): ContentError[] {
  return courses.flatMap((source) => {
    const course = ruleCourse(source);
    return rules.flatMap((rule) => rule.check(course).map((error) => ({ ...error, rule: rule.id })));
  });
}
