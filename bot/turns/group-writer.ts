import type { Logger } from '../logger';

/**
 * Gathers items from many callers and writes them together: one statement per turn of the event
 * loop (and per round trip while one is in flight) instead of one per item. Callers don't wait;
 * a failed write is logged and its items are dropped (the outbox sweep covers what that leaves).
 */
export function createGroupWriter<T>(deps: {
  write: (items: T[]) => Promise<void>;
  log: Logger;
  what: string;
}) {
  let waiting: T[] = [];
  let writing: Promise<void> | undefined;

  async function drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const items = waiting;
      waiting = [];
      await deps.write(items).catch((err) => deps.log.error({ err, count: items.length }, deps.what));
    }
    writing = undefined;
  }

  return {
    add(item: T): void {
      waiting.push(item);
      writing ??= drain();
    },
    /** Resolves once everything added so far is written (or failed). */
    async flush(): Promise<void> {
      while (writing) await writing;
    },
  };
}
