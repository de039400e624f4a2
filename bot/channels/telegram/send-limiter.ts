import type { Transformer } from 'grammy';

/** Methods that put a message in a chat: these count toward the per-bot message rate. */
const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAudio',
  'sendVoice',
  'sendAnimation',
  'sendSticker',
  'sendLocation',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);

export interface SendLimiter {
  /**
   * Bulk sends (broadcasts, reminders) resolve when the next slot comes, first come first served.
   * A reply to a learner resolves at once and only uses up budget, so bulk sends slow down instead:
   * a learner never waits for the bot-wide rate (a 429 from Telegram is handled by the retries).
   */
  take(priority?: 'reply' | 'bulk'): Promise<void>;
  readonly ratePerSecond: number;
}

/**
 * One limiter per bot and process, shared by replies and (later) broadcasts. GCRA: a steady
 * `ratePerSecond` for bulk sends with bursts of up to one second's worth, O(1) per message.
 */
export function createSendLimiter(ratePerSecond: number, now: () => number = Date.now): SendLimiter {
  const interval = 1000 / ratePerSecond;
  const burst = Math.max(1, Math.floor(ratePerSecond)) * interval;
  let next = Number.NEGATIVE_INFINITY;
  return {
    ratePerSecond,
    take(priority = 'reply') {
      const at = now();
      if (priority === 'reply') {
        next = Math.min(Math.max(next, at - burst + interval) + interval, at + 1000);
        return Promise.resolve();
      }
      const slot = Math.max(next, at - burst + interval);
      next = slot + interval;
      const wait = slot - at;
      return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}

/**
 * Counts message-sending calls against the limiter (answering presses and edits are not messages).
 * Everything sent through this API today is a reply; broadcasts will take bulk slots explicitly.
 */
export function limitSends(limiter: SendLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    if (SEND_METHODS.has(method)) await limiter.take();
    return prev(method, payload, signal);
  };
}
