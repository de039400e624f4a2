import type { ChannelLearner } from './platforms';

/** Onboarding (consent, language, province skipped, audience…) then lesson one's three questions, answered right. */
export const SCRIPT = ['/start', '1', '1', '0', '1', '1', '1', '1', '1', '1', '1'];

export interface Traffic {
  /** Updates acknowledged (200) so far. */
  readonly delivered: number;
  /** Updates a learner gave up redelivering (none expected). */
  readonly undelivered: number;
  /** Webhook answers other than 200, by status ("timeout" when none came). */
  readonly refusals: Map<string, number>;
  /** Longest time a refused delivery took to be answered (a 5xx should come fast). */
  readonly slowestRefusalMs: number;
  /** Resolves once `count` updates are acknowledged. */
  reached(count: number): Promise<void>;
  done: Promise<void>;
}

export interface TrafficOptions {
  learners: ChannelLearner[];
  /** Where to post (read at every delivery: a front, or a process that was restarted). */
  url: () => string;
  script?: string[];
  /** A platform redelivers a refused update; it gives up after this long. */
  redeliverForMs?: number;
  /** How long a learner waits for a reply before typing on anyway. */
  replyWaitMs?: number;
  /**
   * Every update is delivered this many times at once, and once more after its reply came (a
   * platform redelivering what it thinks was lost). Counted once in `delivered`.
   */
  copies?: number;
  /** Learners type two messages at a time and the platform delivers the second one first. */
  reorder?: boolean;
}

/**
 * Learners working through the script at once, each like a person: type, wait for the answer, type
 * the next. Every update is redelivered until it gets a 200, as Telegram and Zalo do.
 */
export function startTraffic(options: TrafficOptions): Traffic {
  const script = options.script ?? SCRIPT;
  const refusals = new Map<string, number>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const state = { delivered: 0, undelivered: 0, slowestRefusalMs: 0 };

  const acknowledged = () => {
    state.delivered += 1;
    for (const waiter of waiters.filter((w) => state.delivered >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  async function deliver(learner: ChannelLearner, update: unknown): Promise<boolean> {
    const deadline = Date.now() + (options.redeliverForMs ?? 90_000);
    for (let wait = 200; Date.now() < deadline; wait = Math.min(2000, wait * 2)) {
      const started = Date.now();
      let status: string;
      try {
        status = String(await learner.post(options.url(), update));
      } catch {
        status = 'no answer';
      }
      if (status === '200') return true;
      refusals.set(status, (refusals.get(status) ?? 0) + 1);
      state.slowestRefusalMs = Math.max(state.slowestRefusalMs, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return false;
  }

  const replyAfter = async (learner: ChannelLearner, before: number) => {
    const deadline = Date.now() + (options.replyWaitMs ?? 60_000);
    while (learner.received().length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  };

  /** Delivers `batch` (in this order, 30 ms apart, each with its copies); false when one never got a 200. */
  async function deliverAll(learner: ChannelLearner, batch: unknown[]): Promise<boolean[]> {
    const copies = options.copies ?? 1;
    return Promise.all(
      batch.map(async (update, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 30));
        const results = await Promise.all(Array.from({ length: copies }, () => deliver(learner, update)));
        return results.some(Boolean);
      }),
    );
  }

  async function run(learner: ChannelLearner): Promise<void> {
    const step = options.reorder ? 2 : 1;
    for (let i = 0; i < script.length; i += step) {
      const before = learner.received().length;
      const batch = script.slice(i, i + step).map((text) => learner.update(text));
      const results = await deliverAll(learner, batch.slice().reverse());
      for (const ok of results) {
        if (ok) acknowledged();
        else state.undelivered += 1;
      }
      await replyAfter(learner, before);
      if ((options.copies ?? 1) > 1) for (const update of batch) await deliver(learner, update);
    }
  }

  return {
    get delivered() {
      return state.delivered;
    },
    get undelivered() {
      return state.undelivered;
    },
    get slowestRefusalMs() {
      return state.slowestRefusalMs;
    },
    refusals,
    reached: (count) =>
      state.delivered >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    done: Promise.all(options.learners.map(run)).then(() => {}),
  };
}
