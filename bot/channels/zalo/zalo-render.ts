import type { Choice, Reply } from '../../engine/types';
import { splitText } from '../core/split-text';
import { textLanguage } from './text-language';

/** Zalo's limit for a message text and for a photo caption. */
export const ZALO_TEXT_LIMIT = 2000;

export type Outgoing = { kind: 'text'; text: string } | { kind: 'photo'; url: string; caption?: string };

/**
 * Renders neutral replies for a text-only channel: no buttons, so choices become a numbered list
 * with a one-line hint on how to answer; long text is split on sentence boundaries.
 */
export function renderReplies(replies: Reply[], limit = ZALO_TEXT_LIMIT): Outgoing[] {
  const out: Outgoing[] = [];
  for (const reply of replies) {
    if (reply.media) out.push(...renderPhoto(reply.media, limit));
    const body = [tidy(reply.text), reply.choices?.length ? choiceBlock(reply) : '']
      .filter(Boolean)
      .join('\n\n');
    for (const text of splitText(body, limit)) out.push({ kind: 'text', text });
  }
  return joinShortTexts(out, limit);
}

/**
 * Consecutive texts that fit in one message go as one ("Đúng rồi!…" and the next question): one
 * notification instead of several on a cheap phone, and fewer calls against the bot's quota.
 */
function joinShortTexts(messages: Outgoing[], limit: number): Outgoing[] {
  const joined: Outgoing[] = [];
  for (const message of messages) {
    const last = joined.at(-1);
    if (
      message.kind === 'text' &&
      last?.kind === 'text' &&
      last.text.length + 2 + message.text.length <= limit
    ) {
      last.text = `${last.text}\n\n${message.text}`;
    } else joined.push({ ...message });
  }
  return joined;
}

function renderPhoto(media: NonNullable<Reply['media']>, limit: number): Outgoing[] {
  const caption = media.caption ? tidy(media.caption) : '';
  if (caption.length <= limit) return [{ kind: 'photo', url: media.url, ...(caption ? { caption } : {}) }];
  return [
    { kind: 'photo', url: media.url },
    ...splitText(caption, limit).map((text) => ({ kind: 'text' as const, text })),
  ];
}

/** "1. Đồng ý" lines, then "👉 Trả lời 1 hoặc 2", in the language the reply is written in. */
export function choiceBlock(reply: Reply): string {
  const choices = reply.choices ?? [];
  const language = textLanguage(`${reply.text} ${choices.map((choice) => choice.label).join(' ')}`);
  const lines = choices.map((choice, index) => `${index + 1}. ${oneLine(choice)}`);
  return `${lines.join('\n')}\n👉 ${answerHint(choices.length, language)}`;
}

export function answerHint(count: number, language: 'vi' | 'en'): string {
  const [reply, or, range] =
    language === 'vi' ? ['Trả lời', 'hoặc', 'một số từ 1 đến'] : ['Reply', 'or', 'with a number from 1 to'];
  if (count > 5) return `${reply} ${range} ${count}`;
  const numbers = Array.from({ length: count }, (_, index) => String(index + 1));
  const last = numbers.pop();
  return numbers.length === 0 ? `${reply} ${last}` : `${reply} ${numbers.join(', ')} ${or} ${last}`;
}

function oneLine(choice: Choice): string {
  return choice.label.replace(/\s+/g, ' ').trim();
}

/** Plain text reads well on Zalo as is; only runs of blank lines and trailing spaces go. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
