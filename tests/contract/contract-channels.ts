import { randomUUID } from 'node:crypto';
import type { FakeMessage, FakeTelegram } from '../fakes/fake-telegram-server';
import type { FakeZaloServer } from '../fakes/fake-zalo-server';
import { createTelegramLearner, updates } from '../support/drivers/telegram-learner';
import { createWebLearner, type WebPrompt } from '../support/drivers/web-learner';
import { createZaloLearner, type ZaloEvent } from '../support/drivers/zalo-learner';
import { settledOf } from '../support/settled';
import type { TestApp } from '../support/test-app';
import type { ChannelLearner, PlatformFaults } from './contract-channel';

/** The web chat's learner: a message is a POST with the page's `messageId`. */
export function webContractLearner(t: TestApp, session: string): ChannelLearner {
  const web = createWebLearner({ url: t.url, session });
  type Message = { text: string; messageId: string };
  const recorded = async (messageId: string) => {
    const where = { platform: 'web' as const, externalId: { endsWith: `:${messageId}` } };
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      if ((await t.app.db.prisma.inboundMessage.count({ where })) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`message ${messageId} was never recorded`);
  };
  return {
    say: web.say,
    choose: (n, prompt) => web.choose(n, prompt as WebPrompt | undefined),
    latestPrompt: web.latestPrompt,
    compose: (text) => ({ text, messageId: randomUUID() }),
    deliver: (m) => web.send((m as Message).text, (m as Message).messageId),
    async deliverAll(list, handedOver) {
      // The page sends each message as the learner taps, without waiting for the answer: each
      // next one leaves once the server has recorded the one before (the order the learner wrote).
      const answers: ReturnType<typeof web.send>[] = [];
      for (const m of list as Message[]) {
        answers.push(web.send(m.text, m.messageId));
        await recorded(m.messageId);
      }
      await handedOver?.();
      return (await Promise.all(answers)).flat();
    },
  };
}

export function telegramContractLearner(
  t: TestApp,
  fake: FakeTelegram,
  secret: string,
  userId: number,
): ChannelLearner {
  const telegram = createTelegramLearner({ url: t.url, secret, fake, userId, settled: settledOf(t.app) });
  return {
    say: telegram.say,
    choose: (n, prompt) => telegram.choose(n, prompt as FakeMessage | undefined),
    latestPrompt: telegram.latestPrompt,
    compose: (text) => updates.text(telegram.user, text),
    deliver: (update) => telegram.deliver(update as Parameters<typeof telegram.deliver>[0]),
    // Telegram hands a chat's updates over one at a time: each waits for the one before's 200.
    deliverAll: (list, handedOver) =>
      telegram.deliverAll(list as Parameters<typeof telegram.deliverAll>[0], handedOver),
  };
}

export function zaloContractLearner(
  t: TestApp,
  fake: FakeZaloServer,
  secret: string,
  userId: string,
): ChannelLearner {
  const zalo = createZaloLearner({ url: t.url, secret, fake, userId, settled: settledOf(t.app) });
  return {
    say: zalo.say,
    // No buttons: a choice is its typed number, and it always answers the current question.
    choose: (n) => zalo.choose(n),
    latestPrompt: () => undefined,
    compose: (text) => zalo.event({ extra: { text } }),
    deliver: (event) => zalo.deliver(event as ZaloEvent),
    // Zalo gives no per-chat order: the events arrive together; their dates say the order.
    deliverAll: (events, handedOver) => zalo.deliverAll(events as ZaloEvent[], handedOver),
  };
}

export function telegramFaults(fakeOf: () => FakeTelegram): PlatformFaults {
  const fake = () => fakeOf();
  return {
    rateLimitNext: (retryAfter) => fake().failNext('sendMessage', 1, { status: 429, retryAfter }),
    block: (chatId) => fake().block(chatId),
    sendAttempts: (chatId) =>
      fake()
        .callsOf('sendMessage')
        .filter((call) => String(call.body.chat_id) === chatId)
        .map((call) => ({ status: call.status, at: call.at })),
  };
}

/** Zalo says "blocked" in the error's description (a bare 403 is not that; see platforms/zalo.md). */
export function zaloFaults(fakeOf: () => FakeZaloServer): PlatformFaults {
  const fake = () => fakeOf();
  return {
    rateLimitNext: (retryAfter) => fake().failNext(1, { status: 429, retryAfter, methods: ['sendMessage'] }),
    block: (chatId) => fake().block(chatId),
    sendAttempts: (chatId) =>
      fake()
        .callsTo('sendMessage')
        .filter((call) => call.body.chat_id === chatId)
        .map((call) => ({ status: call.status, at: call.at })),
  };
}
