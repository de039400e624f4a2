import type { ChannelSender, SendResult } from '../channels/channel';
import type { Language, Platform, Reply } from '../engine/types';
import type { Logger } from '../logger';
import { DEFAULT_OUTBOX_LEASE_MS, type OutboxOutcome, type OutboxStore } from '../store/outbox-store';
import { createGroupWriter } from './group-writer';

export interface OutgoingMessage {
  /** The outbox row; undefined when the write did not commit (then nothing is sent). */
  id?: bigint;
  chatId: string;
  replies: Reply[];
  priority: number;
  inReplyTo?: string;
  language?: Language;
}

export interface OutboxSender {
  /**
   * Sends one chat's messages in order and records each result in the outbox. A learner who
   * blocked the bot gets nothing more (`onBlocked` marks them unreachable).
   */
  sendInOrder(platform: Platform, messages: OutgoingMessage[], onBlocked: () => Promise<void>): Promise<void>;
  /** Resolves once every result so far is recorded. */
  flush(): Promise<void>;
}

/** The one way out: every message the bot sends (replies, swept, proactive) passes here. */
export function createOutboxSender(deps: {
  senders: Partial<Record<Platform, ChannelSender>>;
  outbox: OutboxStore;
  log: Logger;
  leaseMs?: number;
}): OutboxSender {
  // Stop a send before the lease ends, so the sweep never sends it alongside us.
  const deadlineMs = Math.floor(((deps.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS) * 5) / 6);
  const results = createGroupWriter<OutboxOutcome>({
    write: (outcomes) => deps.outbox.settle(outcomes),
    log: deps.log,
    what: 'recording send results failed; the outbox sweep will send those messages again',
    // Until the lease would let the sweep take the messages: a database outage shorter than that
    // does not make anyone receive a message twice.
    retryForMs: deadlineMs,
  });

  const retryLater = (messages: OutgoingMessage[], error: string) => {
    for (const rest of messages)
      if (rest.id !== undefined) results.add({ id: rest.id, status: 'retry', error });
  };

  return {
    async sendInOrder(platform, messages, onBlocked) {
      const sender = deps.senders[platform];
      if (!sender) return;
      const signal = AbortSignal.timeout(deadlineMs);
      for (const [n, message] of messages.entries()) {
        if (message.id === undefined) continue;
        let result: SendResult;
        try {
          result = await sender.send(message.chatId, message.replies, {
            priority: message.priority > 0 ? 'bulk' : 'reply',
            signal,
            inReplyTo: message.inReplyTo,
            language: message.language,
          });
        } catch (err) {
          // Unexpected: leave it pending; the sweep tries again once the lease ends.
          deps.log.error({ err, platform }, 'sending failed unexpectedly; left for the outbox sweep');
          return;
        }
        if (result.ok) {
          results.add({ id: message.id, status: result.held ? 'held' : 'sent' });
        } else if (result.reason === 'failed' && result.retryable) {
          // The platform is down or limiting: this and the chat's later messages go again, in order,
          // with the outbox sweep. (A newer turn's reply may overtake them meanwhile.)
          return retryLater(messages.slice(n), result.error);
        } else if (result.reason === 'failed') {
          results.add({ id: message.id, status: 'failed', error: result.error });
        } else {
          for (const rest of messages.slice(n))
            if (rest.id !== undefined) results.add({ id: rest.id, status: 'blocked' });
          await onBlocked().catch((err) => deps.log.error({ err, platform }, 'marking unreachable failed'));
          return;
        }
      }
    },
    flush: () => results.flush(),
  };
}
