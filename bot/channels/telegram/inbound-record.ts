import type { Message, User } from 'grammy/types';
import type { TurnInput } from '../../engine/types';
import type { InboundRecord } from '../../store/learner-store';
import { cleanText } from '../core/clean-text';

/** Message kinds that are not text: the engine answers them politely and never grades them. */
const MEDIA = [
  'photo',
  'sticker',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'story',
] as const;

export function inputOf(message: Message): Omit<TurnInput, 'at' | 'displayName'> | undefined {
  if (typeof message.text === 'string') return { kind: 'text', text: cleanText(message.text) };
  if (MEDIA.some((key) => message[key] !== undefined)) return { kind: 'media', text: '' };
  return undefined;
}

export function displayName(user: User): string | undefined {
  const name = cleanText([user.first_name, user.last_name].filter(Boolean).join(' ')).slice(0, 100);
  return name || undefined;
}

/**
 * The update id is the de-duplication key (a redelivery carries the same id) and the order: Telegram
 * numbers updates increasingly per bot. `at` is when we received it: callback queries carry no date.
 */
export function toRecord(
  updateId: number,
  user: User,
  chatId: number,
  input: Omit<TurnInput, 'at' | 'displayName'>,
): InboundRecord {
  const name = displayName(user);
  return {
    platform: 'telegram',
    platformUserId: String(user.id),
    externalId: String(updateId),
    chatId: String(chatId),
    order: updateId,
    input: { ...input, ...(name ? { displayName: name } : {}), at: new Date().toISOString() },
  };
}
