import { type FakeTelegram, startFakeTelegram } from '../../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../../fakes/fake-zalo-server';
import { freePort } from '../../helpers/free-port';
import { updates } from '../../support/drivers/telegram-learner';
import { zaloUpdate } from '../../support/drivers/zalo-learner';

export const TELEGRAM_SECRET = 'fault-telegram-secret';
export const ZALO_SECRET = 'fault-zalo-secret';
const NAME = 'Bà Tư';

/** Fake Telegram and Zalo on 127.0.0.1, and the environment that points the app at them (webhook mode). */
export interface Platforms {
  telegram: FakeTelegram;
  zalo: FakeZaloServer;
  env: Record<string, string>;
  /** Starts fake Telegram (on its port, known from the start) when it was left unreachable. */
  startTelegram(): Promise<FakeTelegram>;
  close(): Promise<void>;
}

const TELEGRAM_TOKEN = '4242424:FAULT-token_abcdefghijklmnopqrstuv';

/** `telegramLater`: Telegram is unreachable (nothing listens on its port) until `startTelegram()`. */
export async function startPlatforms(options: { telegramLater?: boolean } = {}): Promise<Platforms> {
  const port = await freePort();
  const zalo = await startFakeZaloServer();
  const platforms: Platforms = {
    telegram: undefined as unknown as FakeTelegram,
    zalo,
    env: platformEnv({ telegramRoot: `http://127.0.0.1:${port}`, telegramToken: TELEGRAM_TOKEN, zalo }),
    async startTelegram() {
      platforms.telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN, port, record: true });
      return platforms.telegram;
    },
    async close() {
      await platforms.telegram?.close();
      await zalo.close();
    },
  };
  if (!options.telegramLater) await platforms.startTelegram();
  return platforms;
}

export function platformEnv(options: {
  telegramRoot: string;
  telegramToken: string;
  zalo: FakeZaloServer;
}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: options.telegramToken,
    TELEGRAM_API_ROOT: options.telegramRoot,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    ZALO_BOT_TOKEN: options.zalo.token,
    ZALO_API_BASE: options.zalo.url,
    ZALO_WEBHOOK_SECRET: ZALO_SECRET,
    // Telegram only accepts https webhooks; the tests post to the app directly.
    PUBLIC_URL: 'https://bot.example.test',
  };
}

/** One learner on one channel: how to build its updates, post them, and read what it was sent. */
export interface ChannelLearner {
  channel: 'telegram' | 'zalo';
  id: string;
  /** A new update carrying `text` (its id is kept for redeliveries). */
  update(text: string): unknown;
  /** POSTs an update to the app's webhook at `url`; the HTTP status. */
  post(url: string, update: unknown, timeoutMs?: number): Promise<number>;
  /** Texts the platform accepted for this learner, in order. */
  received(): string[];
}

async function postJson(url: string, headers: Record<string, string>, body: unknown, timeoutMs: number) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  return response.status;
}

export function telegramLearner(platforms: Platforms, userId: number): ChannelLearner {
  const user = { id: userId, is_bot: false as const, first_name: NAME, language_code: 'vi' };
  return {
    channel: 'telegram',
    id: String(userId),
    update: (text) => updates.text(user, text),
    post: (url, update, timeoutMs = 15_000) =>
      postJson(
        `${url}/webhooks/telegram`,
        { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        update,
        timeoutMs,
      ),
    received: () => platforms.telegram.sentTo(userId).map((message) => message.text),
  };
}

export function zaloLearner(platforms: Platforms, userId: string): ChannelLearner {
  let clock = Date.now();
  return {
    channel: 'zalo',
    id: userId,
    update(text) {
      clock = Math.max(clock + 1, Date.now());
      return zaloUpdate({ userId, displayName: NAME, date: clock, extra: { text } });
    },
    post: (url, update, timeoutMs = 15_000) =>
      postJson(`${url}/webhooks/zalo`, { 'x-bot-api-secret-token': ZALO_SECRET }, update, timeoutMs),
    received: () => platforms.zalo.messages(userId).map((message) => message.text),
  };
}
