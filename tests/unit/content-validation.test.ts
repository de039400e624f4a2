import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../bot/content/load-content';
import { formatContentError } from '../../bot/content/read-yaml';
import { writeContent } from '../support/content-fixture';

async function problems(dir: string): Promise<string[]> {
  const result = await loadContent(dir, new Date('2026-11-27'));
  return result.ok ? [] : result.errors.map(formatContentError);
}

// biome-ignore lint/suspicious/noExplicitAny: the cases below break the fixture in arbitrary places
type Obj = Record<string, any>;

describe('content validation', () => {
  it('accepts a valid course', async () => {
    const result = await loadContent(writeContent(), new Date('2026-11-27'));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.catalog.courses[0]!.lessons).toHaveLength(5);
      expect(result.catalog.courses[0]!.lessons[0]!.questions[0]!.key).toBe('demo/one/q1');
    }
  });

  it.each<[string, (c: { course: Obj; lessons: Obj[] }) => void, RegExp]>([
    [
      'a missing English card',
      (c) => delete c.lessons[0]!.cards[1].en,
      /one\.yaml:\d+: cards\[1\]\.en: is required/,
    ],
    [
      'a card over 500 characters',
      (c) => (c.lessons[1]!.cards[0].vi = 'x'.repeat(501)),
      /two\.yaml:\d+: cards\[0\]\.vi: is longer than 500/,
    ],
    ['one card only', (c) => c.lessons[0]!.cards.pop(), /cards: needs 2-4 cards/],
    [
      'two correct options',
      (c) => (c.lessons[2]!.questions[1].options[0].correct = true),
      /three\.yaml:\d+: questions\[1\]\.options: needs exactly one correct option \(has 2\)/,
    ],
    [
      'no correct option',
      (c) => delete c.lessons[2]!.questions[0].options[1].correct,
      /needs exactly one correct option \(has 0\)/,
    ],
    [
      'two options only',
      (c) => c.lessons[0]!.questions[0].options.pop(),
      /questions\[0\]\.options: needs 3-6 options/,
    ],
    [
      'an option without explanation',
      (c) => delete c.lessons[0]!.questions[2].options[1].explanation,
      /questions\[2\]\.options\[1\]\.explanation: needs vi and en/,
    ],
    ['no sources', (c) => (c.lessons[3]!.sources = []), /four\.yaml:\d+: sources: needs at least one source/],
    [
      'a source that is not a URL',
      (c) => (c.lessons[3]!.sources[0].url = 'chinhphu.vn'),
      /sources\[0\]\.url: must be an http\(s\) URL/,
    ],
    [
      'a source checked in the future',
      (c) => (c.lessons[4]!.sources[0].checked = '2027-01-01'),
      /five\.yaml: sources\[0\]\.checked: is in the future/,
    ],
    [
      'duplicate question ids',
      (c) => (c.lessons[0]!.questions[1].id = 'q1'),
      /one\.yaml: questions: duplicate question id "q1"/,
    ],
    [
      'an unknown key (typo)',
      (c) => (c.lessons[0]!.questions[0].promt = c.lessons[0]!.questions[0].prompt),
      /Unrecognized key: "promt"/,
    ],
    ['an unknown audience', (c) => (c.course.audiences = ['aliens']), /course\.yaml:\d+: audiences\[0\]/],
    ['four lessons', (c) => c.course.lessons.pop(), /course\.yaml:\d+: lessons: needs 5-7 lessons/],
    [
      'a lesson id that differs from its file',
      (c) => (c.course.lessons[4] = 'six'),
      /six\.yaml: cannot be read/,
    ],
    [
      'a truefalse question without answer',
      (c) =>
        (c.lessons[0]!.questions[0] = {
          id: 'q1',
          type: 'truefalse',
          prompt: { vi: 'a', en: 'a' },
          explanation: { vi: 'b', en: 'b' },
        }),
      /questions\[0\]\.answer: must be true or false/,
    ],
    [
      'a try step without help',
      (c) => (c.lessons[1]!.cards[0].try = { ask: { vi: 'Thử nhé?', en: 'Try it?' } }),
      /two\.yaml:\d+: cards\[0\]\.try\.help: needs vi and en/,
    ],
    [
      'a try question over 200 characters',
      (c) =>
        (c.lessons[1]!.cards[1].try = {
          ask: { vi: 'x'.repeat(201), en: 'Try it?' },
          help: { vi: 'Giúp.', en: 'Help.' },
        }),
      /two\.yaml:\d+: cards\[1\]\.try\.ask\.vi: is longer than 200/,
    ],
  ])('reports %s precisely', async (_name, edit, expected) => {
    const found = await problems(writeContent(edit));
    expect(found.join('\n')).toMatch(expected);
  });

  it('loads a try step onto its card and shuffle: false onto its question', async () => {
    const dir = writeContent((c: { lessons: Obj[] }) => {
      c.lessons[1]!.cards[0].try = {
        ask: { vi: 'Thử nhé?', en: 'Try it?' },
        help: { vi: 'Giúp.', en: 'Help.' },
      };
    });
    const result = await loadContent(dir, new Date('2026-11-27'));
    if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
    const [one, two] = result.catalog.courses[0]!.lessons;
    expect(two!.cards[0]!.try).toEqual({
      ask: { vi: 'Thử nhé?', en: 'Try it?' },
      help: { vi: 'Giúp.', en: 'Help.' },
    });
    expect(two!.cards[1]!.try).toBeUndefined();
    expect(one!.questions[0]!.shuffle).toBe(false);
    expect(two!.questions[0]!.shuffle).toBeUndefined();
  });

  it('reports broken YAML with its line, and a lesson file nobody lists', async () => {
    const dir = writeContent();
    writeFileSync(join(dir, 'courses', 'demo', 'two.yaml'), 'id: two\ntitle: { vi: "unclosed\n');
    writeFileSync(join(dir, 'courses', 'demo', 'extra.yaml'), 'id: extra\n');
    const found = (await problems(dir)).join('\n');
    expect(found).toMatch(/two\.yaml:\d+: is not valid YAML/);
    expect(found).toMatch(/extra\.yaml: is not listed in course\.yaml lessons/);
  });

  it('passes on the real curriculum in content/', async () => {
    const result = await loadContent(new URL('../../content', import.meta.url).pathname);
    expect(result.ok ? [] : result.errors.map(formatContentError)).toEqual([]);
  });
});
