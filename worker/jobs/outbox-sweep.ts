import { z } from 'zod';
import type { StaleMessage } from '../../bot/store/outbox-store';
import { defineJob } from './job-definition';

const BATCH = 200;
/** A message that failed this often in a row is given up (the reason stays in the outbox). */
const MAX_ATTEMPTS = 5;

/**
 * Sends messages that were committed but never sent: the process holding them died between its
 * turn and its send (or a job wrote them for a channel this process serves). Per chat, in order.
 */
export const outboxSweepJob = defineJob({
  queue: 'outbox-sweep',
  schema: z.object({}),
  schedule: { id: 'outbox-sweep', repeat: { everyMs: 10_000 }, data: {} },
  async run(_data, deps, job) {
    const unknown = await deps.outboxStore.expireCampaignMessages();
    if (unknown > 0) job.log.warn({ unknown }, 'campaign messages in flight at a stop marked unknown');
    const stale = await deps.outboxStore.claimStale(BATCH);
    if (stale.length === 0) return;
    const givenUp = stale.filter((message) => message.attempts > MAX_ATTEMPTS);
    await deps.outboxStore.settle(
      givenUp.map((m) => ({ id: m.id, status: 'failed', error: `gave up after ${MAX_ATTEMPTS} attempts` })),
    );
    const chats = new Map<string, (StaleMessage & { swept: true })[]>();
    for (const message of stale) {
      if (message.attempts > MAX_ATTEMPTS) continue;
      const key = `${message.platform}:${message.chatId}`;
      chats.set(key, [...(chats.get(key) ?? []), { ...message, swept: true }]);
    }
    await Promise.all(
      [...chats.values()].map((messages) =>
        deps.outbox.sendInOrder(messages[0]!.platform, messages, async () => {
          const learnerId = messages[0]!.learnerId;
          if (learnerId !== null) await deps.store.markUnreachableById(learnerId, deps.now());
        }),
      ),
    );
    await deps.outbox.flush();
    job.log.info({ messages: stale.length, givenUp: givenUp.length }, 'outbox sweep sent pending messages');
  },
});
