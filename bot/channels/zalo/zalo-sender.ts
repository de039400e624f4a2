import type { Reply } from '../../engine/types';
import type { Logger } from '../../logger';
import type { ChannelSender, SendResult } from '../channel';
import type { SendLimiter, SendPriority } from '../core/send-limiter';
import { describeFailure, type SendFailure } from './send-failure';
import type { SentMessage, ZaloClient } from './zalo-client';
import { type Outgoing, renderReplies } from './zalo-render';

export interface DeliverOptions {
  priority?: SendPriority;
  signal?: AbortSignal;
  /** Skips the first `from` rendered messages: a broadcast resuming a half-delivered send. */
  from?: number;
  /** See SendOptions.onStart. */
  onStart?: () => Promise<void>;
}

/** What happened to one send, message by message: what a broadcast records per recipient. */
export interface ZaloDelivery {
  result: SendResult;
  /** Messages the replies rendered to; `sent` went out, in order, starting at `from`. */
  total: number;
  sent: SentMessage[];
  failure?: SendFailure;
}

export interface ZaloSender extends ChannelSender {
  deliver(chatId: string, replies: Reply[], options?: DeliverOptions): Promise<ZaloDelivery>;
  readonly limiter: SendLimiter;
  /** True since Zalo refused the bot's token, until a send succeeds again. */
  readonly paused: boolean;
}

/**
 * Sends rendered replies in order, through the shared limiter. The first failure stops the rest
 * (a later message makes no sense without the earlier one); a photo the platform refuses is
 * skipped instead, since the text carries the lesson.
 */
export function createZaloSender(deps: {
  client: ZaloClient;
  limiter: SendLimiter;
  log: Logger;
}): ZaloSender {
  const { client, limiter, log } = deps;
  let paused = false;

  function post(chatId: string, message: Outgoing, options: DeliverOptions): Promise<SentMessage> {
    // A retry is the same message to the learner: it waits for the bot-wide rate, not the chat's pace again.
    const before = (attempt: number) =>
      limiter.acquire(chatId, { ...options, paced: attempt === 0, onGranted: options.onStart });
    const call = { signal: options.signal, before };
    return message.kind === 'text'
      ? client.sendMessage(chatId, message.text, call)
      : client.sendPhoto(chatId, message.url, message.caption, call);
  }

  async function deliver(
    chatId: string,
    replies: Reply[],
    options: DeliverOptions = {},
  ): Promise<ZaloDelivery> {
    const messages = renderReplies(replies);
    const from = Math.max(0, options.from ?? 0);
    const sent: SentMessage[] = [];
    // "Typing" only when the answer will be slow (queued behind the bot-wide rate): a normal reply
    // arrives within milliseconds, and a broadcast spends no quota on it.
    if (messages.length - from > 1 && options.priority !== 'bulk' && limiter.waiting > 0)
      await typing(chatId, options);
    for (const message of messages.slice(from)) {
      try {
        sent.push(await post(chatId, message, options));
      } catch (error) {
        const failure = describeFailure(error);
        if (message.kind === 'photo' && failure.reason === 'rejected') {
          log.warn({ chatId, code: failure.code }, 'Zalo refused a photo; sending the rest');
          continue;
        }
        if (failure.reason === 'unauthorized' && !paused)
          log.error(
            { code: failure.code },
            'Zalo refused the bot token: sending is paused, messages stay pending (check ZALO_BOT_TOKEN)',
          );
        else
          log.warn(
            { chatId, code: failure.code, reason: failure.reason, sent: sent.length },
            'Zalo send failed',
          );
        if (failure.reason === 'unauthorized') paused = true;
        return { result: resultOf(failure), total: messages.length, sent, failure };
      }
    }
    paused = false;
    return { result: { ok: true }, total: messages.length, sent };
  }

  /** Best effort: a typing indicator that fails must not hold up the reply. */
  async function typing(chatId: string, options: DeliverOptions): Promise<void> {
    try {
      await client.sendChatAction(chatId, 'typing', {
        retry: false,
        signal: options.signal,
        before: () => limiter.acquire(chatId, { ...options, paced: false }),
      });
    } catch (error) {
      log.debug({ code: describeFailure(error).code }, 'Zalo typing indicator failed');
    }
  }

  return {
    platform: 'zalo',
    limiter,
    get paused() {
      return paused;
    },
    deliver,
    async send(chatId, replies, options = {}) {
      const { priority, signal, onStart } = options;
      return (await deliver(chatId, replies, { priority, signal, onStart })).result;
    },
    typing: (chatId) => typing(chatId, {}),
  };
}

function resultOf(failure: SendFailure): SendResult {
  if (failure.reason === 'blocked') return { ok: false, reason: 'blocked' };
  if (failure.reason === 'unauthorized') return { ok: false, reason: 'paused', error: failure.message };
  return { ok: false, reason: 'failed', error: failure.message, retryable: failure.retryable };
}
