import { describe, expect, it } from 'vitest';
import { textLanguage } from '../../bot/channels/zalo/text-language';
import { answerHint, renderReplies } from '../../bot/channels/zalo/zalo-render';

const choices = (...labels: string[]) => labels.map((label, i) => ({ label, reply: String(i + 1) }));

describe('rendering for a text-only channel', () => {
  it('turns choices into a numbered list with a Vietnamese hint', () => {
    const [message] = renderReplies([
      { text: '❓ Câu 1/3\nCâu hỏi 1?', choices: choices('Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3') },
    ]);
    expect(message).toEqual({
      kind: 'text',
      text: '❓ Câu 1/3\nCâu hỏi 1?\n\n1. Lựa chọn 1\n2. Lựa chọn 2\n3. Lựa chọn 3\n👉 Trả lời 1, 2 hoặc 3',
    });
  });

  it('writes the hint in English for an English reply, even with a Vietnamese name in it', () => {
    const [message] = renderReplies([
      {
        text: 'Which app does the Ministry (Bộ Công an) use for your ID?',
        choices: choices('VNeID', 'Zalo'),
      },
    ]);
    expect(message?.kind === 'text' && message.text.endsWith('👉 Reply 1 or 2')).toBe(true);
  });

  it('words hints for every count', () => {
    expect(answerHint(1, 'vi')).toBe('Trả lời 1');
    expect(answerHint(2, 'en')).toBe('Reply 1 or 2');
    expect(answerHint(5, 'vi')).toBe('Trả lời 1, 2, 3, 4 hoặc 5');
    expect(answerHint(34, 'vi')).toBe('Trả lời một số từ 1 đến 34');
    expect(answerHint(6, 'en')).toBe('Reply with a number from 1 to 6');
  });

  it('joins short replies in order, with a blank line, and drops empty ones', () => {
    const out = renderReplies([
      { text: '✅ Chính xác!' },
      { text: '   ' },
      { text: 'Câu 2', choices: choices('A', 'B') },
    ]);
    expect(out).toEqual([
      { kind: 'text', text: '✅ Chính xác!\n\nCâu 2\n\n1. A\n2. B\n👉 Trả lời 1 hoặc 2' },
    ]);
  });

  it('keeps replies too long to join apart, in order, and drops empty ones', () => {
    const first = `✅ Chính xác! ${'Giải thích dài. '.repeat(90).trim()}`;
    const second = `❓ Câu 2 ${'Câu hỏi dài. '.repeat(90).trim()}`;
    const out = renderReplies([
      { text: first },
      { text: '   ' },
      { text: second, choices: choices('A', 'B') },
    ]);
    expect(out).toEqual([
      { kind: 'text', text: first },
      { kind: 'text', text: `${second}\n\n1. A\n2. B\n👉 Trả lời 1 hoặc 2` },
    ]);
  });

  it('joins consecutive texts up to exactly 2000 characters and never joins a photo', () => {
    // Short texts go as one message, separated by a blank line.
    expect(renderReplies([{ text: 'Một.' }, { text: 'Hai.' }, { text: 'Ba.' }])).toEqual([
      { kind: 'text', text: 'Một.\n\nHai.\n\nBa.' },
    ]);
    // 1000 + "\n\n" + 998 is exactly the limit: one message; one character more starts a new one.
    const a = 'a'.repeat(1000);
    expect(renderReplies([{ text: a }, { text: 'b'.repeat(998) }])).toEqual([
      { kind: 'text', text: `${a}\n\n${'b'.repeat(998)}` },
    ]);
    expect(renderReplies([{ text: a }, { text: 'b'.repeat(999) }])).toEqual([
      { kind: 'text', text: a },
      { kind: 'text', text: 'b'.repeat(999) },
    ]);
    // A text that does not fit starts a new message, and what follows joins that one.
    const long = 'x'.repeat(1500);
    const middle = 'y'.repeat(600);
    expect(renderReplies([{ text: long }, { text: middle }, { text: 'z' }])).toEqual([
      { kind: 'text', text: long },
      { kind: 'text', text: `${middle}\n\nz` },
    ]);
    // A photo is never joined (nor its caption): it breaks the run of texts.
    expect(
      renderReplies([
        { text: 'Trước.' },
        { text: '', media: { url: 'https://example.org/a.png', caption: 'Chú thích' } },
        { text: 'Sau.' },
        { text: '', media: { url: 'https://example.org/b.png' } },
        { text: 'Cuối.' },
      ]),
    ).toEqual([
      { kind: 'text', text: 'Trước.' },
      { kind: 'photo', url: 'https://example.org/a.png', caption: 'Chú thích' },
      { kind: 'text', text: 'Sau.' },
      { kind: 'photo', url: 'https://example.org/b.png' },
      { kind: 'text', text: 'Cuối.' },
    ]);
  });

  it('splits a long reply under 2000 characters and keeps the list with the last part', () => {
    const long = Array.from({ length: 80 }, (_, i) => `Đây là câu thứ ${i} của bài học rất dài.`).join(' ');
    const out = renderReplies([{ text: long, choices: choices('Tiếp tục ➡️') }]);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect(m.kind === 'text' && m.text.length <= 2000).toBe(true);
    const last = out.at(-1);
    expect(last?.kind === 'text' && last.text.endsWith('1. Tiếp tục ➡️\n👉 Trả lời 1')).toBe(true);
  });

  it('sends a photo before its text and moves an overlong caption into text messages', () => {
    const out = renderReplies([
      { text: 'Xem hình.', media: { url: 'https://example.org/a.png', caption: 'Chú thích' } },
      { text: '', media: { url: 'https://example.org/b.png', caption: 'dài. '.repeat(500) } },
    ]);
    expect(out[0]).toEqual({ kind: 'photo', url: 'https://example.org/a.png', caption: 'Chú thích' });
    expect(out[1]).toEqual({ kind: 'text', text: 'Xem hình.' });
    expect(out[2]).toEqual({ kind: 'photo', url: 'https://example.org/b.png' });
    expect(out.slice(3).every((m) => m.kind === 'text' && m.text.length <= 2000)).toBe(true);
  });

  it('reads the language of typical engine texts', () => {
    expect(textLanguage('Bạn có đồng ý không?')).toBe('vi');
    expect(textLanguage('Do you agree?')).toBe('en');
    expect(
      textLanguage('Bạn muốn học bằng ngôn ngữ nào? / Which language would you like? Tiếng Việt English'),
    ).toBe('vi');
    expect(
      textLanguage(
        'Lesson 2/5: Protect your VNeID passcode. Never give it to anyone, even the police in Hà Nội.',
      ),
    ).toBe('en');
  });
});
