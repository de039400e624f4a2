/** Who is waiting: learners' replies go before bulk sends (broadcasts, reminders). */
export type SendPriority = 'reply' | 'bulk';

export interface RateGate {
  /** Resolves when a send may start; rejects with the signal's reason when aborted. */
  acquire(options?: { priority?: SendPriority; signal?: AbortSignal }): Promise<void>;
  /** The platform answered 429: nobody starts a send before `ms` from now. */
  pause(ms: number): void;
  readonly waiting: number;
}

interface Waiter {
  resolve: () => void;
  done: boolean;
}

/**
 * A bot-wide pace of `ratePerSecond` for bulk sends (broadcasts, reminders) with a burst of up to
 * one second's worth (GCRA). Replies to learners are not held to it (they take their share of the
 * budget and go); after a 429 everyone waits, replies first.
 */
export function createRateGate(options: { ratePerSecond: number; now?: () => number }): RateGate {
  const now = options.now ?? (() => performance.now());
  const interval = 1000 / options.ratePerSecond;
  const tolerance = Math.max(0, options.ratePerSecond - 1) * interval;
  const lanes: Record<SendPriority, Waiter[]> = { reply: [], bulk: [] };
  const heads: Record<SendPriority, number> = { reply: 0, bulk: 0 };
  let theoretical = 0;
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let waiting = 0;

  function next(): Waiter | undefined {
    for (const lane of ['reply', 'bulk'] as const) {
      const queue = lanes[lane];
      while (heads[lane] < queue.length) {
        const waiter = queue[heads[lane]++]!;
        if (heads[lane] > 1024 && heads[lane] * 2 > queue.length) {
          lanes[lane] = queue.slice(heads[lane]);
          heads[lane] = 0;
        }
        if (!waiter.done) return waiter;
      }
    }
    return undefined;
  }

  function pump(): void {
    timer = undefined;
    while (waiting > 0) {
      const at = now();
      const allowedAt = Math.max(pausedUntil, theoretical - tolerance);
      if (at < allowedAt) {
        timer = setTimeout(pump, Math.ceil(allowedAt - at));
        return;
      }
      const waiter = next();
      if (!waiter) return;
      theoretical = Math.max(theoretical, at) + interval;
      waiter.done = true;
      waiting--;
      waiter.resolve();
    }
  }

  return {
    acquire({ priority = 'reply', signal } = {}) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const at = now();
      if (priority === 'reply' && at >= pausedUntil) {
        // A learner is waiting: a reply goes now and only uses up budget (at most a second of it),
        // so broadcasts slow down instead. Only a platform 429 (a pause) holds replies back.
        theoretical = Math.min(Math.max(theoretical, at) + interval, at + 1000);
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, done: false };
        const onAbort = () => {
          if (waiter.done) return;
          waiter.done = true;
          waiting--;
          reject(signal?.reason);
        };
        waiter.resolve = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        lanes[priority].push(waiter);
        waiting++;
        if (!timer) pump();
      });
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (waiting > 0) pump();
    },
    get waiting() {
      return waiting;
    },
  };
}
