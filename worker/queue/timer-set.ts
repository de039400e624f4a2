/** Node clamps longer timeouts to 1 ms, which would fire a monthly cron job at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface TimerSet {
  /** Runs `fn` after `ms`; returns a cancel function. A no-op once the set is cleared. */
  after(ms: number, fn: () => void): () => void;
  /** Cancels every pending timer and refuses new ones, so the process can exit. */
  clear(): void;
  readonly size: number;
}

export function createTimerSet(): TimerSet {
  const live = new Set<NodeJS.Timeout>();
  let cleared = false;

  function arm(ms: number, fn: () => void, holder: { timer?: NodeJS.Timeout }): void {
    const step = Math.min(Math.max(0, ms), MAX_TIMEOUT_MS);
    const timer = setTimeout(() => {
      live.delete(timer);
      if (ms > MAX_TIMEOUT_MS) arm(ms - MAX_TIMEOUT_MS, fn, holder);
      else fn();
    }, step);
    live.add(timer);
    holder.timer = timer;
  }

  return {
    after(ms, fn) {
      if (cleared) return () => {};
      const holder: { timer?: NodeJS.Timeout } = {};
      arm(ms, fn, holder);
      return () => {
        if (!holder.timer) return;
        clearTimeout(holder.timer);
        live.delete(holder.timer);
      };
    },
    clear() {
      cleared = true;
      for (const timer of live) clearTimeout(timer);
      live.clear();
    },
    get size() {
      return live.size;
    },
  };
}
