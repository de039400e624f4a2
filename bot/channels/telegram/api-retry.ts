import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../../logger';

export interface RetryOptions {
  /** Tries per call, the first included. */
  maxAttempts: number;
  /** First backoff after a 5xx or network error; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer 429 `retry_after` is not waited for: the call fails and the caller decides. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterSeconds: 30,
};

/** getUpdates has its own retry loop in the runner, and a long-poll timeout is not an error. */
const NOT_RETRIED = new Set(['getUpdates']);

/**
 * Bounded retries for every Bot API call: waits `retry_after` on 429, backs off exponentially on 5xx
 * and network errors. `@grammyjs/auto-retry` 2.0.2 retries network errors without any bound (and
 * from 3 s up to an hour), hence this small equivalent. Logs carry the method, never the URL.
 */
export function retryCalls(
  log: Logger,
  options: RetryOptions = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = delay,
): Transformer {
  return async (prev, method, payload, signal) => {
    if (NOT_RETRIED.has(method)) return prev(method, payload, signal);
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= options.maxAttempts;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      let result: Awaited<ReturnType<typeof prev>>;
      try {
        result = await prev(method, payload, signal);
      } catch (error) {
        if (last || signal?.aborted || !(error instanceof HttpError)) throw error;
        log.warn({ method, attempt, waitMs: backoff }, 'Telegram unreachable; retrying');
        await sleep(backoff);
        continue;
      }
      if (result.ok || last) return result;
      const retryAfter = result.parameters?.retry_after;
      if (result.error_code === 429 && typeof retryAfter === 'number') {
        if (retryAfter > options.maxRetryAfterSeconds) return result;
        log.warn({ method, attempt, retryAfter }, 'Telegram rate limit (429); waiting retry_after');
        await sleep(retryAfter * 1000);
        continue;
      }
      if (result.error_code < 500) return result;
      log.warn({ method, attempt, status: result.error_code, waitMs: backoff }, 'Telegram error; retrying');
      await sleep(backoff);
    }
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
