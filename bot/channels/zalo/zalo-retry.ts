import { ZaloApiError, type ZaloError } from './zalo-errors';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** A longer Retry-After than this is not waited out: the call fails and the caller decides. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseMs: 300, maxMs: 8_000, maxRetryAfterMs: 60_000 };

/** How long to wait before attempt `attempt + 1`, or undefined to give up. */
export function retryDelay(error: ZaloError, attempt: number, policy: RetryPolicy): number | undefined {
  if (!error.retryable || attempt >= policy.retries) return undefined;
  if (error instanceof ZaloApiError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  // Exponential with "equal jitter": never shorter than half the step, so retries do spread out.
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(step / 2 + (Math.random() * step) / 2);
}

/** Retry-After as seconds or an HTTP date, else the Telegram-style `parameters.retry_after`. */
export function retryAfterOf(header: unknown, body: unknown, nowMs = Date.now()): number | undefined {
  if (typeof header === 'string' && header.trim()) {
    const value = header.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const seconds = (body as { parameters?: { retry_after?: unknown } } | undefined)?.parameters?.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
