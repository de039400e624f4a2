import { Composer, type Context } from 'grammy';
import type { ReceiveDeps } from './receive-deps';

/** A learner blocking (kicked) or unblocking (member) the bot: broadcasts and reminders follow it. */
export function memberStatusFeature(deps: ReceiveDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.chatType('private').on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const key = { platform: 'telegram' as const, platformUserId: String(update.from.id) };
    const status = update.new_chat_member.status;
    if (status === 'kicked') await deps.store.markUnreachable(key, new Date(update.date * 1000));
    else if (status === 'member') await deps.store.markReachable(key);
  });
  return feature;
}
