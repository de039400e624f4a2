import { type Api, GrammyError, HttpError } from 'grammy';
import type { Logger } from '../../logger';
import type { ChannelSender, SendOptions, SendResult } from '../channel';
import { describeError } from './describe-error';
import { escapeHtml } from './html';
import { inLane } from './limit-sends';
import { type OutgoingMessage, renderReplies } from './render-reply';

export interface TelegramSender extends ChannelSender {
  /** One message outside a learner's turn (the group-chat hint), with the same limits and handling. */
  deliver(chatId: string, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult>;
}

/**
 * The one way out to Telegram for messages. Rate limit, 429 waits and retries live in the bot's API
 * transformers; this maps the outcome: 403 is "blocked", anything else that still fails is "failed".
 */
export function createTelegramSender(deps: { api: Api; log: Logger; token: string }): TelegramSender {
  const { api, log, token } = deps;

  async function deliver(
    chatId: string,
    message: OutgoingMessage,
    signal?: AbortSignal,
  ): Promise<SendResult> {
    const markup = message.keyboard ? { reply_markup: message.keyboard } : {};
    if (message.photo) return deliverPhoto(chatId, message, signal);
    try {
      await api.sendMessage(
        chatId,
        escapeHtml(message.text),
        { parse_mode: 'HTML', ...markup },
        signal as never,
      );
      return { ok: true };
    } catch (error) {
      if (isEntityError(error)) {
        // Escaping should make this impossible; if Telegram still disagrees, plain text is better than nothing.
        log.warn({ chatId }, 'Telegram rejected the HTML; sending as plain text');
        try {
          await api.sendMessage(chatId, message.text, markup, signal as never);
          return { ok: true };
        } catch (retryError) {
          return failure(retryError, chatId);
        }
      }
      return failure(error, chatId);
    }
  }

  /** A photo by URL; when Telegram cannot fetch it (a local PUBLIC_URL), its link as text instead. */
  async function deliverPhoto(chatId: string, message: OutgoingMessage, signal?: AbortSignal) {
    const caption = message.text ? { caption: escapeHtml(message.text), parse_mode: 'HTML' as const } : {};
    try {
      await api.sendPhoto(chatId, message.photo!, caption, signal as never);
      return { ok: true } as const;
    } catch (error) {
      if (!(error instanceof GrammyError) || error.error_code !== 400) return failure(error, chatId);
      log.warn({ chatId, reason: error.description }, 'Telegram could not take the photo; sending its link');
      return deliver(chatId, { text: [message.text, message.photo].filter(Boolean).join('\n') }, signal);
    }
  }

  function failure(error: unknown, chatId: string): SendResult {
    if (error instanceof GrammyError && error.error_code === 403) {
      log.info({ chatId, reason: error.description }, 'learner unreachable on Telegram');
      return { ok: false, reason: 'blocked' };
    }
    const description = describeError(error, token);
    log.error({ chatId, error: description }, 'Telegram send failed');
    const retryable =
      error instanceof HttpError ||
      (error instanceof GrammyError && (error.error_code === 429 || error.error_code >= 500));
    return { ok: false, reason: 'failed', error: description, retryable };
  }

  return {
    platform: 'telegram',
    deliver,
    async typing(chatId) {
      // Best effort: an answer on its way must not wait for, or fail on, the indicator.
      await api
        .sendChatAction(chatId, 'typing')
        .catch((error) =>
          log.debug({ error: describeError(error, token) }, 'Telegram typing indicator failed'),
        );
    },
    send(chatId, replies, options: SendOptions = {}) {
      // Learners are private chats (positive ids); the tutor never talks in groups.
      if (!/^\d+$/.test(chatId))
        return Promise.resolve({ ok: false, reason: 'failed', error: 'not a private chat' });
      return inLane(
        options.priority ?? 'reply',
        async () => {
          for (const message of renderReplies(replies)) {
            const result = await deliver(chatId, message, options.signal);
            if (!result.ok) return result;
          }
          return { ok: true };
        },
        options.onStart,
      );
    },
  };
}

function isEntityError(error: unknown): boolean {
  return (
    error instanceof GrammyError && error.error_code === 400 && /parse entities/i.test(error.description)
  );
}
