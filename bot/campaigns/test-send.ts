import type { ChannelSender } from '../channels/channel';
import type { PrismaClient } from '../db/generated/client';
import type { Platform, Reply } from '../engine/types';
import type { OutboxStore } from '../store/outbox-store';

/**
 * A campaign's /test: one message to a staff member's own chat, recorded in the outbox like every
 * other message (no learner: the row goes once settled) and sent as a reply, so it comes at once.
 */
export function createTestSend(deps: {
  prisma: PrismaClient;
  senders: Partial<Record<Platform, ChannelSender>>;
  outbox: OutboxStore;
}) {
  return async (
    platform: Platform,
    chatId: string,
    reply: Reply,
  ): Promise<{ ok: boolean; error?: string }> => {
    const sender = deps.senders[platform];
    if (!sender) return { ok: false, error: `${platform} is not configured` };
    const row = await deps.prisma.outboundMessage.create({
      data: {
        platform,
        chatId,
        priority: 0,
        replies: [reply] as never,
        leaseUntil: new Date(Date.now() + 60_000),
      },
    });
    const result = await sender.send(chatId, [reply], {
      priority: 'reply',
      signal: AbortSignal.timeout(30_000),
    });
    if (result.ok) {
      await deps.outbox.settle([{ id: row.id, status: 'sent' }]);
      return { ok: true };
    }
    const error =
      result.reason === 'blocked' ? 'blocked: the chat does not accept messages from the bot' : result.error;
    await deps.outbox.settle([{ id: row.id, status: 'failed', error }]);
    return { ok: false, error };
  };
}
