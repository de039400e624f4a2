import axios, { Axios, type AxiosResponse } from 'axios';
import { retryAfterOf } from './retry-after';
import { undiciAdapter } from './undici-adapter';
import { ZaloApiError, ZaloNetworkError } from './zalo-errors';

export interface ZaloTransport {
  /** One POST to the Bot API: the `result` of `{ ok: true }`, or a ZaloApiError / ZaloNetworkError. */
  post<T>(method: string, body: unknown, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<T>;
}

/**
 * axios, pointed at `<apiBase>/bot<token>/`. The token is part of every URL, so neither URLs nor
 * axios errors (which carry `config.url`) leave this file: failures become our own errors.
 */
export function createZaloTransport(options: {
  token: string;
  apiBase: string;
  timeoutMs?: number;
}): ZaloTransport {
  const scrub = (text: string) => text.split(options.token).join('[redacted]').slice(0, 500);
  // An Axios of our own defaults only, not axios.create's copy of every global default: merging
  // those into each call's config was most of axios's cost per message.
  const client = new Axios({
    baseURL: `${options.apiBase}/bot${options.token}/`,
    timeout: options.timeoutMs ?? 15_000,
    headers: { 'content-type': 'application/json' },
    // A redirect could carry the token to another host.
    maxRedirects: 0,
    validateStatus: () => true,
    adapter: undiciAdapter(),
    transformRequest: [(data) => JSON.stringify(data)],
    // Not JSON (a proxy's error page): kept as text, and reported below as a bad response.
    transformResponse: [(data: string) => parseJson(data)],
  });

  return {
    async post<T>(method: string, body: unknown, call: { signal?: AbortSignal; timeoutMs?: number } = {}) {
      let response: AxiosResponse<unknown>;
      try {
        response = await client.post(method, body, {
          signal: call.signal,
          ...(call.timeoutMs ? { timeout: call.timeoutMs } : {}),
        });
      } catch (error) {
        const code = axios.isAxiosError(error) ? (error.code ?? 'ERR_NETWORK') : 'ERR_UNKNOWN';
        throw new ZaloNetworkError(method, code);
      }
      const data = response.data as {
        ok?: unknown;
        result?: unknown;
        error_code?: unknown;
        description?: unknown;
      };
      const retryAfter = () => retryAfterOf(response.headers['retry-after'], data);
      if (data && typeof data === 'object' && typeof data.ok === 'boolean') {
        if (data.ok && response.status < 400) return data.result as T;
        const code = typeof data.error_code === 'number' ? data.error_code : response.status;
        const description =
          typeof data.description === 'string' ? scrub(data.description) : `HTTP ${response.status}`;
        throw new ZaloApiError(method, code, description, retryAfter());
      }
      if (response.status >= 400)
        throw new ZaloApiError(method, response.status, `HTTP ${response.status}`, retryAfter());
      throw new ZaloNetworkError(method, 'ERR_BAD_RESPONSE');
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
