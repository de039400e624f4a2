import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSendLimiter } from '../../bot/channels/core/send-limiter';
import { createZaloClient } from '../../bot/channels/zalo/zalo-client';
import { createZaloSender } from '../../bot/channels/zalo/zalo-sender';
import type { Reply } from '../../bot/engine/types';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';

let fake: FakeZaloServer;
const log = pino({ level: 'silent' });
const sender = (limiter = createSendLimiter({ ratePerSecond: 1000 })) => {
  const client = createZaloClient({
    token: fake.token,
    apiBase: fake.url,
    log,
    retry: { retries: 2, baseMs: 10, maxMs: 50, maxRetryAfterMs: 1000 },
    onRateLimited: (ms) => limiter.pause(ms),
  });
  return createZaloSender({ client, limiter, log });
};
const question: Reply = {
  text: '❓ Câu 1/3\nCâu hỏi 1?',
  choices: ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'].map((label, i) => ({ label, reply: String(i + 1) })),
};
const questionText =
  '❓ Câu 1/3\nCâu hỏi 1?\n\n1. Lựa chọn 1\n2. Lựa chọn 2\n3. Lựa chọn 3\n👉 Trả lời 1, 2 hoặc 3';
/** About 1500 characters: two of these never fit in one Zalo message, so each goes on its own. */
const paragraph = (label: string) => `${label}. ${'Nội dung bài học rất dài. '.repeat(57).trim()}`;

beforeAll(async () => {
  fake = await startFakeZaloServer();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('Zalo sender', () => {
  it('sends short feedback and the next question as one message', async () => {
    const result = await sender().send('chat-1', [{ text: '✅ Chính xác! Vì sao.' }, question]);
    expect(result).toEqual({ ok: true });
    expect(fake.calls.map((call) => call.method)).toEqual(['sendMessage']);
    expect(fake.messages('chat-1').map((m) => m.text)).toEqual([`✅ Chính xác! Vì sao.\n\n${questionText}`]);
  });

  it('sends a multi-message reply in order, with no typing indicator when it goes out at once', async () => {
    const result = await sender().send('chat-1', [
      { text: paragraph('Một') },
      { text: paragraph('Hai') },
      question,
    ]);
    expect(result).toEqual({ ok: true });
    expect(fake.calls.map((call) => call.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(fake.messages('chat-1').map((m) => m.text)).toEqual([
      paragraph('Một'),
      `${paragraph('Hai')}\n\n${questionText}`,
    ]);
  });

  it('shows "typing" before a multi-message reply that has to wait behind the bot-wide rate', async () => {
    const limiter = createSendLimiter({ ratePerSecond: 1000 });
    const busy = sender(limiter);
    limiter.pause(300);
    // chat-1 is first in line: nothing waits before it, so no "typing" although it is two messages.
    const first = busy.send('chat-1', [{ text: paragraph('Một') }, { text: paragraph('Một, phần sau') }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = busy.send('chat-2', [{ text: paragraph('Hai') }, { text: paragraph('Hai, phần sau') }]);
    // Short feedback and a question join into one message: no "typing" for it, even when it waits.
    const third = busy.send('chat-3', [{ text: 'Ba.' }, question]);
    expect(await Promise.all([first, second, third])).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(fake.messages('chat-1')).toHaveLength(2);
    expect(fake.messages('chat-2')).toHaveLength(2);
    expect(fake.messages('chat-3')).toHaveLength(1);
    const typingTo = fake.calls
      .filter((call) => call.method === 'sendChatAction')
      .map((call) => call.body.chat_id);
    expect(typingTo).toEqual(['chat-2']);
  });

  it('sends a one-message reply, or a broadcast, without a typing indicator', async () => {
    await sender().send('chat-1', [question]);
    await sender().deliver(
      'chat-2',
      [{ text: paragraph('Tin thông báo') }, { text: paragraph('Phần hai') }],
      {
        priority: 'bulk',
      },
    );
    expect(fake.calls.map((call) => call.method)).toEqual(['sendMessage', 'sendMessage', 'sendMessage']);
  });

  it('splits a long lesson so the platform accepts every part', async () => {
    const long = Array.from({ length: 150 }, (_, i) => `Đây là câu số ${i} của một thẻ bài học dài.`).join(
      ' ',
    );
    expect(await sender().send('chat-1', [{ text: long }])).toEqual({ ok: true });
    const texts = fake.messages('chat-1').map((m) => m.text);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.join(' ')).toBe(long);
  });

  it('reports a blocked learner as blocked, with the reason for a delivery report', async () => {
    fake.block('chat-9');
    const delivery = await sender().deliver('chat-9', [question]);
    expect(delivery.result).toEqual({ ok: false, reason: 'blocked' });
    expect(delivery.failure).toMatchObject({ reason: 'blocked', code: '403', retryable: false });
  });

  it('pauses on a bare 403 (a refused token): nobody is marked blocked, the message stays pending', async () => {
    const zalo = sender();
    fake.failNext(1, { status: 403, methods: ['sendMessage'] });
    const delivery = await zalo.deliver('chat-3', [question]);
    expect(delivery.result).toMatchObject({ ok: false, reason: 'paused' });
    expect(delivery.failure).toMatchObject({ reason: 'unauthorized', code: '403' });
    expect(zalo.paused).toBe(true);
    expect(await zalo.send('chat-3', [question])).toEqual({ ok: true });
    expect(zalo.paused).toBe(false);
  });

  it('recovers from 429 and 5xx without losing or reordering messages', async () => {
    fake.failNext(1, { status: 429, retryAfter: 0 });
    fake.failNext(1, { status: 500, methods: ['sendMessage'] });
    const texts = [paragraph('một'), paragraph('hai'), paragraph('ba')];
    const result = await sender().send(
      'chat-1',
      texts.map((text) => ({ text })),
    );
    expect(result).toEqual({ ok: true });
    expect(fake.messages('chat-1').map((m) => m.text)).toEqual(texts);
    expect(fake.callsTo('sendMessage').map((call) => call.status)).toEqual([429, 500, 200, 200, 200]);
  });

  it('stops at the first message that keeps failing, and a resumed delivery sends only the rest', async () => {
    fake.failNext(20, { status: 503, methods: ['sendMessage'] });
    const zalo = sender();
    const replies = [{ text: paragraph('một') }, { text: paragraph('hai') }];
    const first = await zalo.deliver('chat-1', replies);
    expect(first.result).toMatchObject({ ok: false, reason: 'failed', error: '503 Internal server error' });
    expect(first).toMatchObject({ total: 2, sent: [] });
    fake.reset();
    await zalo.deliver('chat-1', replies.slice(0, 1));
    const resumed = await zalo.deliver('chat-1', replies, { from: 1 });
    expect(resumed).toMatchObject({ result: { ok: true }, total: 2 });
    expect(resumed.sent).toHaveLength(1);
    expect(fake.messages('chat-1').map((m) => m.text)).toEqual([paragraph('một'), paragraph('hai')]);
  });

  it('skips a photo the platform refuses and still sends the text', async () => {
    const result = await sender().send('chat-1', [{ text: 'Xem hình.', media: { url: 'ftp://nope/a.png' } }]);
    expect(result).toEqual({ ok: true });
    expect(fake.messages('chat-1').map((m) => m.text)).toEqual(['Xem hình.']);
  });
});
