import type { LearnerKey } from '../store/learner-store';

export interface RetrySoon {
  /** This learner's turns failed: schedule them again after the current pause. */
  failed(key: LearnerKey): void;
  /** A batch committed: the database is back, the next failure starts from the first pause. */
  succeeded(): void;
  stop(): void;
}

/**
 * Learners whose turns failed (most often: the database was away) are scheduled again after a pause
 * that doubles while failures go on (1 s, 2 s … up to 15 s) and starts over after a success. Once
 * the database is back, their messages are answered within seconds instead of waiting for the inbox
 * sweep, which only takes messages pending for 20 s, every 15 s. A turn that always fails comes
 * back no more often than the sweep would bring it.
 */
export function createRetrySoon(deps: {
  schedule: (key: LearnerKey) => void;
  firstMs?: number;
  maxMs?: number;
}): RetrySoon {
  const firstMs = deps.firstMs ?? 1000;
  const maxMs = deps.maxMs ?? 15_000;
  let pause = firstMs;
  const waiting = new Map<string, LearnerKey>();
  let timer: NodeJS.Timeout | undefined;

  function fire(): void {
    timer = undefined;
    pause = Math.min(maxMs, pause * 2);
    const keys = [...waiting.values()];
    waiting.clear();
    for (const key of keys) deps.schedule(key);
  }

  return {
    failed(key) {
      waiting.set(`${key.platform}:${key.platformUserId}`, key);
      timer ??= setTimeout(fire, pause).unref();
    },
    succeeded() {
      pause = firstMs;
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      waiting.clear();
    },
  };
}
