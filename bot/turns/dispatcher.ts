import type { Intent } from '../engine/types';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import { INBOX_PAGE } from '../store/learner-snapshot';
import type { LearnerKey, LearnerStore } from '../store/learner-store';
import type { OutboxSender } from './outbox-sender';
import { createRetrySoon } from './retry-soon';
import type { Delivery, Drained, TurnRunner } from './turn-runner';
import { updateId } from './update-id';

export interface Dispatcher {
  /**
   * A message is pending for this learner: it gets processed and answered, in order. `bulk`: an
   * input nobody is waiting for (a campaign's): learners waiting for a reply go into batches first.
   */
  schedule(key: LearnerKey, options?: { bulk?: boolean }): void;
  /** Resolves once no learner is queued or in a batch, and their replies are sent. */
  idle(): Promise<void>;
  /**
   * Shutdown: starts no new batch and resolves once the batches in flight and their replies are
   * done. Learners still waiting stay pending in the inbox: the sweep, or their next message,
   * answers them. (Draining a flood's backlog here would only be cut short, replies and all.)
   */
  stop(): Promise<void>;
  /** Batches held back by `mayStartBatch` may start now. */
  resume(): void;
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
  outbox: OutboxSender;
  log: Logger;
  /** Hands on what committed turns asked for (queue jobs); a failure is logged, the turn stands. */
  onIntents?: (key: LearnerKey, intents: Intent[]) => Promise<void>;
  /**
   * Batches in flight against the database at once; more would only queue for connections (and
   * starve intake). Sending replies happens outside this limit, so slow platform calls hold no turn.
   */
  maxBatches?: number;
  /** Learners per batch: bounds the statement size and the latency of one round trip. */
  maxBatchSize?: number;
  /**
   * Turns per batch (learners with a backlog run up to a page each): bounds how long one batch
   * holds the event loop, so webhooks keep being answered while a backlog drains.
   */
  maxBatchMessages?: number;
  /**
   * Learners in a batch or still being sent their replies. No new batch starts beyond this: turns
   * never run far ahead of what the platform accepts, and messages wait in the durable inbox rather
   * than as answered-but-unsent replies in memory.
   */
  maxInFlight?: number;
  /**
   * Asked right before a batch would start (within the limits above), with the batches running:
   * false holds it, and `resume()` tries again. Webhook intake uses it to go first under a flood
   * (see intake-first.ts).
   */
  mayStartBatch?: (running: number) => boolean;
}): Dispatcher {
  const maxBatches = deps.maxBatches ?? 4;
  const maxBatchSize = deps.maxBatchSize ?? 64;
  const maxBatchMessages = deps.maxBatchMessages ?? 256;
  const maxInFlight = deps.maxInFlight ?? 512;
  /**
   * Learners waiting for a batch, with the messages scheduled for them (a page at most counts) and
   * since when the first of them waits (turn latency is measured from there to the replies sent).
   */
  type Waiting = { key: LearnerKey; messages: number; since: number };
  const queued = new Map<string, Waiting>();
  /** The same for learners with only bulk inputs pending: batched once no reply is waiting. */
  const queuedBulk = new Map<string, Waiting>();
  /** Learners in a batch or sending replies, with the messages scheduled for them meanwhile. */
  const busy = new Map<string, { again: number; since: number; againSince: number }>();
  const tasks = new Set<Promise<void>>();
  const retry = createRetrySoon({ schedule: (key) => dispatcher.schedule(key) });
  let batches = 0;

  const track = (task: Promise<void>) => {
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  };

  let stopped = false;

  function pump(): void {
    while (
      !stopped &&
      queued.size + queuedBulk.size > 0 &&
      busy.size < maxInFlight &&
      batches < maxBatches &&
      (deps.mayStartBatch?.(batches) ?? true)
    ) {
      const budget = maxBatchMessages;
      // Whole learners, in arrival order, until the batch would run more turns than the budget.
      const batch: [string, LearnerKey][] = [];
      let messages = 0;
      for (const [id, entry] of [...take(queued, maxBatchSize), ...take(queuedBulk, maxBatchSize)]) {
        const more = Math.min(entry.messages, INBOX_PAGE);
        if (batch.length >= maxBatchSize || (batch.length > 0 && messages + more > budget)) break;
        batch.push([id, entry.key]);
        messages += more;
      }
      for (const [id] of batch) {
        const since = (queued.get(id) ?? queuedBulk.get(id))!.since;
        busy.set(id, { again: 0, since, againSince: 0 });
        queued.delete(id);
        queuedBulk.delete(id);
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
      drained = batch.map(() => ({ deliveries: [], intents: [], turns: 0, error }));
    } finally {
      batches -= 1;
    }
    let failed = 0;
    batch.forEach(([id, key], n) => {
      const { deliveries, intents, error } = drained[n]!;
      if (intents.length > 0 && deps.onIntents)
        track(
          deps
            .onIntents(key, intents)
            .catch((err) => deps.log.error({ err, platform: key.platform }, 'handing on intents failed')),
        );
      // The messages stay pending, tried again soon (and by the worker's inbox sweep).
      if (error) {
        if (failed++ === 0)
          deps.log.error({ err: error, platform: key.platform }, 'turns failed; left pending');
        retry.failed(key);
      }
      if (deliveries.length > 0 && deps.log.isLevelEnabled('debug'))
        for (const delivery of deliveries)
          deps.log.debug({ update: updateId(key.platform, delivery.externalId) }, 'turn committed');
      track(deliver(key, deliveries).finally(() => finish(id, key)));
    });
    if (failed > 1) deps.log.error({ learners: failed }, 'turns of more learners failed in that batch');
    if (failed < batch.length) retry.succeeded();
    pump();
  }

  function deliver(key: LearnerKey, deliveries: Delivery[]): Promise<void> {
    const messages = deliveries.map((delivery) => ({ ...delivery, inReplyTo: delivery.externalId }));
    return deps.outbox.sendInOrder(key.platform, messages, () => deps.store.markUnreachable(key, new Date()));
  }

  function finish(id: string, key: LearnerKey): void {
    const entry = busy.get(id);
    busy.delete(id);
    if (entry)
      metrics.turnSeconds.observe({ channel: key.platform }, (performance.now() - entry.since) / 1000);
    if (entry?.again) queued.set(id, { key, messages: entry.again, since: entry.againSince });
    pump();
  }

  const dispatcher: Dispatcher = {
    resume: pump,
    schedule(key, options) {
      const id = `${key.platform}:${key.platformUserId}`;
      const running = busy.get(id);
      if (running) {
        if (running.again === 0) running.againSince = performance.now();
        running.again += 1;
      } else {
        const waiting = queued.get(id) ?? queuedBulk.get(id);
        if (waiting) waiting.messages += 1;
        else (options?.bulk ? queuedBulk : queued).set(id, { key, messages: 1, since: performance.now() });
        // A learner who writes while a campaign input waits is now waiting for a reply.
        if (!options?.bulk && queuedBulk.has(id)) {
          queued.set(id, queuedBulk.get(id)!);
          queuedBulk.delete(id);
        }
        pump();
      }
    },
    async stop() {
      stopped = true;
      retry.stop();
      queued.clear();
      queuedBulk.clear();
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
      await deps.outbox.flush();
    },
    async idle() {
      // Learners still queued have a batch coming: `mayStartBatch` may be holding it for a moment.
      while (tasks.size > 0 || (!stopped && queued.size + queuedBulk.size > 0)) {
        if (tasks.size > 0) await Promise.allSettled([...tasks]);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await deps.outbox.flush();
    },
  };
  return dispatcher;
}

/** The first `n` entries of a map, in insertion order, without copying the rest. */
function take<V>(map: Map<string, V>, n: number): [string, V][] {
  const out: [string, V][] = [];
  for (const entry of map) {
    if (out.length >= n) break;
    out.push(entry);
  }
  return out;
}
