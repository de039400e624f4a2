import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger';
import { metrics } from '../../metrics/metrics';
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from '../core/retry-policy';
import { errorCode, isZaloError, ZaloApiError } from './zalo-errors';
import { createZaloTransport } from './zalo-transport';

export interface CallOptions {
  signal?: AbortSignal;
  /** false: a single attempt (long polling runs its own backoff). */
  retry?: boolean;
  timeoutMs?: number;
  /** Runs before every attempt (0 first, then retries): where the send limiter waits. */
  before?: (attempt: number) => Promise<void>;
}

export interface SentMessage {
  message_id: string;
  date: number;
}

export interface ZaloClient {
  call<T>(method: string, body: Record<string, unknown>, options?: CallOptions): Promise<T>;
  getMe(): Promise<{ id: string; account_name: string; account_type: string; can_join_groups: boolean }>;
  /** One update, or null when none arrived within `timeoutSeconds` (Zalo's 408). */
  getUpdates(timeoutSeconds: number, options?: CallOptions): Promise<unknown | null>;
  setWebhook(url: string, secretToken: string): Promise<{ url: string; updated_at: number }>;
  deleteWebhook(): Promise<{ url: string; updated_at: number }>;
  getWebhookInfo(): Promise<{ url: string; updated_at: number }>;
  sendMessage(chatId: string, text: string, options?: CallOptions): Promise<SentMessage>;
  sendPhoto(chatId: string, photo: string, caption?: string, options?: CallOptions): Promise<SentMessage>;
  sendChatAction(chatId: string, action: 'typing' | 'upload_photo', options?: CallOptions): Promise<unknown>;
}

export interface ZaloClientOptions {
  token: string;
  apiBase: string;
  log: Logger;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Told about every 429 with its wait, so the send limiter can hold the whole bot back. */
  onRateLimited?: (waitMs: number) => void;
}

/** The Zalo Bot API: typed methods, and retries of 429 / 5xx / network errors with bounded backoff. */
export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  const policy = options.retry ?? DEFAULT_RETRY;
  const transport = createZaloTransport(options);

  async function call<T>(method: string, body: Record<string, unknown>, call: CallOptions = {}): Promise<T> {
    for (let tries = 0; ; tries++) {
      await call.before?.(tries);
      try {
        return await transport.post<T>(method, body, call);
      } catch (error) {
        if (!isZaloError(error)) throw error;
        const wait = call.retry === false ? undefined : retryDelay(error, tries, policy);
        if (error instanceof ZaloApiError && error.error_code === 429) {
          metrics.rateLimited.inc({ channel: 'zalo' });
          options.onRateLimited?.(wait ?? policy.maxMs);
        }
        if (wait === undefined || call.signal?.aborted) throw error;
        options.log.warn(
          { method, code: errorCode(error), retryInMs: wait, attempt: tries + 1 },
          'Zalo call failed; retrying',
        );
        await sleep(wait, undefined, { signal: call.signal }).catch(() => {
          throw error;
        });
      }
    }
  }

  return {
    call,
    getMe: () => call('getMe', {}),
    async getUpdates(timeoutSeconds, callOptions = {}) {
      try {
        return await call(
          'getUpdates',
          { timeout: String(timeoutSeconds) },
          {
            retry: false,
            timeoutMs: (timeoutSeconds + 10) * 1000,
            ...callOptions,
          },
        );
      } catch (error) {
        if (error instanceof ZaloApiError && error.error_code === 408) return null;
        throw error;
      }
    },
    setWebhook: (url, secretToken) => call('setWebhook', { url, secret_token: secretToken }),
    deleteWebhook: () => call('deleteWebhook', {}),
    getWebhookInfo: () => call('getWebhookInfo', {}),
    sendMessage: (chatId, text, callOptions) => call('sendMessage', { chat_id: chatId, text }, callOptions),
    sendPhoto: (chatId, photo, caption, callOptions) =>
      call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) }, callOptions),
    sendChatAction: (chatId, action, callOptions) =>
      call('sendChatAction', { chat_id: chatId, action }, callOptions),
  };
}
