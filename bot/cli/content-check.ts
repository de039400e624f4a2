import { loadConfig } from '../config';
import { checkContentRules } from '../content/content-rules';
import { loadContent } from '../content/load-content';
import { formatContentError } from '../content/read-yaml';
import { rulesReport } from '../content/rules-report';

/** `--report`: the writing rules as a per-course table that never fails (format errors still do). */
const reportOnly = process.argv.includes('--report');
const config = loadConfig();
const result = await loadContent(config.contentDir);
const ruleProblems = checkContentRules(result.sources);
if (!result.ok) {
  for (const error of result.errors) console.error(formatContentError(error));
  console.error(`content:check: ${result.errors.length} problem(s) in ${config.contentDir}`);
  process.exit(1);
}
if (reportOnly) {
  console.log(
    rulesReport(
      result.catalog.courses.map((course) => course.id),
      ruleProblems,
    ),
  );
  if (process.argv.includes('--all'))
    for (const error of ruleProblems) console.log(formatContentError(error));
  process.exit(0);
}
if (ruleProblems.length > 0) {
  for (const error of ruleProblems) console.error(`${formatContentError(error)} [rule ${error.rule}]`);
  console.error(
    `content:check: ${ruleProblems.length} writing-rule problem(s) in ${config.contentDir} (npm run content:lint-report for a summary)`,
  );
  process.exit(1);
}
const { courses, provinces } = result.catalog;
const lessons = courses.reduce((sum, course) => sum + course.lessons.length, 0);
const questions = courses.reduce(
  (sum, course) => sum + course.lessons.reduce((n, lesson) => n + lesson.questions.length, 0),
  0,
);
console.log(
  `content:check: OK — ${courses.length} courses, ${lessons} lessons, ${questions} questions, ${provinces.length} provinces`,
);
