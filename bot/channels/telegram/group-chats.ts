import { Composer, type Context } from 'grammy';
import type { ReceiveDeps } from './receive-deps';

/** Deep-link payload for learners who found the bot in a group (kept as their referral tag). */
export const GROUP_START_PAYLOAD = 'group';

const startLink = (username: string) => `https://t.me/${username}?start=${GROUP_START_PAYLOAD}`;

export function groupHint(username: string): string {
  const link = startLink(username);
  return (
    `👋 Mình chỉ dạy trong trò chuyện riêng, để mỗi người có tiến độ học của riêng mình. Bấm để bắt đầu: ${link}\n\n` +
    `I only teach in private chats, so everyone keeps their own progress. Tap to start: ${link}`
  );
}

/**
 * In a group the tutor stays quiet, except for one hint pointing to a private chat, sent when it is
 * added or first spoken to there. "Once" holds across processes and restarts through the store's
 * `claimOnce` (a processed row in the inbound de-duplication table: no turn ever runs for it).
 */
export function groupChatsFeature(deps: ReceiveDeps & { username: () => string }): Composer<Context> {
  const feature = new Composer<Context>();
  feature.chatType(['group', 'supergroup']).on(['message', 'my_chat_member'], async (ctx) => {
    const joined = ctx.myChatMember?.new_chat_member.status;
    if (joined && joined !== 'member' && joined !== 'administrator') return;
    const chatId = String(ctx.chat.id);
    if (!(await deps.store.claimOnce('telegram', `group:${chatId}`))) return;
    const username = deps.username();
    const keyboard = {
      inline_keyboard: [[{ text: 'Học riêng / Chat privately', url: startLink(username) }]],
    };
    deps.side.run('sendMessage', () => deps.sender.deliver(chatId, { text: groupHint(username), keyboard }));
  });
  return feature;
}
