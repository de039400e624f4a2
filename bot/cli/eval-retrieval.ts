import { loadConfig } from '../config';
import { loadContent } from '../content/load-content';
import { fold } from '../engine/normalize';
import { createLessonIndex } from '../tutor-ai/lesson-index';
import { evaluateRetrieval, readQuestionSet } from '../tutor-ai/retrieval-eval';

const QUESTIONS = new URL('../../tests/eval/retrieval-questions.yaml', import.meta.url).pathname;
const TARGET = 0.9;

const config = loadConfig();
const content = await loadContent(config.contentDir);
if (!content.ok) {
  console.error('eval:retrieval: the content is invalid; run npm run content:check');
  process.exit(1);
}
const index = createLessonIndex(content.catalog);
const questions = await readQuestionSet(QUESTIONS);
const result = evaluateRetrieval(index, content.catalog, questions);
// The same questions typed the way many learners do: no tones, no capitals.
const toneless = evaluateRetrieval(
  index,
  content.catalog,
  questions.map((question) => ({ ...question, q: fold(question.q) })),
);
for (const miss of result.misses) {
  console.log(
    `miss: "${miss.q}"\n  expected ${miss.expected.join(' | ')}\n  got      ${miss.got.join(' | ') || '(nothing)'}`,
  );
}
for (const id of result.unknownLessons) console.log(`unknown lesson in the question set: ${id}`);
const percent = (result.accuracy * 100).toFixed(1);
console.log(
  `eval:retrieval: top-3 accuracy ${percent}% (${result.found}/${result.total} questions, ${index.passageCount} passages; target ≥ ${TARGET * 100}%)`,
);
console.log(
  `eval:retrieval: the same questions without tones: ${(toneless.accuracy * 100).toFixed(1)}% (${toneless.found}/${toneless.total})`,
);
process.exit(
  result.accuracy >= TARGET && toneless.accuracy >= TARGET && result.unknownLessons.length === 0 ? 0 : 1,
);
