import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelSender, SendResult } from '../../bot/channels/channel';
import type { Reply } from '../../bot/engine/types';
import { createLogger } from '../../bot/logger';
import { createOutboxStore, type OutboxStore } from '../../bot/store/outbox-store';
import { createOutboxSender, type OutgoingMessage } from '../../bot/turns/outbox-sender';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * A learner reads their messages in the order they were written, also when the platform was down
 * for a while: a newer reply never overtakes one that waits for the outbox sweep.
 */
describeWithServices('outbox order per chat', { postgres: true }, () => {
  let db: TestDatabase;
  let store: OutboxStore;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    store = createOutboxStore(db.db);
  });
  afterAll(() => db?.drop());

  const write = async (chatId: string, text: string, lease: 'held' | 'free', priority = 0) => {
    const rows = await db.db.prisma.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO outbound_message (platform, chat_id, priority, replies, lease_until)
       VALUES ('telegram', $1, $2, $3::jsonb, now() + ($4 || ' seconds')::interval) RETURNING id`,
      chatId,
      priority,
      JSON.stringify([{ text }]),
      lease === 'held' ? '60' : '-1',
    );
    return rows[0]!.id;
  };
  const texts = (messages: { replies: Reply[] }[]) => messages.map((m) => m.replies[0]!.text);

  it('the sweep takes a chat only in order: not past an earlier message still held', async () => {
    const first = await write('order-a', 'a1', 'held');
    await write('order-a', 'a2', 'free');
    await write('order-b', 'b1', 'free');
    expect(texts(await store.claimStale(50))).toEqual(['b1']);
    await db.db.prisma.$executeRawUnsafe(
      `UPDATE outbound_message SET lease_until = now() - interval '1 second' WHERE id = $1`,
      first,
    );
    expect(texts(await store.claimStale(50))).toEqual(['a1', 'a2']);
  });

  it('a reply is not held back by an earlier bulk message (replies go first)', async () => {
    await write('order-c', 'campaign', 'held', 1);
    await write('order-c', 'reply', 'free', 0);
    expect(texts(await store.claimStale(50))).toEqual(['reply']);
  });

  it('after a retryable failure, newer replies wait behind it and all arrive in order', async () => {
    const delivered: string[] = [];
    let down = true;
    const telegram: ChannelSender = {
      platform: 'telegram',
      async send(_chat, replies): Promise<SendResult> {
        if (down) return { ok: false, reason: 'failed', error: '502 Bad Gateway', retryable: true };
        delivered.push(...replies.map((reply) => reply.text));
        return { ok: true };
      },
    };
    const sender = createOutboxSender({ senders: { telegram }, outbox: store, log: createLogger('silent') });
    const message = async (text: string): Promise<OutgoingMessage> => ({
      id: await write('order-d', text, 'held'),
      chatId: 'order-d',
      replies: [{ text }],
      priority: 0,
    });
    const noBlock = async () => {};
    await sender.sendInOrder('telegram', [await message('d1')], noBlock);
    down = false;
    // The platform is back, but d1 waits for the sweep: d2 must not go before it.
    await sender.sendInOrder('telegram', [await message('d2')], noBlock);
    await sender.flush();
    expect(delivered).toEqual([]);
    // The sweep, once d1's retry wait has passed: both, in order.
    await db.db.prisma.$executeRawUnsafe(
      `UPDATE outbound_message SET lease_until = now() - interval '1 second' WHERE chat_id = 'order-d' AND status = 'pending'`,
    );
    const stale = await store.claimStale(50);
    expect(texts(stale)).toEqual(['d1', 'd2']);
    await sender.sendInOrder(
      'telegram',
      stale.map((m) => ({ ...m, swept: true })),
      noBlock,
    );
    // Caught up: the next reply goes straight away.
    await sender.sendInOrder('telegram', [await message('d3')], noBlock);
    await sender.flush();
    expect(delivered).toEqual(['d1', 'd2', 'd3']);
    const pending = await db.db.prisma.outboundMessage.count({
      where: { chatId: 'order-d', status: 'pending' },
    });
    expect(pending).toBe(0);
  });
});
