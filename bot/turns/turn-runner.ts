import type { Tutor } from '../engine/tutor';
import type { Reply, TurnInput } from '../engine/types';
import type { LearnerKey, LearnerSession, LearnerStore } from '../store/learner-store';
import { createKeyedMutex } from './keyed-mutex';
import { createUnitBatcher } from './unit-batcher';

export interface Delivery {
  chatId: string;
  replies: Reply[];
}

export interface Drained {
  deliveries: Delivery[];
  /** Messages whose turns committed (some need no reply). */
  turns: number;
  error?: unknown;
}

export interface TurnRunner {
  /** One turn answered in the same request (web chat). */
  runNow(key: LearnerKey, input: TurnInput): Promise<Reply[]>;
  /**
   * Processes every pending inbound message of several distinct learners, in order, with one read
   * and one write per pass for all of them. Per learner: what to send (the turns that committed)
   * and, if the rest failed, why (those messages stay pending for the sweep). The caller runs at
   * most one drain per learner at a time (the dispatcher does).
   */
  drainInboxes(keys: LearnerKey[]): Promise<Drained[]>;
  /** Resolves when no turn is running in this process (graceful shutdown). */
  idle(): Promise<void>;
}

export function createTurnRunner(deps: { store: LearnerStore; tutor: Tutor }): TurnRunner {
  const { store, tutor } = deps;
  const mutex = createKeyedMutex();
  const batcher = createUnitBatcher(store);
  const running = new Set<Promise<unknown>>();
  /** Remembers work in flight until it settles, for `idle()`. */
  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  };
  const exclusive = <T>(key: LearnerKey, task: () => Promise<T>): Promise<T> =>
    track(mutex.run(`${key.platform}:${key.platformUserId}`, task));

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
    const more = processed.length < session.inbox.length || session.inboxHasMore;
    return { deliveries, turns: processed.length, more };
  }

  async function drainInboxes(keys: LearnerKey[]): Promise<Drained[]> {
    const drained: Drained[] = keys.map(() => ({ deliveries: [], turns: 0 }));
    let todo = keys.map((_, i) => i);
    const pass = async () => {
      const results = await store.withLearners(
        todo.map((i) => keys[i]!),
        replayInbox,
        { inbox: true },
      );
      const more: number[] = [];
      results.forEach((result, j) => {
        const i = todo[j]!;
        if (!result.ok) drained[i]!.error = result.error;
        else {
          drained[i]!.deliveries.push(...result.value.deliveries);
          drained[i]!.turns += result.value.turns;
          if (result.value.more) more.push(i);
        }
      });
      todo = more;
    };
    return track(
      (async () => {
        while (todo.length > 0) {
          try {
            await pass();
          } catch (error) {
            // The database failed this pass: what committed before it still goes out.
            for (const i of todo) drained[i]!.error = error;
            break;
          }
        }
        return drained;
      })(),
    );
  }

  return {
    runNow: (key, input) =>
      exclusive(key, () =>
        batcher.withLearner(key, (session) => {
          const outcome = tutor.handle(session.learner, input);
          session.apply(outcome, input.at);
          return outcome.replies;
        }),
      ),
    drainInboxes,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
