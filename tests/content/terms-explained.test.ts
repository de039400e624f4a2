import { describe, expect, it } from 'vitest';
import type { Course, Language } from '../../bot/content/catalog';
import { loadContent } from '../../bot/content/load-content';

/**
 * Issue 16: "explain terms (passcode, OTP, tra soát) the first time they appear". A learner may open
 * any course first, so the first time is counted per course, in reading order: each lesson's cards
 * (with their try step), then its questions. The card, try step or question that first names the
 * term must also say what it is, in words like these. "Passcode" is checked in Vietnamese only, where it
 * is a borrowed word for VNeID's 6-digit code; in English it is the everyday word for a phone's unlock code.
 */
const TERMS: { term: string; language: Language; named: RegExp; explained: RegExp }[] = [
  { term: 'OTP', language: 'vi', named: /\bOTP\b/, explained: /dùng một lần/i },
  { term: 'OTP', language: 'en', named: /\bOTPs?\b/, explained: /one-time/i },
  {
    term: 'passcode',
    language: 'vi',
    named: /passcode/i,
    explained: /6 (chữ )?số|mã bảo vệ|mã số bạn tự đặt/i,
  },
  { term: 'tra soát', language: 'vi', named: /tra soát/i, explained: /kiểm tra lại/i },
];

const loaded = await loadContent(new URL('../../content', import.meta.url).pathname);
if (!loaded.ok) throw new Error('content/ is invalid: run npm run content:check');
const { catalog } = loaded;

/** Every piece a learner reads in a course, in order, with where it is. */
function readingOrder(course: Course, language: Language): { where: string; text: string }[] {
  return course.lessons.flatMap((lesson) => [
    ...lesson.cards.map((card, n) => ({
      where: `${lesson.id} card ${n + 1}`,
      text: [card[language], card.try?.ask[language] ?? '', card.try?.help[language] ?? ''].join('\n'),
    })),
    ...lesson.questions.map((q) => ({
      where: `${lesson.id}/${q.id}`,
      text: [
        q.prompt[language],
        ...q.options.flatMap((o) => [o.text[language], o.explanation[language]]),
      ].join('\n'),
    })),
  ]);
}

describe('terms are explained where a course first uses them', () => {
  it.each(TERMS.map((t) => [`${t.term} (${t.language})`, t] as const))('%s', (_name, t) => {
    const unexplained = catalog.courses.flatMap((course) => {
      const first = readingOrder(course, t.language).find((piece) => t.named.test(piece.text));
      return first && !t.explained.test(first.text) ? [`${course.id}: ${first.where}`] : [];
    });
    expect(unexplained).toEqual([]);
  });

  it('finds the terms at all (the patterns still match the curriculum)', () => {
    for (const t of TERMS) {
      const courses = catalog.courses.filter((course) =>
        readingOrder(course, t.language).some((piece) => t.named.test(piece.text)),
      );
      expect(courses.length, `${t.term} (${t.language})`).toBeGreaterThan(0);
    }
  });
});
