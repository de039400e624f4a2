import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transformer } from 'grammy';
import type { SendLimiter, SendPriority } from '../core/send-limiter';

/** Methods that put a message in a chat: these count toward the bot's message rate. */
const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAudio',
  'sendVoice',
  'sendAnimation',
  'sendSticker',
  'sendLocation',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);

interface Lane {
  priority: SendPriority;
  onStart?: () => Promise<void>;
}

/** The lane of the sends made inside `run` (grammY's API calls carry no such option). */
const lane = new AsyncLocalStorage<Lane>();

export function inLane<T>(
  priority: SendPriority,
  run: () => Promise<T>,
  onStart?: () => Promise<void>,
): Promise<T> {
  return lane.run({ priority, onStart }, run);
}

/**
 * Every message-sending call takes its slot from the limiter, each retry attempt again (this
 * transformer is installed inside the retry one). Answering presses and edits are not messages.
 */
export function limitSends(limiter: SendLimiter, options: { paidBroadcast?: boolean } = {}): Transformer {
  return async (prev, method, payload, signal) => {
    if (SEND_METHODS.has(method)) {
      const chatId = String((payload as { chat_id?: unknown }).chat_id ?? '');
      const current = lane.getStore();
      // Above the free limit Telegram charges bulk messages that ask for it (paid broadcasts).
      if (options.paidBroadcast && current?.priority === 'bulk')
        payload = { ...payload, allow_paid_broadcast: true } as typeof payload;
      await limiter.acquire(chatId, {
        priority: current?.priority ?? 'reply',
        signal: signal as AbortSignal | undefined,
        onGranted: current?.onStart,
      });
    }
    return prev(method, payload, signal);
  };
}
