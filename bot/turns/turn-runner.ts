import type { Tutor } from '../engine/tutor';
import type { Intent } from '../engine/types';
import type {
  InboundRecord,
  LearnerKey,
  LearnerSession,
  LearnerStore,
  OutboxWrite,
} from '../store/learner-store';

/** A turn's answer, committed to the outbox; the dispatcher sends it. */
export interface Delivery extends OutboxWrite {
  /** The inbound message it answers (the web chat hands it to the request that sent it). */
  externalId: string;
}

export interface Drained {
  deliveries: Delivery[];
  /** What the committed turns asked for beyond their replies, in order. */
  intents: Intent[];
  /** Messages whose turns committed (some need no reply). */
  turns: number;
  error?: unknown;
}

export interface TurnRunner {
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

/** Inputs that come from jobs, not from the learner. */
const INTERNAL = new Set(['tutor-answer', 'reminder', 'certificate']);
/** Inputs the learner did not cause: their turn does not make the learner "active". */
const PROACTIVE = new Set(['reminder']);

function expired(input: InboundRecord['input'], now: number): boolean {
  const until = input.kind === 'reminder' ? input.reminder?.until : undefined;
  return until !== undefined && Date.parse(until) < now;
}

export function createTurnRunner(deps: {
  store: LearnerStore;
  tutor: Tutor;
  now?: () => number;
}): TurnRunner {
  const { store, tutor } = deps;
  const now = deps.now ?? Date.now;
  const running = new Set<Promise<unknown>>();
  /** Remembers work in flight until it settles, for `idle()`. */
  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  };
  function replayInbox(session: LearnerSession) {
    const deliveries: Delivery[] = [];
    const intents: Intent[] = [];
    const processed: bigint[] = [];
    for (const { id, record } of session.inbox) {
      const at = new Date(record.input.at);
      // A job's input for a learner erased since (a reminder, an answer): nobody to answer. A
      // reminder still waiting when quiet hours begin (a long send queue) is dropped, not sent late.
      if ((!session.learner && INTERNAL.has(record.input.kind)) || expired(record.input, now())) {
        processed.push(id);
        continue;
      }
      const outcome = tutor.handle(session.learner, { ...record.input, at });
      session.apply(outcome, at, record.chatId, { acted: !PROACTIVE.has(record.input.kind) });
      processed.push(id);
      if (outcome.intents) intents.push(...outcome.intents);
      if (outcome.replies.length > 0) {
        const language = session.learner?.profile.language;
        const message = {
          chatId: record.chatId,
          inboundId: id,
          priority: record.priority ?? 0,
          language,
          campaignId: record.input.campaign?.id,
        };
        const written = session.send({ ...message, replies: outcome.replies });
        deliveries.push(Object.assign(written, { externalId: record.externalId }));
      }
      // An erased learner's later messages start afresh, as a new learner, in the next pass.
      if (outcome.erase) {
        intents.push({ kind: 'erased' });
        break;
      }
    }
    session.markProcessed(processed);
    const more = processed.length < session.inbox.length || session.inboxHasMore;
    return { deliveries, intents, turns: processed.length, more };
  }

  async function drainInboxes(keys: LearnerKey[]): Promise<Drained[]> {
    const drained: Drained[] = keys.map(() => ({ deliveries: [], intents: [], turns: 0 }));
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
          drained[i]!.intents.push(...result.value.intents);
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
    drainInboxes,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
