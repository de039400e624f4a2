import type { Message } from 'grammy/types';
import { TELEGRAM_TEXT_LIMIT } from './render-reply';

/**
 * The pressed message as it should look afterwards: its text with the chosen answer added and no
 * keyboard, so old buttons cannot be pressed again. Entities keep their offsets (text is appended).
 */
export function chosenText(message: Message, data: string): string | undefined {
  const text = message.text;
  if (!text) return undefined;
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  const pressed = buttons.find((button) => 'callback_data' in button && button.callback_data === data);
  if (!pressed) return undefined;
  const edited = `${text}\n\n✔️ ${labelOf(text, pressed.text)}`;
  return edited.length <= TELEGRAM_TEXT_LIMIT ? edited : undefined;
}

/** Numbered buttons ("2") stand for the numbered line in the text ("2. Long option…"). */
function labelOf(text: string, buttonText: string): string {
  if (!/^\d+$/.test(buttonText)) return buttonText;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${buttonText}. `));
  return line ?? buttonText;
}
