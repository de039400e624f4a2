import type { ChannelSender, SendResult } from '../channels/channel';
import type { Language, Platform, Reply } from '../engine/types';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import { DEFAULT_OUTBOX_LEASE_MS, type OutboxOutcome, type OutboxStore } from '../store/outbox-store';
import { createChatsBehind } from './chats-behind';
import { createGroupWriter } from './group-writer';
import { createStartMarks, once } from './start-marks';
import { updateId } from './update-id';

export interface OutgoingMessage {
  /** The outbox row; undefined when the write did not commit (then nothing is sent). */
  id?: bigint;
  chatId: string;
  replies: Reply[];
  priority: number;
  inReplyTo?: string;
  language?: Language;
  /** A campaign's message: its send is recorded as begun first, so a crash never sends it twice. */
  campaignId?: number | null;
  /** Taken from the outbox by the sweep (sent late, in order), not straight after its turn. */
  swept?: boolean;
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
  const starts = createStartMarks((ids) => deps.outbox.markStarted(ids));
  const results = createGroupWriter<OutboxOutcome>({
    write: (outcomes) => deps.outbox.settle(outcomes),
    log: deps.log,
    what: 'recording send results failed; the outbox sweep will send those messages again',
    // Until the lease would let the sweep take the messages: a database outage shorter than that
    // does not make anyone receive a message twice.
    retryForMs: deadlineMs,
  });

  const behind = createChatsBehind({ holdMs: 5 * 60_000 });
  const retryLater = (messages: OutgoingMessage[], error: string) => {
    for (const rest of messages)
      if (rest.id !== undefined) results.add({ id: rest.id, status: 'retry', error });
  };

  return {
    async sendInOrder(platform, messages, onBlocked) {
      const sender = deps.senders[platform];
      if (!sender) return;
      const chat = `${platform}:${messages[0]?.chatId}`;
      const swept = messages.some((message) => message.swept);
      if (!swept && behind.isBehind(chat)) {
        for (const message of messages)
          if (message.id !== undefined) results.add({ id: message.id, status: 'behind' });
        return;
      }
      const signal = AbortSignal.timeout(deadlineMs);
      for (const [n, message] of messages.entries()) {
        if (message.id === undefined) continue;
        const id = message.id;
        let began = false;
        const onStart = once(async () => {
          await starts.mark(id);
          began = true;
        });
        const lane = message.priority > 0 ? 'bulk' : 'reply';
        const update = () => (message.inReplyTo ? { update: updateId(platform, message.inReplyTo) } : {});
        let result: SendResult;
        try {
          result = await sender.send(message.chatId, message.replies, {
            priority: lane,
            signal,
            inReplyTo: message.inReplyTo,
            language: message.language,
            ...(message.campaignId ? { onStart } : {}),
          });
        } catch (err) {
          // Unexpected: leave it pending; the sweep tries again once the lease ends.
          deps.log.error(
            { err, platform, ...update() },
            'sending failed unexpectedly; left for the outbox sweep',
          );
          return;
        }
        const outcome = result.ok ? 'ok' : result.reason === 'blocked' ? '403' : 'error';
        metrics.sends.inc({ channel: platform, lane, result: outcome });
        if (deps.log.isLevelEnabled('debug')) deps.log.debug({ ...update(), lane, result: outcome }, 'sent');
        if (result.ok) {
          results.add({ id: message.id, status: result.held ? 'held' : 'sent' });
        } else if (result.reason === 'paused') {
          // This and the chat's later messages stay pending: the sweep sends them when it works again.
          return;
        } else if (result.reason === 'failed' && began && signal.aborted) {
          // A campaign send given up mid-way (past the deadline) may have reached the platform: never again.
          results.add({ id: message.id, status: 'unknown' });
        } else if (result.reason === 'failed' && result.retryable && !message.campaignId) {
          // The platform is down or limiting: this and the chat's later messages go again, in order,
          // with the outbox sweep, and so do newer turns' replies until they have gone. A campaign
          // message is not retried this way: its report says why it failed, and retry-failed resends.
          behind.hold(chat);
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
      if (swept) behind.release(chat);
    },
    flush: () => results.flush(),
  };
}
