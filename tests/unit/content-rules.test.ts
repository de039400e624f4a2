import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONTENT_RULES, checkContentRules } from '../../bot/content/content-rules';
import { loadContent } from '../../bot/content/load-content';
import { formatContentError } from '../../bot/content/read-yaml';
import { rulesReport } from '../../bot/content/rules-report';
import { leadingVerdict, withoutVerdict } from '../../bot/content/verdict';
import { writeContent } from '../support/content-fixture';

// biome-ignore lint/suspicious/noExplicitAny: the cases below break the fixture in arbitrary places
type Obj = Record<string, any>;
type Edit = (c: { course: Obj; lessons: Obj[] }) => void;

async function ruleProblems(edit?: Edit): Promise<string[]> {
  const result = await loadContent(writeContent(edit), new Date('2026-11-27'));
  if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
  return checkContentRules(result.sources).map((e) => `${formatContentError(e)} [${e.rule}]`);
}

/** Every single-choice question of the fixture, in order: 5 lessons × 3. */
const questions = (c: { lessons: Obj[] }): Obj[] => c.lessons.flatMap((lesson) => lesson.questions);
const words = (n: number) => Array.from({ length: n }, (_, i) => `từ${i + 1}`).join(' ');

describe('content rules (content/README.md, writing rules 1-7)', () => {
  it('the fixture passes every rule', async () => {
    expect(await ruleProblems()).toEqual([]);
  });

  it.each<[string, Edit, RegExp]>([
    [
      '1: an option explanation that starts with "Đúng rồi:"',
      (c) =>
        (c.lessons[0]!.questions[0].options[0].explanation.vi = 'Đúng rồi: App Store là kho chính thức.'),
      /^\S*demo\/one\.yaml:\d+: questions\[0\]\.options\[0\]\.explanation\.vi: starts with the verdict "Đúng rồi": the bot says the verdict, write only the reason \[verdict\]$/,
    ],
    [
      '1: a true/false explanation that starts with "False."',
      (c) =>
        (c.lessons[1]!.questions[2] = {
          id: 'q3',
          type: 'truefalse',
          prompt: { vi: 'Công an xin OTP.', en: 'Police ask for OTPs.' },
          answer: false,
          explanation: { vi: 'Công an không xin OTP.', en: 'false - police never ask for OTPs.' },
        }),
      /two\.yaml:\d+: questions\[2\]\.explanation\.en: starts with the verdict "false"/,
    ],
    [
      '1: "Chưa đúng" without punctuation',
      (c) => (c.lessons[2]!.questions[1].options[2].explanation.vi = 'chưa đúng vì link lạ có mã độc.'),
      /three\.yaml:\d+: questions\[1\]\.options\[2\]\.explanation\.vi: starts with the verdict "chưa đúng"/,
    ],
    [
      '2: the right option strictly longest in 6 of 15 single-choice questions',
      (c) => {
        for (const q of questions(c).slice(0, 6)) {
          q.options.find((o: Obj) => o.correct).text.vi += ' dài hơn';
        }
      },
      /^\S*demo\/course\.yaml:\d+: lessons: the right option is the longest \(in Vietnamese characters\) in 6 of 15 single-choice questions, at most 5 allowed: one\/q1, one\/q2, one\/q3, two\/q1, two\/q2, two\/q3 \[longest-right\]$/,
    ],
    [
      '3: the right option first in 8 of 15 single-choice questions',
      (c) => {
        const q = c.lessons[1]!.questions[0];
        for (const o of q.options) delete o.correct;
        q.options[0].correct = true;
      },
      /demo\/course\.yaml:\d+: lessons: the right option is option 1 in 8 of 15 single-choice questions, at most 7 allowed: one\/q1, one\/q2, one\/q3, two\/q1, two\/q3, three\/q3, … \[position\]/,
    ],
    [
      '4: a card sentence of 26 words',
      (c) => (c.lessons[3]!.cards[1].vi = `Câu ngắn. ${words(26)}.\nDòng khác.`),
      /four\.yaml:\d+: cards\[1\]\.vi: has a sentence over 25 words \(the longest: 26, "từ1 từ2 từ3 từ4 từ5 từ6 từ7 từ8 …"\) \[sentence-length\]/,
    ],
    [
      '4: long sentences in an English prompt, an option and a try step',
      (c) => {
        c.lessons[0]!.questions[1].prompt.en = `${words(30)}? ${words(27)}!`;
        c.lessons[0]!.questions[1].options[1].text.vi = words(26);
        c.lessons[0]!.cards[0].try = {
          ask: { vi: 'Thử nhé?', en: 'Try?' },
          help: { vi: words(26), en: 'Help.' },
        };
      },
      /cards\[0\]\.try\.help\.vi: has a sentence over 25 words[\s\S]*questions\[1\]\.prompt\.en: has 2 sentences over 25 words \(the longest: 30[\s\S]*questions\[1\]\.options\[1\]\.text\.vi: has a sentence over 25 words/,
    ],
    [
      '5: a circular number in a card',
      (c) => (c.lessons[4]!.cards[0].vi = 'Theo Thông tư 50/2024/TT-NHNN, bạn cần xác thực sinh trắc học.'),
      /five\.yaml:\d+: cards\[0\]\.vi: names a legal document \("Thông tư 50\/2024"\): keep it in sources/,
    ],
    [
      '5: a decree number in an English card',
      (c) => (c.lessons[4]!.cards[1].en = 'Photos of ID cards are sensitive data (Decree 356/2025).'),
      /five\.yaml:\d+: cards\[1\]\.en: names a legal document \("Decree 356\/2025"\)/,
    ],
    [
      '5: a bare document number in a card',
      (c) => (c.lessons[4]!.cards[1].vi = 'Xem văn bản 623/TTg-KSTT.'),
      /cards\[1\]\.vi: names a legal document \("623\/TTg-KSTT"\)/,
    ],
    [
      '6: the right option strictly shortest in 6 of 15 single-choice questions',
      (c) => {
        for (const q of questions(c).slice(9, 15)) {
          for (const o of q.options) if (!o.correct) o.text.vi += ' dài hơn';
        }
      },
      /^\S*demo\/course\.yaml:\d+: lessons: the right option is the shortest \(in Vietnamese characters\) in 6 of 15 single-choice questions, at most 5 allowed: four\/q1, four\/q2, four\/q3, five\/q1, five\/q2, five\/q3 \[shortest-right\]$/,
    ],
    [
      '7: "Sai" the answer of 4 of 5 true/false questions',
      (c) => {
        c.lessons.forEach((lesson, n) => {
          lesson.questions.push({
            id: 'q4',
            type: 'truefalse',
            prompt: { vi: `Câu đúng sai ${n}.`, en: `True or false ${n}.` },
            answer: n === 2,
            explanation: { vi: 'Vì sao.', en: 'Why.' },
          });
        });
      },
      /^\S*demo\/course\.yaml:\d+: lessons: Sai is the answer of 4 of 5 true\/false questions, at most 3 allowed: one\/q4, two\/q4, four\/q4, five\/q4 \[truefalse-answer\]$/,
    ],
    [
      '7: a course whose only two true/false questions are both "Đúng"',
      (c) => {
        for (const lesson of c.lessons.slice(0, 2))
          lesson.questions.push({
            id: 'q4',
            type: 'truefalse',
            prompt: { vi: 'Câu đúng sai.', en: 'True or false.' },
            answer: true,
            explanation: { vi: 'Vì sao.', en: 'Why.' },
          });
      },
      /lessons: Đúng is the answer of 2 of 2 true\/false questions, at most 1 allowed: one\/q4, two\/q4 \[truefalse-answer\]/,
    ],
  ])('reports rule %s', async (_name, edit, expected) => {
    const found = await ruleProblems(edit);
    expect(found.join('\n')).toMatch(expected);
  });

  it('accepts what the rules allow', async () => {
    const found = await ruleProblems((c) => {
      const all = questions(c);
      // 5 of 15 strictly longest is the limit; a tie is not "the longest".
      for (const q of all.slice(0, 5)) q.options.find((o: Obj) => o.correct).text.vi += ' dài hơn';
      for (const o of all[6]!.options) o.text.vi = 'Cùng độ dài';
      // 5 of 15 strictly shortest is the limit too; a tie for shortest is not "the shortest".
      for (const q of all.slice(10, 15)) for (const o of q.options) if (!o.correct) o.text.vi += ' dài hơn';
      all[7]!.options.find((o: Obj) => !o.correct).text.vi += ' dài hơn';
      // True/false: 2 of 3 with the same answer is allowed (at most 2/3, or half rounded up).
      c.lessons.slice(0, 3).forEach((lesson, n) => {
        lesson.questions.push({
          id: 'q4',
          type: 'truefalse',
          prompt: { vi: `Câu đúng sai ${n}.`, en: `True or false ${n}.` },
          answer: n === 0,
          explanation: { vi: 'Vì sao.', en: 'Why.' },
        });
      });
      c.lessons[0]!.questions[0].options[0].explanation = {
        vi: 'Không ai được xin mã OTP. Sai lầm thường gặp là vội.',
        en: 'Correctly used, the App Store is safe. Nobody may ask for your OTP.',
      };
      c.lessons[3]!.cards[0].vi = `${words(25)}. ${words(25)}\n${words(25)}`;
      // Legal numbers are fine in sources and explanations, and a plain name is fine in a card.
      c.lessons[4]!.sources[0].title = 'Thông tư 50/2024/TT-NHNN';
      c.lessons[4]!.questions[0].options[1].explanation.vi = 'Thông tư 50/2024/TT-NHNN quy định việc này.';
      c.lessons[4]!.cards[0].vi =
        'Theo quy định của Ngân hàng Nhà nước, từ năm 2024 bạn xác thực bằng khuôn mặt.';
    });
    expect(found).toEqual([]);
  });

  it('does not count multi-select or true/false questions in the balance rules', async () => {
    const found = await ruleProblems((c) => {
      for (const lesson of c.lessons.slice(1, 3)) {
        lesson.questions = lesson.questions.map((q: Obj, n: number) =>
          n === 2
            ? { ...q, multi: true, options: q.options.map((o: Obj, i: number) => ({ ...o, correct: i < 2 })) }
            : {
                id: q.id,
                type: 'truefalse',
                prompt: q.prompt,
                answer: true,
                explanation: q.options[0].explanation,
              },
        );
      }
    });
    // 9 single-choice questions left, 5 with the right option first (> 4): rule 3 counts only those.
    expect(found.join('\n')).toMatch(/option 1 in 5 of 9 single-choice questions, at most 4 allowed/);
  });

  it('cuts a verdict an old explanation starts with, only when punctuation makes it safe', () => {
    expect(withoutVerdict('Đúng rồi: app store là kho chính thức.')).toBe('App store là kho chính thức.');
    expect(withoutVerdict('Not quite. CH Play is for Android.')).toBe('CH Play is for Android.');
    expect(withoutVerdict('Sai lầm thường gặp là vội.')).toBe('Sai lầm thường gặp là vội.');
    expect(withoutVerdict('No one will ask for it.')).toBe('No one will ask for it.');
    expect(leadingVerdict('Sai lầm thường gặp là vội.')).toBe('Sai');
    expect(leadingVerdict('Correctly used, it is safe.')).toBeUndefined();
  });

  it('reports per course without failing; content:check fails on the same problems', async () => {
    const dir = writeContent((c: { lessons: Obj[] }) => {
      c.lessons[0]!.questions[0].options[0].explanation.vi = 'Đúng rồi: vì sao.';
      c.lessons[0]!.questions[1].options[0].explanation.en = 'Correct: why.';
    });
    const loaded = await loadContent(dir, new Date('2026-11-27'));
    const report = rulesReport(['demo'], checkContentRules(loaded.sources));
    expect(report).toMatch(/^demo\s+2\s+0\s+0\s+0\s+0\s+0\s+0\s+2$/m);
    expect(report.split('\n').filter((line) => /^ {2}r\d = /.test(line))).toHaveLength(CONTENT_RULES.length);
    const run = (args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'bot/cli/content-check.ts', ...args], {
        env: { ...process.env, CONTENT_DIR: dir },
      }).then(
        (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
        (failed) => ({ code: failed.code as number, out: failed.stdout + failed.stderr }),
      );
    const check = await run([]);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(
      /one\.yaml:\d+: questions\[0\]\.options\[0\]\.explanation\.vi: starts with the verdict/,
    );
    expect(check.out).toContain('content:check: 2 writing-rule problem(s)');
    const lint = await run(['--report']);
    expect(lint.code).toBe(0);
    expect(lint.out).toMatch(/^demo\s+2\s+0\s+0\s+0\s+0\s+0\s+0\s+2$/m);
  });
});
