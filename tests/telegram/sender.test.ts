import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../bot/channels/core/retry-policy';
import { renderReplies } from '../../bot/channels/telegram/render-reply';
import { createTelegramBot } from '../../bot/channels/telegram/telegram-bot';
import { createTelegramSender } from '../../bot/channels/telegram/telegram-sender';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';

const TOKEN = '987654:SECRET-token_for_sender_tests_xyz';
/** About 2500 characters: two of these never fit in one Telegram message (4096), so each goes on its own. */
const long = (label: string) => `${label} ${'Nội dung bài học rất dài. '.repeat(100).trim()}`;

function capturedLog() {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { log, text: () => lines.join('') };
}

function senderFor(apiRoot: string, sendRate = 1000) {
  const logs = capturedLog();
  const { bot } = createTelegramBot({
    token: TOKEN,
    apiRoot,
    sendRate,
    log: logs.log,
    retry: { baseMs: 10, maxMs: 50 },
  });
  return { sender: createTelegramSender({ api: bot.api, log: logs.log, token: TOKEN }), logs };
}

describe('Telegram sender', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.calls.length = 0;
    fake.clearFailures();
  });

  it('sends media as a photo after its text, and its link when Telegram cannot fetch it', async () => {
    const { sender } = senderFor(fake.apiRoot);
    const certificate = (url: string) => ({
      text: 'Giấy chứng nhận của bạn đây.',
      media: { url, caption: 'Giấy chứng nhận: Dùng điện thoại <an toàn>' },
    });
    expect(await sender.send('1002', [certificate('https://hocvuso.vn/verify/abc.png')])).toEqual({
      ok: true,
    });
    const sent = fake.sentTo(1002);
    expect(sent.map((m) => [m.text, m.photo])).toEqual([
      ['Giấy chứng nhận của bạn đây.', undefined],
      ['Giấy chứng nhận: Dùng điện thoại <an toàn>', 'https://hocvuso.vn/verify/abc.png'],
    ]);
    expect(await sender.send('1003', [certificate('http://localhost:3000/verify/abc.png')])).toEqual({
      ok: true,
    });
    expect(fake.sentTo(1003).map((m) => m.text)).toEqual([
      'Giấy chứng nhận của bạn đây.',
      'Giấy chứng nhận: Dùng điện thoại <an toàn>\nhttp://localhost:3000/verify/abc.png',
    ]);
  });

  it('sends replies in order as HTML, the text arriving exactly as the engine wrote it', async () => {
    const { sender } = senderFor(fake.apiRoot);
    const first = long('Mình chưa tìm thấy “<b>Hà & Nội</b>”.');
    const second = long('Gõ <i>tên</i> & "số" > 0 nhé.');
    const result = await sender.send('1001', [
      { text: first },
      { text: second },
      { text: 'Bạn chọn nhé:', choices: [{ label: 'A < B', reply: '1' }], promptSeq: 4 },
    ]);
    expect(result).toEqual({ ok: true });
    const sent = fake.sentTo(1001);
    // Too long to join, the first two stay apart, in order; the short question runs on under the second.
    expect(sent.map((m) => m.text)).toEqual([first, `${second}\n\nBạn chọn nhé:`]);
    expect(sent[0]!.reply_markup).toBeUndefined();
    expect(sent[1]!.reply_markup!.inline_keyboard).toEqual([[{ text: 'A < B', callback_data: 'v1:4:1' }]]);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
    expect(fake.callsOf('sendMessage').every((call) => call.body.parse_mode === 'HTML')).toBe(true);
  });

  it('sends short feedback and the next question as one message, the buttons under both', async () => {
    const { sender } = senderFor(fake.apiRoot);
    const result = await sender.send('1008', [
      { text: 'Mình chưa tìm thấy “<b>Hà & Nội</b>”.' },
      { text: 'Bạn chọn nhé:', choices: [{ label: 'A < B', reply: '1' }], promptSeq: 4 },
    ]);
    expect(result).toEqual({ ok: true });
    const calls = fake.callsOf('sendMessage');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.parse_mode).toBe('HTML');
    expect(calls[0]!.body.text).toBe(
      'Mình chưa tìm thấy “&lt;b&gt;Hà &amp; Nội&lt;/b&gt;”.\n\nBạn chọn nhé:',
    );
    const sent = fake.sentTo(1008);
    expect(sent.map((m) => m.text)).toEqual(['Mình chưa tìm thấy “<b>Hà & Nội</b>”.\n\nBạn chọn nhé:']);
    expect(sent[0]!.reply_markup!.inline_keyboard).toEqual([[{ text: 'A < B', callback_data: 'v1:4:1' }]]);
  });

  it('never runs what follows into a message with buttons', async () => {
    const { sender } = senderFor(fake.apiRoot);
    const result = await sender.send('1009', [
      { text: 'Câu 1?', choices: [{ label: 'Có', reply: '1' }], promptSeq: 6 },
      { text: 'Gợi ý: đọc kỹ nhé.' },
      { text: 'Hết giờ sau 1 phút.' },
    ]);
    expect(result).toEqual({ ok: true });
    const sent = fake.sentTo(1009);
    expect(sent.map((m) => m.text)).toEqual(['Câu 1?', 'Gợi ý: đọc kỹ nhé.\n\nHết giờ sau 1 phút.']);
    expect(sent[0]!.reply_markup!.inline_keyboard).toEqual([[{ text: 'Có', callback_data: 'v1:6:1' }]]);
    expect(sent[1]!.reply_markup).toBeUndefined();
  });

  it('waits retry_after on 429 and retries the same call', async () => {
    const { sender, logs } = senderFor(fake.apiRoot);
    fake.failNext('sendMessage', 1, { status: 429, retryAfter: 1 });
    expect(await sender.send('1002', [{ text: 'Chào bạn' }])).toEqual({ ok: true });
    const calls = fake.callsOf('sendMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(calls[1]!.body).toEqual(calls[0]!.body);
    expect(logs.text()).toContain('retry_after');
  });

  it('gives up on a retry_after longer than it may wait', async () => {
    const { sender } = senderFor(fake.apiRoot);
    fake.failNext('sendMessage', 1, { status: 429, retryAfter: 3600 });
    const result = await sender.send('1003', [{ text: 'Chào bạn' }]);
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  it('retries 5xx with backoff, bounded', async () => {
    const { sender } = senderFor(fake.apiRoot);
    fake.failNext('sendMessage', 2, { status: 500 });
    expect(await sender.send('1004', [{ text: 'Một' }])).toEqual({ ok: true });
    expect(fake.callsOf('sendMessage').map((call) => call.status)).toEqual([500, 500, 200]);

    fake.calls.length = 0;
    fake.failNext('sendMessage', 10, { status: 500 });
    const result = await sender.send('1004', [{ text: 'Hai' }]);
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(fake.callsOf('sendMessage')).toHaveLength(DEFAULT_RETRY.retries + 1);
  });

  it('reports 403 as blocked and sends nothing more of the turn', async () => {
    const { sender } = senderFor(fake.apiRoot);
    fake.block(1005);
    // Two messages (too long to join): the second is never tried once the first is refused.
    const replies = [{ text: long('Một') }, { text: long('Hai') }];
    expect(renderReplies(replies)).toHaveLength(2);
    const result = await sender.send('1005', replies);
    expect(result).toEqual({ ok: false, reason: 'blocked' });
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(fake.sentTo(1005)).toHaveLength(0);
    fake.unblock(1005);
  });

  it('falls back to plain text if Telegram rejects the HTML', async () => {
    const { sender } = senderFor(fake.apiRoot);
    fake.failNext('sendMessage', 1, { status: 400, description: "Bad Request: can't parse entities: oops" });
    expect(await sender.send('1006', [{ text: 'An toàn & bảo mật' }])).toEqual({ ok: true });
    const calls = fake.callsOf('sendMessage');
    expect(calls[1]!.body.parse_mode).toBeUndefined();
    expect(fake.sentTo(1006)[0]!.text).toBe('An toàn & bảo mật');
  });

  it('never talks in groups', async () => {
    const { sender } = senderFor(fake.apiRoot);
    expect(await sender.send('-100123', [{ text: 'x' }])).toMatchObject({ ok: false, reason: 'failed' });
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
  });

  it('never holds a reply to the bulk rate', async () => {
    const { sender } = senderFor(fake.apiRoot, 20);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => sender.send(String(2000 + i), [{ text: 'Câu trả lời' }])),
    );
    expect(fake.callsOf('sendMessage')).toHaveLength(40);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('keeps the token out of logs and results when Telegram cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { sender, logs } = senderFor(`http://127.0.0.1:${closed}`);
    const result = await sender.send('1007', [{ text: 'Chào' }]);
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(logs.text()).toContain('sendMessage');
    expect(logs.text()).toContain('Telegram send failed');
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(TOKEN.split(':')[1]);
  });
});

describe('Telegram send lanes', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
  });
  afterAll(() => fake.close());

  it('holds bulk sends to the bot’s rate while replies go at once', async () => {
    const { sender } = senderFor(fake.apiRoot, 5);
    const started = performance.now();
    const bulk = Array.from({ length: 8 }, (_, i) =>
      sender.send(String(2000 + i), [{ text: `tin ${i}` }], { priority: 'bulk' }),
    );
    const reply = await sender.send('3000', [{ text: 'trả lời' }]);
    expect(reply).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(300);
    await Promise.all(bulk);
    // Five go within the first second's burst; the reply took a slot too; the rest wait their turn.
    expect(performance.now() - started).toBeGreaterThanOrEqual(600);
    expect(fake.callsOf('sendMessage')).toHaveLength(9);
  });
});
