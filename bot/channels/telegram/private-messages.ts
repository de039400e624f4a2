import { Composer, type Context } from 'grammy';
import { inputOf, toRecord } from './inbound-record';
import type { ReceiveDeps } from './receive-deps';

/** Text and media from a learner in a private chat become a turn. Edited messages never match. */
export function privateMessagesFeature(deps: ReceiveDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.chatType('private').on('message', async (ctx) => {
    const message = ctx.message;
    if (message.from.is_bot) return;
    const input = inputOf(message);
    if (!input) return;
    await deps.accept(toRecord(ctx.update.update_id, message.from, message.chat.id, input));
  });
  return feature;
}
