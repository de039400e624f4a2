import type { ChannelSender } from '../channels/channel';
import type { Platform } from '../engine/types';
import type { Logger } from '../logger';
import type { LearnerKey, LearnerStore } from '../store/learner-store';
import type { Delivery, Drained, TurnRunner } from './turn-runner';

export interface Dispatcher {
  /** Makes sure the learner's pending messages get processed and answered, in order. */
  schedule(key: LearnerKey): void;
  idle(): Promise<void>;
}

/**
 * Drains learners' inboxes in batches: every learner waiting when a batch starts is read with one
 * query and written with one statement, so under load the database sees a few large statements
 * instead of thousands of small ones, and when it is quiet a message goes out alone at once.
 * A learner is in one batch at a time and their replies go out, in order, before their next drain;
 * messages arriving meanwhile trigger one more drain.
 */
export function createDispatcher(deps: {
  runner: TurnRunner;
  store: LearnerStore;
  senders: Partial<Record<Platform, ChannelSender>>;
  log: Logger;
  /**
   * Batches in flight against the database at once; more would only queue for connections (and
   * starve intake). Sending replies happens outside this limit, so slow platform calls hold no turn.
   */
  maxBatches?: number;
  /** Learners per batch: bounds the statement size and the latency of one round trip. */
  maxBatchSize?: number;
}): Dispatcher {
  const maxBatches = deps.maxBatches ?? 4;
  const maxBatchSize = deps.maxBatchSize ?? 64;
  const queued = new Map<string, LearnerKey>();
  const busy = new Map<string, { again: boolean }>();
  const tasks = new Set<Promise<void>>();
  let batches = 0;

  const track = (task: Promise<void>) => {
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  };

  function pump(): void {
    while (batches < maxBatches && queued.size > 0) {
      const batch: [string, LearnerKey][] = [];
      for (const entry of queued) {
        batch.push(entry);
        if (batch.length >= maxBatchSize) break;
      }
      for (const [id] of batch) {
        queued.delete(id);
        busy.set(id, { again: false });
      }
      batches += 1;
      track(runBatch(batch));
    }
  }

  async function runBatch(batch: [string, LearnerKey][]): Promise<void> {
    let drained: Drained[];
    try {
      drained = await deps.runner.drainInboxes(batch.map(([, key]) => key));
    } catch (error) {
      drained = batch.map(() => ({ deliveries: [], error }));
    } finally {
      batches -= 1;
    }
    batch.forEach(([id, key], n) => {
      const { deliveries, error } = drained[n]!;
      // The messages stay pending; the worker's inbox sweep retries them.
      if (error)
        deps.log.error({ err: error, platform: key.platform }, 'turn failed; left pending for the sweep');
      track(deliver(key, deliveries).finally(() => finish(id, key)));
    });
    pump();
  }

  async function deliver(key: LearnerKey, deliveries: Delivery[]): Promise<void> {
    const sender = deps.senders[key.platform];
    if (!sender) return;
    try {
      for (const delivery of deliveries) {
        const result = await sender.send(delivery.chatId, delivery.replies);
        if (!result.ok && result.reason === 'blocked') {
          await deps.store.markUnreachable(key, new Date());
          return;
        }
      }
    } catch (error) {
      deps.log.error({ err: error, platform: key.platform }, 'sending replies failed');
    }
  }

  function finish(id: string, key: LearnerKey): void {
    const entry = busy.get(id);
    busy.delete(id);
    if (entry?.again) {
      queued.set(id, key);
      pump();
    }
  }

  return {
    schedule(key) {
      const id = `${key.platform}:${key.platformUserId}`;
      const running = busy.get(id);
      if (running) running.again = true;
      else {
        queued.set(id, key);
        pump();
      }
    },
    async idle() {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
}
