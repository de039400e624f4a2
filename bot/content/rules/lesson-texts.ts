import type { Language } from '../catalog';
import type { LessonFile } from '../content-schema';

export type TextKind = 'card' | 'try' | 'prompt' | 'option' | 'explanation';

export interface LessonText {
  kind: TextKind;
  language: Language;
  path: (string | number)[];
  text: string;
}

const LANGUAGES: Language[] = ['vi', 'en'];

/** Every learner-facing text of a lesson file, with its path in the file. */
export function lessonTexts(lesson: LessonFile): LessonText[] {
  const out: LessonText[] = [];
  const add = (kind: TextKind, path: (string | number)[], value: Record<Language, string>) => {
    for (const language of LANGUAGES)
      out.push({ kind, language, path: [...path, language], text: value[language] });
  };
  lesson.cards.forEach((card, c) => {
    add('card', ['cards', c], card);
    if (card.try) {
      add('try', ['cards', c, 'try', 'ask'], card.try.ask);
      add('try', ['cards', c, 'try', 'help'], card.try.help);
    }
  });
  lesson.questions.forEach((question, q) => {
    add('prompt', ['questions', q, 'prompt'], question.prompt);
    if (question.type === 'truefalse') {
      add('explanation', ['questions', q, 'explanation'], question.explanation);
      return;
    }
    question.options.forEach((option, o) => {
      add('option', ['questions', q, 'options', o, 'text'], option.text);
      add('explanation', ['questions', q, 'options', o, 'explanation'], option.explanation);
    });
  });
  return out;
}
