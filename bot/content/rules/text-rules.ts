import { leadingVerdict } from '../verdict';
import { lessonTexts } from './lesson-texts';
import type { ContentRule } from './rule';

export const MAX_SENTENCE_WORDS = 25;

/** Rule 1: the engine says the verdict; an explanation carries only the reason. */
export const noVerdictInExplanations: ContentRule = {
  id: 'verdict',
  title: '1. explanations start without a verdict',
  check: (course) =>
    course.lessons.flatMap((lesson) =>
      lessonTexts(lesson.value)
        .filter((t) => t.kind === 'explanation')
        .flatMap((t) => {
          const verdict = leadingVerdict(t.text);
          return verdict
            ? [
                lesson.at(
                  t.path,
                  `starts with the verdict "${verdict}": the bot says the verdict, write only the reason`,
                ),
              ]
            : [];
        }),
    ),
};

/** Words that carry meaning: emoji, bullets and dashes are not words. */
const words = (sentence: string) => sentence.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));

/** Rule 4: sentences of at most 25 words, split at . ! ? and line breaks. */
export const shortSentences: ContentRule = {
  id: 'sentence-length',
  title: `4. sentences of at most ${MAX_SENTENCE_WORDS} words`,
  check: (course) =>
    course.lessons.flatMap((lesson) =>
      lessonTexts(lesson.value).flatMap((t) => {
        const long = t.text
          .split(/[.!?]+(?=\s|$)|\n/)
          .map((sentence) => words(sentence))
          .filter((sentence) => sentence.length > MAX_SENTENCE_WORDS)
          .sort((a, b) => b.length - a.length);
        if (long.length === 0) return [];
        const start = long[0]!.slice(0, 8).join(' ');
        const count = long.length > 1 ? `${long.length} sentences` : 'a sentence';
        return [
          lesson.at(
            t.path,
            `has ${count} over ${MAX_SENTENCE_WORDS} words (the longest: ${long[0]!.length}, "${start} …")`,
          ),
        ];
      }),
    ),
};

/** "50/2024/TT-NHNN", "13/2023/NĐ-CP", "623/TTg-KSTT", "Decree 356/2025", "Nghị định số 13". */
const LEGAL_NUMBER = new RegExp(
  [
    '\\b\\d+/\\d{4}/[\\p{Lu}Đ][\\p{Lu}Đ\\d]*(?:-[\\p{Lu}Đ][\\p{Lu}Đ\\d]*)*',
    '\\b\\d+/[\\p{Lu}Đ]\\p{L}*-[\\p{Lu}Đ]+',
    '(?:Thông tư|Nghị định|Quyết định|Nghị quyết|Công văn|Chỉ thị|Luật|Circular|Decree|Decision|Resolution|Directive|Official Letter|Law)\\s+(?:số\\s+|No\\.?\\s*)?\\d+(?:/\\d{4})?',
  ].join('|'),
  'u',
);

/** Rule 5: cards teach the rule in plain words; document numbers belong in `sources`. */
export const noLegalNumbersInCards: ContentRule = {
  id: 'legal-number',
  title: '5. no legal document numbers in cards',
  check: (course) =>
    course.lessons.flatMap((lesson) =>
      lessonTexts(lesson.value)
        .filter((t) => t.kind === 'card' || t.kind === 'try')
        .flatMap((t) => {
          const found = LEGAL_NUMBER.exec(t.text)?.[0];
          return found
            ? [
                lesson.at(
                  t.path,
                  `names a legal document ("${found}"): keep it in sources and name the rule in plain words (e.g. "theo quy định của Ngân hàng Nhà nước")`,
                ),
              ]
            : [];
        }),
    ),
};
