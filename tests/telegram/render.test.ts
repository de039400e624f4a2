import { describe, expect, it } from 'vitest';
import { decodeChoice, encodeChoice } from '../../bot/channels/core/choice-payload';
import { splitText as splitAt } from '../../bot/channels/core/split-text';
import { escapeHtml } from '../../bot/channels/telegram/html';
import { chosenText } from '../../bot/channels/telegram/pressed-message';
import { renderReplies, renderReply, TELEGRAM_TEXT_LIMIT } from '../../bot/channels/telegram/render-reply';

const splitText = (text: string, limit = TELEGRAM_TEXT_LIMIT) => splitAt(text, limit);

import { checkText } from '../fakes/fake-telegram-server';

const sentence = (n: number) => `Câu số ${n} nói về an toàn trên mạng, đừng chia sẻ mã OTP cho ai. `;

describe('splitText', () => {
  it('keeps short text whole and never returns empty parts', () => {
    expect(splitText('Xin chào')).toEqual(['Xin chào']);
    expect(splitText('   ')).toEqual([]);
  });

  it('splits long text at sentence ends, each part within the limit', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join('');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).toMatch(/\.$/);
    }
    expect(parts.join(' ')).toBe(text.trim());
  });

  it('prefers paragraph breaks to sentence ends', () => {
    const first = sentence(1).repeat(40).trim();
    const text = `${first}\n\n${sentence(2).repeat(40)}`;
    expect(splitText(text, 4096)[0]).toBe(first);
  });

  it('cuts text without spaces hard, never between the halves of an emoji', () => {
    const text = `a${'😀'.repeat(3000)}`;
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});

describe('escapeHtml', () => {
  it('escapes the characters HTML parse mode reserves, and Telegram reads back the original', () => {
    const text = 'a < b && c > d <b>không phải thẻ</b> &amp;';
    expect(escapeHtml(text)).toBe('a &lt; b &amp;&amp; c &gt; d &lt;b&gt;không phải thẻ&lt;/b&gt; &amp;amp;');
    expect(checkText(escapeHtml(text), 'HTML')).toBe(text);
    expect(() => checkText(text, 'HTML')).toThrow(/parse entities/);
  });
});

describe('callback data', () => {
  it('round-trips and stays within 64 bytes', () => {
    const data = encodeChoice(123456789, '12');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeChoice(data)).toEqual({ promptSeq: 123456789, reply: '12' });
    expect(decodeChoice(encodeChoice(undefined, '2'))).toEqual({ reply: '2' });
  });

  it('rejects other versions and junk', () => {
    for (const junk of [undefined, '', 'v0:1:1', 'v2:1:1', 'v1:x:1', 'v1:1:', '1', 'v1:1:1:1', 'v1:1:1000'])
      expect(decodeChoice(junk)).toBeUndefined();
  });
});

describe('renderReply', () => {
  it('puts short labels on buttons carrying the prompt seq', () => {
    const [message, ...rest] = renderReply({
      text: 'Bạn có đồng ý không?',
      choices: [
        { label: 'Đồng ý', reply: '1' },
        { label: 'Không đồng ý', reply: '2' },
      ],
      promptSeq: 7,
    });
    expect(rest).toHaveLength(0);
    expect(message!.text).toBe('Bạn có đồng ý không?');
    expect(message!.keyboard!.inline_keyboard).toEqual([
      [
        { text: 'Đồng ý', callback_data: 'v1:7:1' },
        { text: 'Không đồng ý', callback_data: 'v1:7:2' },
      ],
    ]);
  });

  it('numbers long labels in the text and uses short buttons', () => {
    const long = 'Gọi ngay cho số điện thoại lạ để xác minh tài khoản ngân hàng';
    const [message] = renderReply({
      text: 'Câu 1/3',
      choices: [
        { label: long, reply: '1' },
        { label: 'Bỏ qua', reply: '2' },
      ],
      promptSeq: 3,
    });
    expect(message!.text).toBe(`Câu 1/3\n\n1. ${long}\n2. Bỏ qua`);
    expect(message!.keyboard!.inline_keyboard.flat().map((b) => b.text)).toEqual(['1', '2']);
  });

  it('lays many short choices out several to a row', () => {
    const choices = Array.from({ length: 35 }, (_, i) => ({
      label: `Tỉnh số ${i + 1}`,
      reply: String(i + 1),
    }));
    const [message] = renderReply({ text: 'Tỉnh nào?', choices, promptSeq: 1 });
    const rows = message!.keyboard!.inline_keyboard;
    expect(rows.flat()).toHaveLength(35);
    expect(rows[0]).toHaveLength(3);
  });

  it('splits long text and puts the keyboard on the last part only', () => {
    const text = Array.from({ length: 150 }, (_, i) => sentence(i)).join('');
    const parts = renderReply({ text, choices: [{ label: 'Tiếp tục', reply: '1' }], promptSeq: 2 });
    expect(parts.length).toBe(3);
    expect(parts.slice(0, -1).every((part) => part.keyboard === undefined)).toBe(true);
    expect(parts.at(-1)!.keyboard).toBeDefined();
  });
});

