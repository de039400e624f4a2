import { loadConfig } from '../config';
import { loadContent } from '../content/load-content';
import { formatContentError } from '../content/read-yaml';

const config = loadConfig();
const result = await loadContent(config.contentDir);
if (!result.ok) {
  for (const error of result.errors) console.error(formatContentError(error));
  console.error(`content:check: ${result.errors.length} problem(s) in ${config.contentDir}`);
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
