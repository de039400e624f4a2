import type { Logger } from '../logger';

/**
 * Gathers items from many callers and writes them together: one statement per turn of the event
 * loop (and per round trip while one is in flight) instead of one per item. Callers don't wait.
 * A failed write is tried again (with what arrived meanwhile) for up to `retryForMs`, so a short
 * database outage loses nothing; after that its items are logged and dropped (the outbox sweep
 * covers what that leaves).
 */
export function createGroupWriter<T>(deps: {
  write: (items: T[]) => Promise<void>;
  log: Logger;
  what: string;
  retryForMs?: number;
}) {
  let waiting: T[] = [];
  let writing: Promise<void> | undefined;

  async function drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    let failingSince: number | undefined;
    for (let pause = 100; waiting.length > 0; ) {
      const items = waiting;
      waiting = [];
      try {
        await deps.write(items);
        failingSince = undefined;
        pause = 100;
      } catch (err) {
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= (deps.retryForMs ?? 0)) {
          deps.log.error({ err, count: items.length }, deps.what);
          failingSince = undefined;
          continue;
        }
        waiting = [...items, ...waiting];
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(2000, pause * 2);
      }
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
