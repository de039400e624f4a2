import type { Catalog, Language, Lesson } from './catalog';

/** Slow, careful reading: many learners are elderly or new to reading on a phone. */
const WORDS_PER_MINUTE = 150;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function lessonWords(lesson: Lesson, language: Language): number {
  const cards = lesson.cards.reduce((sum, card) => sum + words(card[language]), 0);
  const quiz = lesson.questions.reduce(
    (sum, q) => sum + words(q.prompt[language]) + q.options.reduce((n, o) => n + words(o.text[language]), 0),
    0,
  );
  return cards + quiz;
}

/** A plain-text table for staff: what each course holds and how long it takes to read. */
export function contentReport(catalog: Catalog, language: Language = 'vi'): string {
  const lines: string[] = [];
  let total = { lessons: 0, cards: 0, questions: 0, minutes: 0 };
  for (const course of catalog.courses) {
    const minutes = course.lessons.reduce(
      (sum, lesson) => sum + lessonWords(lesson, language) / WORDS_PER_MINUTE,
      0,
    );
    const cards = course.lessons.reduce((sum, lesson) => sum + lesson.cards.length, 0);
    const questions = course.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0);
    lines.push(
      `${course.order}. ${course.id} — ${course.title[language]}`,
      `   ${course.lessons.length} lessons, ${cards} cards, ${questions} questions, ~${Math.ceil(minutes)} min reading; for: ${course.audiences.join(', ')}`,
    );
    for (const lesson of course.lessons) {
      const lessonMinutes = lessonWords(lesson, language) / WORDS_PER_MINUTE;
      lines.push(
        `   - ${lesson.id}: ${lesson.cards.length} cards, ${lesson.questions.length} questions, ~${lessonMinutes.toFixed(1)} min, ${lesson.sources.length} sources`,
      );
    }
    total = {
      lessons: total.lessons + course.lessons.length,
      cards: total.cards + cards,
      questions: total.questions + questions,
      minutes: total.minutes + minutes,
    };
  }
  lines.push(
    '',
    `Total: ${catalog.courses.length} courses, ${total.lessons} lessons, ${total.cards} cards, ${total.questions} questions, ~${Math.ceil(total.minutes)} min reading (${language}, ${WORDS_PER_MINUTE} words/min)`,
  );
  return lines.join('\n');
}
