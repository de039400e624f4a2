import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../../logger';
import { metrics } from '../../metrics/metrics';
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from '../core/retry-policy';

/** getUpdates has its own retry loop in the runner, and a long-poll timeout is not an error. */
const NOT_RETRIED = new Set(['getUpdates']);

/**
 * Every Bot API call under the one retry policy: `retry_after` on 429, jittered backoff on 5xx and
 * network errors, bounded. (`@grammyjs/auto-retry` 2.0.2 retries network errors without any
 * bound.) A 429 is also reported to the send limiter, so the whole bot holds off. Logs carry the
 * method, never the URL (it holds the token).
 */
export function retryCalls(
  log: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRateLimited: (waitMs: number) => void = () => {},
): Transformer {
  return async (prev, method, payload, signal) => {
    if (NOT_RETRIED.has(method)) return prev(method, payload, signal);
    for (let attempt = 0; ; attempt += 1) {
      let result: Awaited<ReturnType<typeof prev>>;
      try {
        result = await prev(method, payload, signal);
      } catch (error) {
        const wait =
          error instanceof HttpError ? retryDelay({ retryable: true }, attempt, policy) : undefined;
        if (wait === undefined || signal?.aborted) throw error;
        log.warn({ method, attempt: attempt + 1, waitMs: wait }, 'Telegram unreachable; retrying');
        await sleep(wait, undefined, { signal: signal as AbortSignal | undefined }).catch(() => {
          throw error;
        });
        continue;
      }
      if (result.ok) return result;
      const retryAfter = result.parameters?.retry_after;
      const failure = {
        retryable: result.error_code === 429 || result.error_code >= 500,
        retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : undefined,
      };
      const wait = retryDelay(failure, attempt, policy);
      if (result.error_code === 429) {
        metrics.rateLimited.inc({ channel: 'telegram' });
        onRateLimited(wait ?? policy.maxRetryAfterMs);
      }
      if (wait === undefined || signal?.aborted) return result;
      log.warn(
        { method, attempt: attempt + 1, status: result.error_code, waitMs: wait },
        result.error_code === 429
          ? 'Telegram rate limit (429); waiting retry_after'
          : 'Telegram error; retrying',
      );
      try {
        await sleep(wait, undefined, { signal: signal as AbortSignal | undefined });
      } catch {
        return result;
      }
    }
  };
}
