import type { Catalog, Language, Lesson, Question } from '../content/catalog';

export type PassageKind = 'card' | 'question';

/** One searchable piece of a lesson, in one language. */
export interface Passage {
  /** `<course>/<lesson>/<card-N|question-id>/<language>`; the same id minus the language in both languages. */
  id: string;
  /** The id without the language: the same piece in the other language shares it. */
  key: string;
  courseId: string;
  lessonId: string;
  language: Language;
  kind: PassageKind;
  courseTitle: string;
  lessonTitle: string;
  /** What is indexed. */
  text: string;
  /** What a learner is shown: a card as is, a question with its right answer and why. */
  display: string;
}

const LANGUAGES: Language[] = ['vi', 'en'];

/** Every card, and every question with its options and explanations, of every lesson, in both languages. */
export function catalogPassages(catalog: Catalog): Passage[] {
  const passages: Passage[] = [];
  for (const course of catalog.courses) {
    for (const lesson of course.lessons) {
      for (const language of LANGUAGES) {
        const base = {
          courseId: course.id,
          lessonId: lesson.id,
          language,
          courseTitle: course.title[language],
          lessonTitle: lesson.title[language],
        };
        lesson.cards.forEach((card, index) => {
          const key = `${course.id}/${lesson.id}/card-${index + 1}`;
          const text = card[language].trim();
          passages.push({ ...base, id: `${key}/${language}`, key, kind: 'card', text, display: text });
        });
        for (const question of lesson.questions) {
          passages.push(questionPassage(lesson, question, language, base));
        }
      }
    }
  }
  return passages;
}

function questionPassage(
  lesson: Lesson,
  question: Question,
  language: Language,
  base: Omit<Passage, 'id' | 'key' | 'kind' | 'text' | 'display'>,
): Passage {
  const key = `${lesson.courseId}/${lesson.id}/${question.id}`;
  const prompt = question.prompt[language].trim();
  const options = question.options.map((option) => option.text[language]);
  const explanations = [...new Set(question.options.map((option) => option.explanation[language].trim()))];
  const right = question.options.filter((option) => option.correct);
  const answer = right.map((option) => `✅ ${option.text[language]}`).join('\n');
  // True/false questions carry one explanation for both options.
  const why = [...new Set(right.map((option) => option.explanation[language].trim()))].join(' ');
  return {
    ...base,
    id: `${key}/${language}`,
    key,
    kind: 'question',
    text: [prompt, ...options, ...explanations].join('\n'),
    display: `${prompt}\n${answer}\n${why}`,
  };
}
