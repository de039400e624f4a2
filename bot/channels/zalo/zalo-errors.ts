/**
 * The Zalo Bot API answered `{ ok: false }` (or an HTTP error status). Carries no URL: the bot
 * token is part of every Bot API URL.
 */
export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly method: string,
    readonly error_code: number,
    readonly description: string,
    /** From a Retry-After header or `parameters.retry_after`, when the platform sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Zalo ${method} failed: ${error_code} ${description}`);
  }

  get retryable(): boolean {
    return this.error_code === 429 || this.error_code >= 500;
  }
}

/** The request never got a Zalo answer: connection refused or reset, timeout, abort, bad body. */
export class ZaloNetworkError extends Error {
  override readonly name = 'ZaloNetworkError';
  constructor(
    readonly method: string,
    /** A Node or axios error code such as ECONNRESET, ECONNABORTED, ERR_CANCELED. */
    readonly code: string,
  ) {
    super(`Zalo ${method} failed: ${code}`);
  }

  get retryable(): boolean {
    return this.code !== 'ERR_CANCELED' && this.code !== 'ERR_BAD_RESPONSE';
  }

  get aborted(): boolean {
    return this.code === 'ERR_CANCELED';
  }
}

export type ZaloError = ZaloApiError | ZaloNetworkError;

export function isZaloError(error: unknown): error is ZaloError {
  return error instanceof ZaloApiError || error instanceof ZaloNetworkError;
}

/** A short code for logs: the Bot API error code or the network error code, never a message. */
export function errorCode(error: unknown): string {
  if (error instanceof ZaloApiError) return String(error.error_code);
  if (error instanceof ZaloNetworkError) return error.code;
  return 'unknown';
}
