import { Bot } from 'grammy';
import type { Logger } from '../../logger';
import { createMemoryBudget, type RateBudget } from '../core/rate-budget';
import { DEFAULT_RETRY, type RetryPolicy } from '../core/retry-policy';
import { createSendLimiter, type SendLimiter } from '../core/send-limiter';
import { retryCalls } from './api-retry';
import { limitSends } from './limit-sends';
import { undiciFetch } from './undici-fetch';

export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  sendRate: number;
  /** Messages a second to one chat (default 1). */
  chatRate?: number;
  /** Bulk sends ask for Telegram's paid broadcasts (above the free ~30/s). */
  paidBroadcastRate?: number;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /** The bot's message budget (shared through Redis when configured). */
  budget?: RateBudget;
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
  const limiter = createSendLimiter({
    ratePerSecond: options.sendRate,
    budget: options.budget ?? createMemoryBudget(options.sendRate),
    perChat: { perSecond: options.chatRate ?? 1, burst: 4 },
  });
  bot.api.config.use(limitSends(limiter, { paidBroadcast: (options.paidBroadcastRate ?? 0) > 0 }));
  bot.api.config.use(
    retryCalls(options.log, { ...DEFAULT_RETRY, ...options.retry }, (waitMs) => limiter.pause(waitMs)),
  );
  return { bot, limiter };
}
