import { describe, expect, it } from 'vitest';
import { type Course, createCatalog, type Question } from '../../bot/content/catalog';
import type { Reply } from '../../bot/engine/types';
import { sampleProvinces } from '../support/sample-catalog';
import { createTutorDriver, lastChoices } from '../support/tutor-driver';

const l = (vi: string, en: string) => ({ vi, en });

const single: Question = {
  id: 'store',
  key: 'c/l/store',
  kind: 'single',
  prompt: l('Bạn dùng iPhone. Tải ứng dụng ở đâu?', 'You use an iPhone. Where do you get apps?'),
  options: [
    {
      text: l('Trong App Store.', 'From the App Store.'),
      correct: true,
      // Written before rule 1: the engine must not repeat this verdict.
      explanation: l(
        'Đúng rồi: App Store là kho chính thức.',
        'Correct: the App Store is the official store.',
      ),
    },
    {
      text: l('Trong CH Play', 'From CH Play'),
      correct: false,
      explanation: l('Chưa đúng: CH Play dành cho Android.', 'Not quite: CH Play is for Android.'),
    },
    {
      text: l('Một đường link lạ', 'A strange link'),
      correct: false,
      explanation: l('Link lạ có thể chứa mã độc.', 'A strange link may carry malware.'),
    },
  ],
};

const multi: Question = {
  id: 'signs',
  key: 'c/l/signs',
  kind: 'multi',
  prompt: l('Dấu hiệu lừa đảo?', 'Signs of a scam?'),
  options: [
    {
      text: l('Giục chuyển tiền gấp', 'Rushing you to pay'),
      correct: true,
      explanation: l('Kẻ gian tạo áp lực.', 'Crooks rush you.'),
    },
    {
      text: l('Xin mã OTP', 'Asking for an OTP'),
      correct: true,
      explanation: l('Không ai được xin OTP.', 'Nobody may ask for an OTP.'),
    },
    {
      text: l('Gọi từ số quen', 'A call from a known number'),
      correct: false,
      explanation: l('Số quen chưa chắc là dấu hiệu.', 'A known number alone is no sign.'),
    },
  ],
};

const trueFalse = (answer: boolean): Question => ({
  id: `tf-${answer}`,
  key: `c/l/tf-${answer}`,
  kind: 'truefalse',
  prompt: l('Công an gọi điện xin OTP.', 'The police call to ask for an OTP.'),
  options: [
    {
      text: l('Đúng', 'True'),
      correct: answer,
      explanation: l('Sai. Công an không xin OTP.', 'False. Police never ask for OTPs.'),
    },
    {
      text: l('Sai', 'False'),
      correct: !answer,
      explanation: l('Sai. Công an không xin OTP.', 'False. Police never ask for OTPs.'),
    },
  ],
});

function catalogWith(question: Question) {
  const course: Course = {
    id: 'c',
    order: 1,
    title: l('Khóa', 'Course'),
    summary: l('Tóm tắt', 'Summary'),
    audiences: ['citizen'],
    lessons: [
      {
        id: 'l',
        courseId: 'c',
        title: l('Bài', 'Lesson'),
        sources: [],
        cards: [l('Thẻ.', 'Card.')],
        questions: [question, trueFalse(true)],
      },
    ],
  };
  return createCatalog([course], sampleProvinces);
}

/** Opens the lesson and returns the question's prompt; `english` switches language first. */
function atQuestion(question: Question, english = false) {
  const d = createTutorDriver(catalogWith(question));
  d.onboard();
  if (english) {
    d.send('/language');
    d.send('2');
  }
  d.send('1');
  const prompt = d.send('1');
  /** The number the learner sees for a content option (1-based). */
  const shownAs = (n: number) =>
    lastChoices(prompt).indexOf(question.options[n - 1]!.text[english ? 'en' : 'vi']) + 1;
  const feedback = (text: string) => (d.send(text)[0] as Reply).text;
  return { d, shownAs, feedback };
}

describe('quiz feedback says the verdict once, then the reason', () => {
  it('single choice, right', () => {
    const { shownAs, feedback } = atQuestion(single);
    expect(feedback(String(shownAs(1)))).toBe('✅ Chính xác!\nLý do: App Store là kho chính thức.');
  });

  it('single choice, wrong: the mistake, the right answer by its shown number, the reason', () => {
    const { shownAs, feedback } = atQuestion(single);
    expect(feedback(String(shownAs(2)))).toBe(
      `❌ Chưa đúng. CH Play dành cho Android.\n👉 Đáp án đúng: ${shownAs(1)}. Trong App Store.\nLý do: App Store là kho chính thức.`,
    );
  });

  it('single choice in English, right and wrong', () => {
    const right = atQuestion(single, true);
    expect(right.feedback(String(right.shownAs(1)))).toBe(
      '✅ Correct!\nWhy: The App Store is the official store.',
    );
    const wrong = atQuestion(single, true);
    expect(wrong.feedback(String(wrong.shownAs(3)))).toBe(
      `❌ Not quite. A strange link may carry malware.\n👉 Right answer: ${wrong.shownAs(1)}. From the App Store.\nWhy: The App Store is the official store.`,
    );
  });

  it('multi-select, right and wrong', () => {
    const right = atQuestion(multi);
    expect(right.feedback(`${right.shownAs(1)}, ${right.shownAs(2)}`)).toBe(
      '✅ Chính xác!\nLý do: ' +
        [1, 2]
          .sort((a, b) => right.shownAs(a) - right.shownAs(b))
          .map((n) => multi.options[n - 1]!.explanation.vi)
          .join(' '),
    );
    const wrong = atQuestion(multi);
    const text = wrong.feedback(`${wrong.shownAs(1)}, ${wrong.shownAs(3)}`);
    const [first, second] = [1, 2].sort((a, b) => wrong.shownAs(a) - wrong.shownAs(b));
    expect(text).toBe(
      '❌ Chưa đúng. Số quen chưa chắc là dấu hiệu.\n' +
        `👉 Đáp án đúng: ${wrong.shownAs(first!)}. ${multi.options[first! - 1]!.text.vi}; ` +
        `${wrong.shownAs(second!)}. ${multi.options[second! - 1]!.text.vi}.\n` +
        `Lý do: ${multi.options[first! - 1]!.explanation.vi} ${multi.options[second! - 1]!.explanation.vi}`,
    );
  });

  it('true/false names the right answer after the verdict, in Đúng/Sai order', () => {
    const right = atQuestion(trueFalse(false));
    expect(lastChoices(right.d.outcomes.at(-1)!.replies)).toEqual(['Đúng', 'Sai']);
    expect(right.feedback('2')).toBe('✅ Chính xác! Câu này Sai.\nLý do: Công an không xin OTP.');
    const wrong = atQuestion(trueFalse(false));
    expect(wrong.feedback('đúng')).toBe('❌ Chưa đúng. Câu này Sai.\nLý do: Công an không xin OTP.');
    const english = atQuestion(trueFalse(false), true);
    expect(english.feedback('true')).toBe(
      '❌ Not quite. This statement is False.\nWhy: Police never ask for OTPs.',
    );
  });

  it('never contradicts itself or doubles a full stop, whatever the learner picks', () => {
    for (const question of [single, multi, trueFalse(true), trueFalse(false)]) {
      for (let n = 1; n <= question.options.length; n++) {
        const { feedback } = atQuestion(question);
        const text = feedback(String(n));
        expect(text).not.toMatch(/\.\.|Đúng rồi|Chưa đúng:|Correct:/);
        expect(text.match(/Chính xác|Chưa đúng/g)).toHaveLength(1);
      }
    }
  });
});
