import { setTimeout as sleep } from 'node:timers/promises';
import { createAdaptiveRate } from './adaptive-rate';
import { createChatPacer } from './chat-pacer';
import { createMemoryBudget, type RateBudget, type SendPriority } from './rate-budget';

export type { SendPriority };

/** Every message a channel sends passes here: the chat's pace first, then the bot's budget. */
export interface SendLimiter {
  /** Resolves when the send may start; rejects with the signal's reason once aborted. */
  acquire(chatId: string, options?: AcquireOptions): Promise<void>;
  /** A 429 from the platform: the whole bot (every process sharing the budget) holds off for `ms`. */
  pause(ms: number): void;
  readonly ratePerSecond: number;
  /** Sends waiting in this process (for "typing" hints and reports). */
  readonly waiting: number;
}

export interface AcquireOptions {
  priority?: SendPriority;
  signal?: AbortSignal;
  /** false: not counted against the chat's pace (a retry, or a typing indicator). */
  paced?: boolean;
  /** Awaited once the send may start, before it does: see SendOptions.onStart. */
  onGranted?: () => Promise<void>;
}

export interface SendLimits {
  ratePerSecond: number;
  perChat?: { perSecond: number; burst: number };
  /** Shared across processes (Redis) when given; this process's own otherwise. */
  budget?: RateBudget;
  /** No published limit (Zalo): `ratePerSecond` is a ceiling, halved on a 429 and regained slowly. */
  adaptive?: boolean;
}

/** ~1 message/s per chat after a burst of 4, for bulk sends: see chat-pacer.ts. */
const DEFAULT_PER_CHAT = { perSecond: 1, burst: 4 };

export function createSendLimiter(limits: SendLimits): SendLimiter {
  const budget = limits.budget ?? createMemoryBudget(limits.ratePerSecond);
  const adaptive = limits.adaptive ? createAdaptiveRate({ ceiling: limits.ratePerSecond }) : undefined;
  const pacer = createChatPacer(limits.perChat ?? DEFAULT_PER_CHAT);
  let bulkTail: Promise<void> = Promise.resolve();
  let waiting = 0;
  /** Bulk sends taken from the budget and not used yet (see `grant`). */
  let banked = 0;

  /**
   * Bulk sends take a tenth of a second's worth from the budget at once when others are waiting:
   * one round trip to a shared budget per batch, not per send (else the round trip caps the rate).
   */
  async function grant(priority: SendPriority, signal: AbortSignal | undefined): Promise<void> {
    if (priority === 'bulk' && banked > 0) {
      banked--;
      return;
    }
    for (;;) {
      signal?.throwIfAborted();
      const rate = adaptive?.current() ?? limits.ratePerSecond;
      const count = priority === 'bulk' ? Math.max(1, Math.min(waiting, Math.ceil(rate / 10))) : 1;
      const wait = await budget.take(priority, rate, count);
      if (wait <= 0) {
        if (priority === 'bulk') banked = count - 1;
        return;
      }
      // A reply only ever waits out a pause (429): it counts as waiting meanwhile.
      if (priority === 'reply') waiting++;
      try {
        await sleep(wait, undefined, { signal });
      } finally {
        if (priority === 'reply') waiting--;
      }
    }
  }

  return {
    async acquire(chatId, options = {}) {
      const { priority = 'reply', signal } = options;
      const wait = options.paced === false ? 0 : pacer.reserve(chatId);
      // Replies take their chat slot but never wait for it: see chat-pacer.ts.
      if (priority === 'reply') {
        await grant('reply', signal);
        return options.onGranted?.();
      }
      if (wait > 0) await sleep(wait, undefined, { signal });
      // Bulk sends of this process queue in order, one asking the budget at a time.
      waiting++;
      const turn = bulkTail.then(() => grant('bulk', signal));
      bulkTail = turn.catch(() => {});
      try {
        await turn;
      } finally {
        waiting--;
      }
      await options.onGranted?.();
    },
    pause(ms) {
      banked = 0;
      adaptive?.limited();
      void budget.pause(ms).catch(() => {});
    },
    get ratePerSecond() {
      return adaptive?.current() ?? limits.ratePerSecond;
    },
    get waiting() {
      return waiting;
    },
  };
}
