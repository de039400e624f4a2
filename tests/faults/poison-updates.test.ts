import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { updates } from '../support/drivers/telegram-learner';
import { zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { startTestApp, type TestApp } from '../support/test-app';

const TG_SECRET = 'poison-telegram-secret';
const ZALO_SECRET = 'poison-zalo-secret';

/** Updates a platform (or an attacker) may send that can never be answered: each must get a 2xx or 4xx, never a 5xx. */
const telegramPoison = (chatId: number): Record<string, unknown>[] => [
  {
    update_id: 900_001,
    message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, text: 'hi' },
  },
  { update_id: 900_002, callback_query: { id: 'q', data: 'v1:1:1', chat_instance: 'c' } },
  {
    update_id: 900_003,
    callback_query: {
      id: 'q',
      from: { id: chatId, is_bot: false, first_name: 'A' },
      message: { message_id: 1 },
    },
  },
  { update_id: 900_004, my_chat_member: { chat: { id: chatId } } },
  { update_id: 900_005, message: 'not an object' },
];

const zaloPoison = (userId: string): unknown[] => [
  zaloUpdate({ userId, messageId: 'bad\u0000id', extra: { text: 'xin chào' } }),
  zaloUpdate({ userId: `${userId}\uD800`, extra: { text: 'lone surrogate' } }),
  { ...zaloUpdate({ userId, extra: { text: 'x' } }), event_name: 'message.text.received\u0000' },
  zaloUpdate({ userId, displayName: 'Bà\u0000 Tư\uDC00', extra: { text: 'tên lạ' } }),
  { event_name: 'message.text.received', message: { message_id: 'm', chat: {}, text: 'no chat id' } },
];

function poisonSuite(name: string, database: 'postgres' | 'pglite') {
  describe(name, () => {
    let t: TestApp;
    let telegram: FakeTelegram;
    let zalo: FakeZaloServer;
    beforeAll(async () => {
      telegram = await startFakeTelegram();
      zalo = await startFakeZaloServer();
      t = await startTestApp({
        database,
        redis: database === 'postgres',
        env: {
          ...(await zaloEnv(zalo, { secret: ZALO_SECRET })),
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
          // Telegram only takes https webhooks; this test posts to the app itself.
          PUBLIC_URL: 'https://hocvuso.example.vn',
        },
      });
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
      await telegram?.close();
      await zalo?.close();
    });

    const post = (path: string, body: unknown, secret: Record<string, string>) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...secret },
        body: JSON.stringify(body),
      });

    it('acknowledges unreadable Telegram updates without a 5xx, then answers the chat’s next one at once', async () => {
      const chatId = 555_123;
      for (const update of telegramPoison(chatId)) {
        const response = await post('/webhooks/telegram', update, {
          'x-telegram-bot-api-secret-token': TG_SECRET,
        });
        expect(response.status, JSON.stringify(update)).toBeLessThan(500);
      }
      const user = { id: chatId, is_bot: false as const, first_name: 'Bà Tư' };
      const ok = await post('/webhooks/telegram', updates.text(user, '/start'), {
        'x-telegram-bot-api-secret-token': TG_SECRET,
      });
      expect(ok.status).toBe(200);
      await telegram.waitFor(() => telegram.sentTo(chatId).length > 0, 10_000, 'the greeting');
    });

    it('cleans or drops poisoned Zalo events, alone and mixed into a batch of valid ones, without failing a neighbour', async () => {
      for (const update of zaloPoison('zp-1')) {
        const response = await post('/webhooks/zalo', update, { 'x-bot-api-secret-token': ZALO_SECRET });
        expect(response.status, JSON.stringify(update)).toBeLessThan(500);
      }
      // One poisoned event among 60 valid ones sent at once (they share a batched INSERT).
      const valid = Array.from({ length: 60 }, (_, i) =>
        zaloUpdate({ userId: `zv-${i}`, displayName: 'Học viên', extra: { text: '/start' } }),
      );
      const mixed = [...valid.slice(0, 30), ...zaloPoison('zp-2'), ...valid.slice(30)];
      const statuses = await Promise.all(
        mixed.map((update) =>
          post('/webhooks/zalo', update, { 'x-bot-api-secret-token': ZALO_SECRET }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      await t.app.dispatcher.idle();
      for (let i = 0; i < 60; i++) expect(zalo.messages(`zv-${i}`).length, `zv-${i}`).toBeGreaterThan(0);
      // The cleaned ones were answered too: a NUL or a lone surrogate is stripped, not fatal.
      expect(zalo.messages('zp-1').length).toBeGreaterThan(0);
    });
  });
}

poisonSuite('poison updates on the embedded default', 'pglite');

describeWithServices('poison updates on PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  poisonSuite('webhooks', 'postgres');
});
