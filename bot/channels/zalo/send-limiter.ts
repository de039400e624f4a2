import { setTimeout as sleep } from 'node:timers/promises';
import { createChatPacer } from './chat-pacer';
import { createRateGate, type SendPriority } from './rate-gate';

export type { SendPriority };

/** Every send to the platform passes here: the chat's pace first, then the bot-wide rate. */
export interface SendLimiter {
  acquire(chatId: string, options?: AcquireOptions): Promise<void>;
  /** A 429 from the platform: the whole bot holds off for `ms`. */
  pause(ms: number): void;
  readonly ratePerSecond: number;
  /** Sends waiting for the bot-wide rate (for metrics and broadcast reports). */
  readonly waiting: number;
}

export interface AcquireOptions {
  priority?: SendPriority;
  signal?: AbortSignal;
  /** false: not counted against the chat's pace (a typing indicator is not a message). */
  paced?: boolean;
}

export interface SendLimits {
  ratePerSecond: number;
  perChat?: { perSecond: number; burst: number };
}

/** ~1 message/s per chat after a burst of 4, for bulk sends: see chat-pacer.ts. */
const DEFAULT_PER_CHAT = { perSecond: 1, burst: 4 };

export function createSendLimiter(limits: SendLimits): SendLimiter {
  const gate = createRateGate({ ratePerSecond: limits.ratePerSecond });
  const pacer = createChatPacer(limits.perChat ?? DEFAULT_PER_CHAT);
  return {
    async acquire(chatId, options = {}) {
      const wait = options.paced === false ? 0 : pacer.reserve(chatId);
      // Replies take their slot but never wait for it: see chat-pacer.ts.
      if (wait > 0 && options.priority === 'bulk') await sleep(wait, undefined, { signal: options.signal });
      await gate.acquire(options);
    },
    pause: (ms) => gate.pause(ms),
    ratePerSecond: limits.ratePerSecond,
    get waiting() {
      return gate.waiting;
    },
  };
}

const shared = new Map<string, SendLimiter>();

/**
 * One limiter per bot in this process, whoever sends (replies now, broadcasts later), so they
 * share the platform's per-bot budget. `botId` is the public half of the token.
 */
export function sharedSendLimiter(botId: string, limits: SendLimits): SendLimiter {
  const key = `${botId}:${limits.ratePerSecond}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = createSendLimiter(limits);
    shared.set(key, limiter);
  }
  return limiter;
}
