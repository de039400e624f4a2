/** At most `max` starts in any `durationMs` window (stricter than BullMQ's fixed window). */
export interface SlidingWindow {
  /** Milliseconds until another start is allowed; 0 when one is allowed now. */
  waitMs(): number;
  record(): void;
}

export function createSlidingWindow(
  limit: { max: number; durationMs: number },
  now: () => number,
): SlidingWindow {
  const starts: number[] = [];
  return {
    waitMs() {
      if (starts.length < limit.max) return 0;
      return Math.max(0, starts[0]! + limit.durationMs - now());
    },
    record() {
      starts.push(now());
      if (starts.length > limit.max) starts.shift();
    },
  };
}
