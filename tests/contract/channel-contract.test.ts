import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { WebSessions } from '../../bot/channels/web/web-session';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { webSessionsOf } from '../support/web-session';
import { applies, type ChannelUnderTest } from './contract-channel';
import {
  telegramContractLearner,
  telegramFaults,
  webContractLearner,
  zaloContractLearner,
  zaloFaults,
} from './contract-channels';
import { deliveryContract } from './delivery-contract';
import { journeyContract } from './journey-contract';
import { platformFaultsContract } from './platform-faults-contract';

describeWithServices('channel contract: web chat, Telegram and Zalo', { postgres: true, redis: true }, () => {
  let t: TestApp;
  let telegram: FakeTelegram;
  let zalo: FakeZaloServer;
  const telegramSecret = 'contract_secret_1';
  const zaloSecret = 'contract-zalo-secret';
  let nextId = 700_000;
  let sessions: WebSessions;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    zalo = await startFakeZaloServer();
    t = await startTestApp({
      database: 'postgres',
      redis: true,
      env: {
        // Where the platforms are told to deliver (Telegram insists on https); the test posts to t.url.
        PUBLIC_URL: 'https://hocvuso.example.vn',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: telegramSecret,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_BASE: zalo.url,
        ZALO_WEBHOOK_SECRET: zaloSecret,
      },
    });
    sessions = await webSessionsOf(t.app);
  });
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
    await zalo?.close();
  });

  const channels: ChannelUnderTest[] = [
    {
      platform: 'web',
      learner: () => {
        const { token, id } = sessions.issue();
        return { learner: webContractLearner(t, token), platformUserId: id, chatId: id };
      },
      redelivery: 'stored answer',
      stalePrompts: true,
      faults: {
        notApplicable:
          'the web chat has no platform between bot and learner: replies go back in the HTTP answer ' +
          '(or wait in the outbox for the page), so nothing answers a send with 429 or "blocked"',
      },
    },
    {
      platform: 'telegram',
      learner: () => {
        const userId = ++nextId;
        return {
          learner: telegramContractLearner(t, telegram, telegramSecret, userId),
          platformUserId: String(userId),
          chatId: String(userId),
        };
      },
      redelivery: 'nothing',
      stalePrompts: true,
      faults: telegramFaults(() => telegram),
    },
    {
      platform: 'zalo',
      learner: () => {
        const userId = `zalo-${randomUUID().slice(0, 12)}`;
        return {
          learner: zaloContractLearner(t, zalo, zaloSecret, userId),
          platformUserId: userId,
          chatId: userId,
        };
      },
      redelivery: 'nothing',
      stalePrompts: {
        notApplicable:
          'Zalo has no buttons: a choice is typed, and a typed number answers the current question',
      },
      faults: zaloFaults(() => zalo),
    },
  ];

  for (const channel of channels) {
    describe(channel.platform, () => {
      const ctx = { app: () => t, channel };
      journeyContract(ctx);
      deliveryContract(ctx);
      if (applies(channel.faults)) platformFaultsContract(ctx, channel.faults);
    });
  }
});
