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
  /** Resolves when the next message may go out (first come, first served). */
  take(): Promise<void>;
  readonly ratePerSecond: number;
}

/**
 * One limiter per bot and process, shared by replies and (later) broadcasts. GCRA: a steady
 * `ratePerSecond` with bursts of up to one second's worth, O(1) per message and no timer when idle.
 */
export function createSendLimiter(ratePerSecond: number, now: () => number = Date.now): SendLimiter {
  const interval = 1000 / ratePerSecond;
  const burst = Math.max(1, Math.floor(ratePerSecond)) * interval;
  let next = Number.NEGATIVE_INFINITY;
  return {
    ratePerSecond,
    take() {
      const at = now();
      const slot = Math.max(next, at - burst + interval);
      next = slot + interval;
      const wait = slot - at;
      return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}

/** Applies the limiter to message-sending calls only: answering presses and edits are not messages. */
export function limitSends(limiter: SendLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    if (SEND_METHODS.has(method)) await limiter.take();
    return prev(method, payload, signal);
  };
}
