import { describe, expect, it } from 'vitest';
import { type Course, createCatalog } from '../../bot/content/catalog';
import { sampleCatalog, sampleProvinces } from '../support/sample-catalog';
import { createTutorDriver, lastChoices, texts } from '../support/tutor-driver';

const l = (vi: string, en: string) => ({ vi, en });

/** Course A of the sample catalog, its first lesson's first card with a "try it now" block. */
function catalogWithTry() {
  const [a, b] = sampleCatalog().courses as [Course, Course];
  const [first, ...rest] = a.lessons;
  const card = {
    ...first!.cards[0]!,
    try: {
      ask: l(
        'Bạn thử mở Cài đặt và tìm mục Wi-Fi nhé. Bạn thấy chưa?',
        'Try opening Settings and finding Wi-Fi. Can you see it?',
      ),
      help: l('Ứng dụng Cài đặt thường có hình bánh răng ⚙️.', 'The Settings app usually has a gear icon ⚙️.'),
    },
  };
  const lesson = { ...first!, cards: [card, ...first!.cards.slice(1)] };
  return createCatalog([{ ...a, lessons: [lesson, ...rest] }, b], sampleProvinces);
}

function atTry(english = false) {
  const d = createTutorDriver(catalogWithTry());
  d.onboard();
  if (english) {
    d.send('/language');
    d.send('2');
  }
  const replies = d.send('1');
  return { d, replies };
}

describe('"try it now" steps', () => {
  it('shows the card, then asks with two choices', () => {
    const { d, replies } = atTry();
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringContaining('Thẻ 1 của bài 1'),
      '👉 Thử ngay: Bạn thử mở Cài đặt và tìm mục Wi-Fi nhé. Bạn thấy chưa?',
    ]);
    expect(replies[0]!.choices).toBeUndefined();
    expect(lastChoices(replies)).toEqual(['Làm được rồi', 'Cần giúp']);
    expect(d.learner!.state.step).toMatchObject({ at: 'try', card: 0, helped: false });
  });

  it('"Làm được rồi" praises and goes on to the next card, unscored', () => {
    const { d } = atTry();
    const next = d.send('1');
    expect(texts(next)).toMatch(/^👍 Tốt lắm!\n\n📖 Bài 1\/5: Bài số 1 \(2\/2\)/);
    expect(d.learner!.state.step).toMatchObject({ at: 'card', card: 1 });
    expect(d.answers).toHaveLength(0);
    expect(d.outcomes.every((o) => o.answers.length === 0)).toBe(true);
  });

  it('"Cần giúp" shows the help, then offers to continue', () => {
    const { d } = atTry();
    const help = d.send('cần giúp');
    expect(texts(help)).toBe(
      'Ứng dụng Cài đặt thường có hình bánh răng ⚙️.\n\nKhi sẵn sàng, bạn bấm “Tiếp tục ➡️” (hoặc gõ 1) để học tiếp nhé.',
    );
    expect(lastChoices(help)).toEqual(['Tiếp tục ➡️']);
    expect(texts(d.send('vẫn khó quá'))).toContain('nhờ người thân');
    expect(d.learner!.state.step).toMatchObject({ at: 'try', helped: true });
    expect(texts(d.send('1'))).toContain('(2/2)');
    expect(d.answers).toHaveLength(0);
  });

  it('re-asks kindly on anything else, a photo included', () => {
    const { d } = atTry();
    for (const text of ['để mình xem', '😀']) {
      const again = d.send(text);
      expect(texts(again)).toMatch(
        /^Không sao, bạn cứ thong thả thử nhé\..*\n👉 Thử ngay: Bạn thử mở Cài đặt/s,
      );
      expect(lastChoices(again)).toEqual(['Làm được rồi', 'Cần giúp']);
    }
    expect(texts(d.send('', { kind: 'media' }))).toContain('không cần gửi ảnh');
    expect(d.learner!.state.step).toMatchObject({ at: 'try', helped: false });
    expect(texts(d.send('xong rồi'))).toContain('(2/2)');
  });

  it('speaks English, and comes back to the step after the menu', () => {
    const { d, replies } = atTry(true);
    expect(lastChoices(replies)).toEqual(['Done', 'I need help']);
    expect(texts(d.send('2'))).toContain('The Settings app usually has a gear icon');
    d.send('/menu');
    const back = d.send('1');
    expect(texts(back)).toContain('👉 Try it now: Try opening Settings');
    expect(texts(d.send('done'))).toMatch(/^👍 Well done!/);
  });

  it('a last card with a try step leads to the questions', () => {
    const catalog = catalogWithTry();
    const lesson = catalog.courses[0]!.lessons[0]!;
    (lesson.cards as unknown[]).reverse();
    const d = createTutorDriver(catalog);
    d.onboard();
    d.send('1');
    expect(lastChoices(d.send('1'))).toEqual(['Làm được rồi', 'Cần giúp']);
    expect(texts(d.send('mình làm được rồi'))).toMatch(/^👍 Tốt lắm!\n\n❓ Câu 1\/3/);
  });
});
