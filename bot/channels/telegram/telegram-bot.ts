import { Bot } from 'grammy';
import type { Logger } from '../../logger';
import { DEFAULT_RETRY, type RetryOptions, retryCalls } from './api-retry';
import { createSendLimiter, limitSends, type SendLimiter } from './send-limiter';
import { undiciFetch } from './undici-fetch';

export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  sendRate: number;
  log: Logger;
  retry?: Partial<RetryOptions>;
}

/**
 * The grammY bot every Telegram call goes through. Transformers wrap in install order, the last
 * outermost: each retry attempt waits for a fresh slot from the limiter.
 */
export function createTelegramBot(options: TelegramBotOptions): { bot: Bot; limiter: SendLimiter } {
  const bot = new Bot(options.token, {
    // A hung connection fails the call (and is retried) instead of holding a learner's turn for minutes.
    client: { apiRoot: options.apiRoot, timeoutSeconds: 45, fetch: undiciFetch() },
  });
  const limiter = createSendLimiter(options.sendRate);
  bot.api.config.use(limitSends(limiter));
  bot.api.config.use(retryCalls(options.log, { ...DEFAULT_RETRY, ...options.retry }));
  return { bot, limiter };
}
