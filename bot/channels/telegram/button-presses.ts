import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import { decodeChoice, STALE_PRESS } from '../core/choice-payload';
import { toRecord } from './inbound-record';
import { chosenText } from './pressed-message';
import type { ReceiveDeps } from './receive-deps';

/**
 * A button press is a turn like a typed answer, with the prompt it was shown for. Every press is
 * answered at once (or the learner's button keeps spinning), redeliveries and stale ones included.
 */
export function buttonPressesFeature(deps: ReceiveDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    deps.side.run('answerCallbackQuery', () => deps.api.answerCallbackQuery(query.id));
    const message = query.message;
    if (message?.chat.type !== 'private' || query.from.is_bot) return;
    const press = decodeChoice(query.data);
    const input = press
      ? { kind: 'text' as const, text: press.reply, promptSeq: press.promptSeq }
      : { kind: 'text' as const, text: '', promptSeq: STALE_PRESS };
    const isNew = await deps.accept(toRecord(ctx.update.update_id, query.from, message.chat.id, input));
    // An inaccessible message (date 0) is too old to edit.
    if (isNew && message.date !== 0) markPressed(deps, message as Message, press ? query.data : undefined);
  });
  return feature;
}

function markPressed(deps: ReceiveDeps, message: Message, data: string | undefined): void {
  const chatId = message.chat.id;
  const text = data ? chosenText(message, data) : undefined;
  if (text) {
    deps.side.run('editMessageText', () =>
      deps.api.editMessageText(chatId, message.message_id, text, {
        ...(message.entities ? { entities: message.entities } : {}),
      }),
    );
  } else if (message.reply_markup) {
    deps.side.run('editMessageReplyMarkup', () =>
      deps.api.editMessageReplyMarkup(chatId, message.message_id, { reply_markup: { inline_keyboard: [] } }),
    );
  }
}