describe('renderReplies', () => {
  const options = (promptSeq: number, ...labels: string[]) => ({
    choices: labels.map((label, i) => ({ label, reply: String(i + 1) })),
    promptSeq,
  });
  const keyboard = (promptSeq: number, ...labels: string[]) => ({
    inline_keyboard: [labels.map((text, i) => ({ text, callback_data: `v1:${promptSeq}:${i + 1}` }))],
  });

  it('joins short texts in order with a blank line, the last one’s keyboard under the joined text', () => {
    expect(
      renderReplies([
        { text: '✅ Chính xác! Vì sao.' },
        { text: '   ' },
        { text: 'Ghi nhớ: không chia sẻ mã OTP.' },
        { text: '❓ Câu 2/3\nCâu hỏi 2?', ...options(5, 'Có', 'Không') },
      ]),
    ).toEqual([
      {
        text: '✅ Chính xác! Vì sao.\n\nGhi nhớ: không chia sẻ mã OTP.\n\n❓ Câu 2/3\nCâu hỏi 2?',
        keyboard: keyboard(5, 'Có', 'Không'),
      },
    ]);
    expect(renderReplies([{ text: 'Một.' }, { text: 'Hai.' }])).toEqual([{ text: 'Một.\n\nHai.' }]);
  });

  it('never joins a message with buttons with the one that follows', () => {
    expect(
      renderReplies([
        { text: 'Câu 1?', ...options(1, 'A', 'B') },
        { text: 'Câu 2?', ...options(2, 'C') },
        { text: 'Sau.' },
        { text: 'Cuối.' },
      ]),
    ).toEqual([
      { text: 'Câu 1?', keyboard: keyboard(1, 'A', 'B') },
      { text: 'Câu 2?', keyboard: keyboard(2, 'C') },
      { text: 'Sau.\n\nCuối.' },
    ]);
  });

  it('joins up to exactly 4096 characters; a text that would pass the limit starts a new message', () => {
    const a = 'a'.repeat(2000);
    // 2000 + "\n\n" + 2094 is exactly the limit: one message; one character more starts a new one.
    expect(renderReplies([{ text: a }, { text: 'b'.repeat(2094) }])).toEqual([
      { text: `${a}\n\n${'b'.repeat(2094)}` },
    ]);
    expect(renderReplies([{ text: a }, { text: 'b'.repeat(2095) }])).toEqual([
      { text: a },
      { text: 'b'.repeat(2095) },
    ]);
    // The new message takes what follows, keyboard included.
    const long = 'x'.repeat(3000);
    const middle = 'y'.repeat(1500);
    expect(renderReplies([{ text: long }, { text: middle }, { text: 'Câu?', ...options(3, 'Có') }])).toEqual([
      { text: long },
      { text: `${middle}\n\nCâu?`, keyboard: keyboard(3, 'Có') },
    ]);
    // A question too long to join keeps its keyboard on its own message.
    expect(renderReplies([{ text: 'x'.repeat(4090) }, { text: 'Câu hỏi?', ...options(4, 'Có') }])).toEqual([
      { text: 'x'.repeat(4090) },
      { text: 'Câu hỏi?', keyboard: keyboard(4, 'Có') },
    ]);
    for (const message of renderReplies([{ text: long }, { text: middle }, { text: long }, { text: a }]))
      expect(message.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
  });
});

describe('chosenText', () => {
  const message = (text: string, buttons: { text: string; callback_data: string }[]) =>
    ({
      message_id: 1,
      date: 1,
      chat: { id: 1, type: 'private' },
      text,
      reply_markup: { inline_keyboard: [buttons] },
    }) as never;

  it('appends the pressed label', () => {
    const pressed = message('Bạn có đồng ý không?', [
      { text: 'Đồng ý', callback_data: 'v1:1:1' },
      { text: 'Không', callback_data: 'v1:1:2' },
    ]);
    expect(chosenText(pressed, 'v1:1:2')).toBe('Bạn có đồng ý không?\n\n✔️ Không');
    expect(chosenText(pressed, 'v1:9:9')).toBeUndefined();
  });

  it('shows the numbered line for a numbered button', () => {
    const pressed = message('Câu 1\n\n1. Một lựa chọn rất dài\n2. Một lựa chọn khác', [
      { text: '1', callback_data: 'v1:1:1' },
      { text: '2', callback_data: 'v1:1:2' },
    ]);
    expect(chosenText(pressed, 'v1:1:2')).toMatch(/✔️ 2\. Một lựa chọn khác$/);
  });
});
