import { setTimeout as sleep } from 'node:timers/promises';
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
}

export interface SendLimits {
  ratePerSecond: number;
  perChat?: { perSecond: number; burst: number };
  /** Shared across processes (Redis) when given; this process's own otherwise. */
  budget?: RateBudget;
}

/** ~1 message/s per chat after a burst of 4, for bulk sends: see chat-pacer.ts. */
const DEFAULT_PER_CHAT = { perSecond: 1, burst: 4 };

export function createSendLimiter(limits: SendLimits): SendLimiter {
  const budget = limits.budget ?? createMemoryBudget(limits.ratePerSecond);
  const pacer = createChatPacer(limits.perChat ?? DEFAULT_PER_CHAT);
  let bulkTail: Promise<void> = Promise.resolve();
  let waiting = 0;

  async function grant(priority: SendPriority, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = await budget.take(priority);
      if (wait <= 0) return;
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
      if (priority === 'reply') return grant('reply', signal);
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
    },
    pause(ms) {
      void budget.pause(ms).catch(() => {});
    },
    ratePerSecond: limits.ratePerSecond,
    get waiting() {
      return waiting;
    },
  };
}
