import type { Tutor } from '../engine/tutor';
import type { Reply, TurnInput } from '../engine/types';
import type { LearnerKey, LearnerSession, LearnerStore } from '../store/learner-store';
import { createKeyedMutex } from './keyed-mutex';

export interface Delivery {
  chatId: string;
  replies: Reply[];
}

export interface TurnRunner {
  /** One turn answered in the same request (web chat). */
  runNow(key: LearnerKey, input: TurnInput): Promise<Reply[]>;
  /** Processes every pending inbound message of a learner, in order; returns what to send. */
  drainInbox(key: LearnerKey): Promise<Delivery[]>;
  /** Resolves when no turn is running in this process (graceful shutdown). */
  idle(): Promise<void>;
}

export function createTurnRunner(deps: { store: LearnerStore; tutor: Tutor }): TurnRunner {
  const { store, tutor } = deps;
  const mutex = createKeyedMutex();
  const running = new Set<Promise<unknown>>();
  const exclusive = <T>(key: LearnerKey, task: () => Promise<T>): Promise<T> => {
    const promise = mutex.run(`${key.platform}:${key.platformUserId}`, task);
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  };

  function replayInbox(session: LearnerSession) {
    const deliveries: Delivery[] = [];
    const processed: bigint[] = [];
    for (const { id, record } of session.inbox) {
      const at = new Date(record.input.at);
      const outcome = tutor.handle(session.learner, { ...record.input, at });
      session.apply(outcome, at, record.chatId);
      processed.push(id);
      if (outcome.replies.length > 0) deliveries.push({ chatId: record.chatId, replies: outcome.replies });
      // An erased learner's later messages start afresh, as a new learner, in the next pass.
      if (outcome.erase) break;
    }
    session.markProcessed(processed);
    return { deliveries, more: processed.length < session.inbox.length };
  }

  async function drainInbox(key: LearnerKey): Promise<Delivery[]> {
    const all: Delivery[] = [];
    for (;;) {
      const { deliveries, more } = await exclusive(key, () =>
        store.withLearner(key, replayInbox, { inbox: true }),
      );
      all.push(...deliveries);
      if (!more) return all;
    }
  }

  return {
    runNow: (key, input) =>
      exclusive(key, () =>
        store.withLearner(key, (session) => {
          const outcome = tutor.handle(session.learner, input);
          session.apply(outcome, input.at);
          return outcome.replies;
        }),
      ),
    drainInbox,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
