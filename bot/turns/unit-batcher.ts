import type { LearnerKey, LearnerSession, LearnerStore } from '../store/learner-store';

/**
 * Single-learner units of work (a web-chat turn per request) that arrive while earlier ones are at
 * the database go together in the next batch: one read and one write for all of them, as the
 * dispatcher does for platform messages. Keys in flight must be distinct (the runner's per-learner
 * mutex sees to it).
 */
export function createUnitBatcher(
  store: LearnerStore,
  options: { maxBatches?: number; maxBatchSize?: number } = {},
) {
  const maxBatches = options.maxBatches ?? 2;
  const maxBatchSize = options.maxBatchSize ?? 64;
  interface Job {
    key: LearnerKey;
    work: (session: LearnerSession) => unknown;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  const queue: Job[] = [];
  let inFlight = 0;

  async function run(batch: Job[]): Promise<void> {
    try {
      const results = await store.withLearners(
        batch.map((job) => job.key),
        (session, index) => batch[index]!.work(session),
      );
      results.forEach((result, index) => {
        if (result.ok) batch[index]!.resolve(result.value);
        else batch[index]!.reject(result.error);
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
    } finally {
      inFlight -= 1;
      pump();
    }
  }

  function pump(): void {
    while (inFlight < maxBatches && queue.length > 0) {
      inFlight += 1;
      void run(queue.splice(0, maxBatchSize));
    }
  }

  return {
    withLearner<T>(key: LearnerKey, work: (session: LearnerSession) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ key, work, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
  };
}
