import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTelegramBot } from '../../bot/channels/telegram/telegram-bot';
import { createTelegramSender } from '../../bot/channels/telegram/telegram-sender';
import { createLogger } from '../../bot/logger';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(async () => fake?.close());

it('asks for paid broadcasts on bulk sends only, and only when configured', async () => {
  const log = createLogger('silent');
  const make = (paidBroadcastRate: number) => {
    const { bot } = createTelegramBot({
      token: fake.token,
      apiRoot: fake.apiRoot,
      sendRate: 1000,
      paidBroadcastRate,
      log,
    });
    return createTelegramSender({ api: bot.api, log, token: fake.token });
  };
  const paid = make(1000);
  await paid.send('3001', [{ text: 'Chiến dịch' }], { priority: 'bulk' });
  await paid.send('3002', [{ text: 'Trả lời' }], { priority: 'reply' });
  await make(0).send('3003', [{ text: 'Chiến dịch' }], { priority: 'bulk' });
  const flag = (chat: string) =>
    fake.callsOf('sendMessage').find((call) => String(call.body.chat_id) === chat)?.body.allow_paid_broadcast;
  expect(flag('3001')).toBe(true);
  expect(flag('3002')).toBeUndefined();
  expect(flag('3003')).toBeUndefined();
});
