import type { InboundRecord } from '../../store/learner-store';
import { cleanText } from '../core/clean-text';
import { displayNameOf, eventNameOf, type ZaloUpdate } from './zalo-update';

/** The most text worth keeping from one message: the engine reads far less. */
const MAX_TEXT = 2000;

export type ZaloInbound =
  /** A private-chat message: recorded by intake, answered by a turn. */
  | { kind: 'learner'; record: InboundRecord }
  /** A message in a group chat: no turn, at most one short note per group. */
  | { kind: 'group'; chatId: string; at: Date }
  | { kind: 'ignored'; reason: string };

/**
 * Maps a validated update to what the bot does with it. The de-duplication key is
 * `event_name:message_id` (Zalo has no update ids) and the order is the message date in ms.
 */
export function toInbound(update: ZaloUpdate, now: Date): ZaloInbound {
  const message = update.message;
  const event = eventNameOf(update);
  if (!message) return { kind: 'ignored', reason: `no message in ${event.slice(0, 50)}` };
  if (message.from?.is_bot) return { kind: 'ignored', reason: 'sent by a bot' };
  const at = message.date !== undefined ? new Date(message.date) : now;
  const when = Number.isNaN(at.getTime()) ? now : at;
  const chatId = message.chat.id;
  if (message.chat.chat_type && message.chat.chat_type.toUpperCase() !== 'PRIVATE')
    return { kind: 'group', chatId, at: when };
  const isText = event === 'message.text.received';
  const text = isText ? (message.text ?? '') : (message.caption ?? '');
  const displayName = displayNameOf(message);
  return {
    kind: 'learner',
    record: {
      platform: 'zalo',
      platformUserId: message.from?.id ?? chatId,
      externalId: `${event}:${message.message_id}`,
      chatId,
      order: when.getTime(),
      input: {
        // Images, stickers, voice and anything new are media: never read as an answer.
        kind: isText ? 'text' : 'media',
        text: cleanText(text).slice(0, MAX_TEXT),
        ...(displayName ? { displayName } : {}),
        at: when.toISOString(),
      },
    },
  };
}
