import { nextUpdateId, telegramUser, updates } from '../support/drivers/telegram-learner';
import { zaloUpdate } from '../support/drivers/zalo-learner';

const fakeMessage = (chatId: number) => ({
  message_id: 77,
  chat: { id: chatId },
  text: 'Câu 1/3',
  reply_markup: { inline_keyboard: [[{ text: '1', callback_data: 'v1:3:1' }]] },
});

/** Valid updates of every kind the bot reads, for one chat: the material the fuzzer mutates. */
export function telegramSamples(chatId: number): Record<string, unknown>[] {
  const user = telegramUser(chatId);
  return [
    updates.text(user, 'xin chào'),
    updates.text(user, '/start gv123'),
    updates.media(user, 'sticker'),
    updates.edited(user, 'sửa'),
    updates.press(user, fakeMessage(chatId) as never, 'v1:3:1'),
    updates.memberStatus(user, 'kicked'),
    updates.groupText(user, -100_123, 'chào cả lớp'),
  ];
}

/** The shapes the fault probe found (issue 17), for one chat. */
export function telegramPoison(chatId: number): Record<string, unknown>[] {
  const from = { id: chatId, is_bot: false, first_name: 'A' };
  return [
    // message without `from`
    {
      update_id: nextUpdateId(),
      message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, text: 'hi' },
    },
    // callback_query without `from`
    { update_id: nextUpdateId(), callback_query: { id: 'q', data: 'v1:1:1', chat_instance: 'c' } },
    // callback_query whose message has no chat
    {
      update_id: nextUpdateId(),
      callback_query: { id: 'q', from, message: { message_id: 1 }, data: 'v1:1:1' },
    },
    // malformed my_chat_member
    { update_id: nextUpdateId(), my_chat_member: { chat: { id: chatId } } },
    {
      update_id: nextUpdateId(),
      my_chat_member: { chat: { id: chatId, type: 'private' }, from, new_chat_member: 'x' },
    },
    { update_id: nextUpdateId(), message: 'not an object' },
  ];
}

export function zaloSamples(userId: string): Record<string, unknown>[] {
  return [
    zaloUpdate({ userId, extra: { text: 'xin chào' } }),
    zaloUpdate({
      userId,
      event: 'message.sticker.received',
      extra: { sticker: 'abc', url: 'https://x/s.png' },
    }),
    zaloUpdate({
      userId,
      event: 'message.image.received',
      extra: { photo_url: 'https://x/p.jpg', caption: 'ảnh' },
    }),
    zaloUpdate({ userId, chatType: 'GROUP', chatId: 'group-1', extra: { text: 'chào cả lớp' } }),
  ] as unknown as Record<string, unknown>[];
}

/** NUL or a lone surrogate in message_id, chat.id / from.id, event_name and display_name (issue 17). */
export function zaloPoison(userId: string): unknown[] {
  return [
    zaloUpdate({ userId, messageId: 'bad\u0000id', extra: { text: 'xin chào' } }),
    zaloUpdate({ userId, messageId: 'bad\uD800id', extra: { text: 'xin chào' } }),
    zaloUpdate({ userId: `${userId}\u0000`, extra: { text: 'nul' } }),
    zaloUpdate({ userId: `${userId}\uD800`, extra: { text: 'lone surrogate' } }),
    zaloUpdate({ userId, chatId: `${userId}\uDC00`, extra: { text: 'chat id' } }),
    { ...zaloUpdate({ userId, extra: { text: 'x' } }), event_name: 'message.text.received\u0000' },
    { ...zaloUpdate({ userId, extra: { text: 'x' } }), event_name: 'message.text.received\uD800' },
    zaloUpdate({ userId, displayName: 'Bà\u0000 Tư\uDC00', extra: { text: 'tên lạ' } }),
    zaloUpdate({ userId: '\u0000', extra: { text: 'only a NUL' } }),
    { event_name: 'message.text.received', message: { message_id: 'm', chat: {}, text: 'no chat id' } },
  ];
}
