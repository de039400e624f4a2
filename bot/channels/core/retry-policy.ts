/** The one retry policy of every platform call (Telegram, Zalo): bounded, jittered, 429-aware. */
export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** A longer 429 wait than this is not waited out: the call fails and the caller decides. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseMs: 300, maxMs: 8_000, maxRetryAfterMs: 60_000 };

/** What a failed call says about trying again. */
export interface CallFailure {
  /** A 429, a 5xx or a network error: the same call may succeed later. */
  retryable: boolean;
  /** The platform's own wait (a 429's retry_after / Retry-After). */
  retryAfterMs?: number;
}

/** How long to wait before attempt `attempt + 1` (0-based), or undefined to give up. */
export function retryDelay(failure: CallFailure, attempt: number, policy: RetryPolicy): number | undefined {
  if (!failure.retryable || attempt >= policy.retries) return undefined;
  if (failure.retryAfterMs !== undefined)
    return failure.retryAfterMs <= policy.maxRetryAfterMs ? failure.retryAfterMs : undefined;
  // Exponential with "equal jitter": never shorter than half the step, so retries do spread out.
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(step / 2 + (Math.random() * step) / 2);
}
