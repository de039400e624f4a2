import type { Logger } from '../../logger';
import { describeError } from './describe-error';

export interface SideCalls {
  /** Runs an API call nobody waits for (answering a press, editing a keyboard); failures are logged. */
  run(label: string, call: () => Promise<unknown>): void;
  /** Resolves when every call started so far has ended (shutdown, tests). */
  idle(): Promise<void>;
}

export function createSideCalls(log: Logger, token: string): SideCalls {
  const running = new Set<Promise<void>>();
  return {
    run(label, call) {
      const task = call().then(
        () => undefined,
        (error) => log.warn({ call: label, error: describeError(error, token) }, 'Telegram call failed'),
      );
      running.add(task);
      void task.finally(() => running.delete(task));
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
