import type { Tutor } from '../engine/tutor';
import type { Reply, TurnInput } from '../engine/types';
import type { LearnerKey, LearnerStore } from '../store/learner-store';
import { createKeyedMutex } from './keyed-mutex';

export interface Delivery {
  chatId: string;
  replies: Reply[];
}

export interface TurnRunner {
  /** One turn answered in the same request (web chat). */
  runNow(key: LearnerKey, input: TurnInput): Promise<Reply[]>;
  /** Processes every pending inbound message of a learner, in order, in one transaction. */
  drainInbox(key: LearnerKey): Promise<Delivery[]>;
  /** Resolves when no turn is running in this process (graceful shutdown). */
  idle(): Promise<void>;
}

export function createTurnRunner(deps: { store: LearnerStore; tutor: Tutor }): TurnRunner {
  const { store, tutor } = deps;
  const mutex = createKeyedMutex();
  const running = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  };
  const keyOf = (key: LearnerKey) => `${key.platform}:${key.platformUserId}`;

  return {
    runNow: (key, input) =>
      track(
        mutex.run(keyOf(key), () =>
          store.withLearner(key, async (session) => {
            const outcome = tutor.handle(session.learner, input);
            await session.apply(outcome, input.at);
            return outcome.replies;
          }),
        ),
      ),

    drainInbox: (key) =>
      track(
        mutex.run(keyOf(key), () =>
          store.withLearner(key, async (session) => {
            const items = await session.pendingInbox();
            const deliveries: Delivery[] = [];
            for (const { record } of items) {
              const at = new Date(record.input.at);
              const outcome = tutor.handle(session.learner, { ...record.input, at });
              await session.apply(outcome, at, record.chatId);
              if (outcome.replies.length > 0)
                deliveries.push({ chatId: record.chatId, replies: outcome.replies });
            }
            await session.markProcessed(
              items.map((item) => item.id),
              new Date(),
            );
            return deliveries;
          }),
        ),
      ),

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
