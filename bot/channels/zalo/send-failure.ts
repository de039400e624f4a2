import { ZaloApiError, ZaloNetworkError } from './zalo-errors';

/**
 * Why a send failed, in the terms a delivery report uses. `retryable` failures may succeed later
 * (rate limit, platform down, network); the others will not without a change.
 */
export interface SendFailure {
  reason: 'blocked' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'network' | 'rejected' | 'aborted';
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * The Bot API documents no "blocked" code. Only a description that says so marks one learner
 * unreachable: a bare 401 or 403 means the bot's token was refused, a fault of the whole channel
 * (see the platform notes), so nothing is marked and sending pauses instead.
 */
const BLOCKED = /block|chặn|not allowed to send/i;

export function describeFailure(error: unknown): SendFailure {
  if (error instanceof ZaloApiError) {
    const code = String(error.error_code);
    const message = `${error.error_code} ${error.description}`;
    if (error.error_code < 500 && error.error_code !== 429 && BLOCKED.test(error.description))
      return { reason: 'blocked', code, message, retryable: false };
    if (error.error_code === 401 || error.error_code === 403)
      return { reason: 'unauthorized', code, message, retryable: false };
    if (error.error_code === 429) return { reason: 'rate_limited', code, message, retryable: true };
    if (error.error_code >= 500) return { reason: 'unavailable', code, message, retryable: true };
    return { reason: 'rejected', code, message, retryable: false };
  }
  if (error instanceof ZaloNetworkError) {
    if (error.aborted)
      return { reason: 'aborted', code: error.code, message: error.message, retryable: true };
    return { reason: 'network', code: error.code, message: error.message, retryable: error.retryable };
  }
  if (error instanceof Error && error.name === 'AbortError')
    return { reason: 'aborted', code: 'ERR_CANCELED', message: 'aborted', retryable: true };
  // Never echo an unknown error's text: it may be an axios error carrying the URL and its token.
  return { reason: 'network', code: 'unknown', message: 'unexpected error', retryable: true };
}
