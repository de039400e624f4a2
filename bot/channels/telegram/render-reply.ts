import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, Reply } from '../../engine/types';
import { encodeChoice } from '../core/choice-payload';
import { splitText } from '../core/split-text';

/** Telegram's limit for a message text (counted in characters after entity parsing; UTF-16 units are stricter). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Longer labels do not fit a button: the options go in the text, numbered, with short buttons. */
export const LONG_LABEL = 30;
/** Telegram shows at most 100 buttons on a message. */
const MAX_BUTTONS = 100;

/** One Telegram message, still plain text (the sender escapes it for HTML parse mode). */
export interface OutgoingMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  /** A photo by URL (Telegram fetches it); `text` is its caption. */
  photo?: string;
}

/** Telegram's limit for a photo caption. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

/** A neutral reply as Telegram messages: split to the length limit, choices as inline buttons on the last. */
export function renderReply(reply: Reply): OutgoingMessage[] {
  const choices = reply.choices ?? [];
  const numbered =
    choices.length > MAX_BUTTONS || choices.some((choice) => length(choice.label) > LONG_LABEL);
  const lines = [reply.text];
  if (numbered && choices.length > 0) lines.push(choices.map((c) => `${c.reply}. ${c.label}`).join('\n'));
  const parts = splitText(lines.filter(Boolean).join('\n\n'), TELEGRAM_TEXT_LIMIT);
  const keyboard = choices.length > 0 && choices.length <= MAX_BUTTONS ? layout(reply, numbered) : undefined;
  // The text first, then the photo with its caption (buttons stay on the text).
  const photo = reply.media ? [photoMessage(reply.media)] : [];
  if (!keyboard) return [...parts.map((text) => ({ text })), ...photo];
  if (parts.length === 0) parts.push('👇');
  return [
    ...parts.map((text, index) => (index === parts.length - 1 ? { text, keyboard } : { text })),
    ...photo,
  ];
}

function photoMessage(media: NonNullable<Reply['media']>): OutgoingMessage {
  const caption = media.caption ?? '';
  return {
    text: length(caption) > TELEGRAM_CAPTION_LIMIT ? `${[...caption].slice(0, 1023).join('')}…` : caption,
    photo: media.url,
  };
}

/**
 * A turn's replies as Telegram messages. A text without buttons runs on into the next message when
 * both fit ("✅ Đúng rồi!…" and the next question, whose buttons then sit under both): one
 * notification per turn instead of several, and fewer calls against the bot's limits.
 */
export function renderReplies(replies: Reply[]): OutgoingMessage[] {
  const joined: OutgoingMessage[] = [];
  for (const message of replies.flatMap(renderReply)) {
    const last = joined.at(-1);
    if (
      last &&
      !last.keyboard &&
      !last.photo &&
      !message.photo &&
      last.text.length + 2 + message.text.length <= TELEGRAM_TEXT_LIMIT
    ) {
      joined[joined.length - 1] = { ...message, text: `${last.text}\n\n${message.text}` };
    } else joined.push(message);
  }
  return joined;
}

function layout(reply: Reply, numbered: boolean): InlineKeyboardMarkup {
  const choices = reply.choices!;
  const button = (choice: Choice): InlineKeyboardButton => ({
    text: numbered ? choice.reply : choice.label,
    callback_data: encodeChoice(reply.promptSeq, choice.reply),
  });
  const perRow = numbered ? 5 : buttonsPerRow(Math.max(...choices.map((choice) => length(choice.label))));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < choices.length; i += perRow) rows.push(choices.slice(i, i + perRow).map(button));
  return { inline_keyboard: rows };
}

/** Narrow phones show about 30 characters across: short labels share a row. */
function buttonsPerRow(longest: number): number {
  if (longest <= 8) return 4;
  if (longest <= 14) return 3;
  if (longest <= 20) return 2;
  return 1;
}

function length(text: string): number {
  return [...text].length;
}
