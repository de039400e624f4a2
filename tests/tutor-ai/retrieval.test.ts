import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../bot/content/catalog';
import { loadContent } from '../../bot/content/load-content';
import { fold } from '../../bot/engine/normalize';
import { createLessonIndex, type LessonIndex } from '../../bot/tutor-ai/lesson-index';
import { evaluateRetrieval, type QuestionSet, readQuestionSet } from '../../bot/tutor-ai/retrieval-eval';
import { indexTerms, pairTerm, queryTerms } from '../../bot/tutor-ai/search-terms';

let catalog: Catalog;
let index: LessonIndex;
let questions: QuestionSet;

beforeAll(async () => {
  const content = await loadContent(new URL('../../content', import.meta.url).pathname);
  if (!content.ok) throw new Error('content/ is invalid');
  catalog = content.catalog;
  index = createLessonIndex(catalog);
  questions = await readQuestionSet(new URL('../eval/retrieval-questions.yaml', import.meta.url).pathname);
});

const top = (query: string, limit = 3) =>
  index
    .searchLessons(query, { language: 'vi', limit })
    .map((hit) => `${hit.ref.courseId}/${hit.ref.lessonId}`);

describe('search terms', () => {
  it('folds diacritics so toneless typing meets the lessons', () => {
    expect(queryTerms('quên mật khẩu')).toEqual(queryTerms('quen mat khau'));
    expect(indexTerms('Mật khẩu')).toContain(pairTerm('mat', 'khau'));
  });

  it('keeps hyphenated words whole as well, so "wifi" finds "Wi-Fi"', () => {
    expect(indexTerms('Bật Wi-Fi')).toContain('wifi');
  });

  it('writes words spelt several ways one way, pairs included ("bật Wi-Fi" = "bat wifi")', () => {
    const wifi = indexTerms('bật wifi');
    for (const spelling of ['Bật Wi-Fi', 'bat wi fi', 'bật wai phai'])
      expect(indexTerms(spelling)).toEqual(expect.arrayContaining(wifi));
    expect(wifi).toContain(pairTerm('bat', 'wifi'));
    expect(indexTerms('kết nối in-tơ-nét')).toContain('internet');
  });

  it('reads "online" words as Wi-Fi, 4G and Internet, but not "mạng xã hội"', () => {
    expect(queryTerms('điện thoại không vào được mạng')).toEqual(
      expect.arrayContaining(['wifi', '4g', 'internet']),
    );
    expect(queryTerms('mat mang')).toContain('wifi');
    expect(queryTerms('mạng xã hội là gì')).not.toContain('wifi');
  });

  it('takes English endings off, so "asked" meets "ask" and "passwords" meets "password"', () => {
    expect(queryTerms('asked')).toEqual(queryTerms('ask'));
    expect(indexTerms('passwords')).toContain('password');
    expect(indexTerms('thông tin')).toEqual(['thong', pairTerm('thong', 'tin'), 'tin']);
  });

  it('drops stop words and expands everyday shorthand', () => {
    expect(queryTerms('thì sao')).toEqual([]);
    expect(queryTerms('quen mk')).toContain(pairTerm('mat', 'khau'));
    expect(queryTerms('lo anh cccd')).toContain(pairTerm('can', 'cuoc'));
  });
});

describe('lesson search', () => {
  it('finds the lesson for short queries', () => {
    expect(top('wifi')).toContain('smartphone-basics/wifi-and-4g');
    expect(top('vneid')[0]).toMatch(/^vneid\//);
    expect(top('otp').some((id) => /bank-app-basics|fake-links-apps-otp|two-step/.test(id))).toBe(true);
  });

  it('ranks the Wi-Fi lesson first for "bật wifi trên điện thoại", not a lesson about electricity', () => {
    for (const query of [
      'bật wifi trên điện thoại',
      'bat wifi tren dien thoai',
      'dien thoai khong vao duoc mang',
    ])
      expect(top(query)[0]).toBe('smartphone-basics/wifi-and-4g');
  });

  it('answers in the asked language whatever language matched', () => {
    const [hit] = index.searchLessons('How do I turn on Wi-Fi?', { language: 'vi' });
    expect(hit?.ref).toEqual({
      courseId: 'smartphone-basics',
      lessonId: 'wifi-and-4g',
      title: catalog.lesson('smartphone-basics', 'wifi-and-4g')!.title.vi,
      courseTitle: catalog.course('smartphone-basics')!.title.vi,
    });
    expect(hit!.passages.every((p) => p.passage.language === 'vi')).toBe(true);
    expect(hit!.passages[0]!.passage.display).toMatch(/Wi-Fi/);
  });

  it('indexes every card and question of every lesson in both languages', () => {
    const pieces = catalog.courses
      .flatMap((course) => course.lessons)
      .reduce((sum, lesson) => sum + lesson.cards.length + lesson.questions.length, 0);
    expect(index.passageCount).toBe(pieces * 2);
  });
});

describe('the question set', () => {
  it('has at least 60 learner questions, with and without diacritics and some in English', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    const withTones = questions.filter((q) => /[à-ỹđ]/i.test(q.q));
    const toneless = questions.filter((q) => fold(q.q) === q.q.toLowerCase());
    expect(withTones.length).toBeGreaterThanOrEqual(20);
    expect(toneless.length).toBeGreaterThanOrEqual(20);
    expect(questions.filter((q) => /\b(how|what|my|i|is)\b/i.test(q.q)).length).toBeGreaterThanOrEqual(5);
  });

  it('finds a right lesson in the top 3 for at least 90% of them, also typed without tones', () => {
    const result = evaluateRetrieval(index, catalog, questions);
    expect(result.unknownLessons).toEqual([]);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
    const toneless = evaluateRetrieval(
      index,
      catalog,
      questions.map((q) => ({ ...q, q: fold(q.q) })),
    );
    expect(toneless.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
