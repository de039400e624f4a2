import type { ChannelSender } from '../channels/channel';
import type { Platform } from '../engine/types';
import type { Logger } from '../logger';
import type { LearnerKey, LearnerStore } from '../store/learner-store';
import { createSemaphore } from './semaphore';
import type { TurnRunner } from './turn-runner';

export interface Dispatcher {
  /** Makes sure the learner's pending messages get processed and answered, in order. */
  schedule(key: LearnerKey): void;
  idle(): Promise<void>;
}

/**
 * One drain loop per learner at a time in this process: turns commit first, then replies go out in
 * order through the channel's sender. Messages arriving during a drain trigger one more pass.
 */
export function createDispatcher(deps: {
  runner: TurnRunner;
  store: LearnerStore;
  senders: Partial<Record<Platform, ChannelSender>>;
  log: Logger;
  /**
   * Turns run at once against the database; more would only queue for connections (and starve
   * intake). Sending the replies happens outside this limit, so slow platform calls hold no turn.
   */
  maxConcurrent?: number;
}): Dispatcher {
  const withPermit = createSemaphore(deps.maxConcurrent ?? 16);
  const active = new Map<string, { again: boolean; done: Promise<void> }>();

  async function loop(id: string, key: LearnerKey): Promise<void> {
    const entry = active.get(id)!;
    try {
      do {
        entry.again = false;
        const deliveries = await withPermit(() => deps.runner.drainInbox(key));
        const sender = deps.senders[key.platform];
        for (const delivery of deliveries) {
          if (!sender) break;
          const result = await sender.send(delivery.chatId, delivery.replies);
          if (!result.ok && result.reason === 'blocked') {
            await deps.store.markUnreachable(key, new Date());
            break;
          }
        }
      } while (entry.again);
    } catch (error) {
      // The messages stay pending; the worker's inbox sweep retries them.
      deps.log.error({ err: error, platform: key.platform }, 'turn failed; left pending for the sweep');
    } finally {
      active.delete(id);
    }
  }

  return {
    schedule(key) {
      const id = `${key.platform}:${key.platformUserId}`;
      const running = active.get(id);
      if (running) {
        running.again = true;
        return;
      }
      const entry = { again: false, done: Promise.resolve() };
      active.set(id, entry);
      entry.done = loop(id, key);
    },
    async idle() {
      while (active.size > 0) {
        await Promise.allSettled([...active.values()].map((entry) => entry.done));
      }
    },
  };
}
