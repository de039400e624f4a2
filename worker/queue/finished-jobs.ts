/**
 * Ids of finished jobs, kept like BullMQ's `removeOnComplete/removeOnFail: { age, count }`:
 * trimmed when another job finishes, so de-duplication windows match the BullMQ queue.
 */
export interface FinishedJobs {
  add(key: string): void;
  has(key: string): boolean;
  readonly size: number;
}

export function createFinishedJobs(keep: { ageMs: number; count: number }, now: () => number): FinishedJobs {
  // Map iteration order is insertion order, so the oldest entry is always first.
  const finishedAt = new Map<string, number>();

  function trim(): void {
    const oldest = now() - keep.ageMs;
    for (const [key, at] of finishedAt) {
      if (finishedAt.size <= keep.count && at >= oldest) break;
      finishedAt.delete(key);
    }
  }

  return {
    add(key) {
      finishedAt.delete(key);
      finishedAt.set(key, now());
      trim();
    },
    has: (key) => finishedAt.has(key),
    get size() {
      return finishedAt.size;
    },
  };
}
