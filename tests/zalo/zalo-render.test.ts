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

  it('keeps replies apart, in order, and drops empty ones', () => {
    const out = renderReplies([
      { text: '✅ Chính xác!' },
      { text: '   ' },
      { text: 'Câu 2', choices: choices('A', 'B') },
    ]);
    expect(out.map((m) => (m.kind === 'text' ? m.text.split('\n')[0] : m.kind))).toEqual([
      '✅ Chính xác!',
      'Câu 2',
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
