import { performance } from 'node:perf_hooks';

export interface IntakeFirst {
  /** Asked right before a turn batch would start, with the batches already running: may it? */
  mayStartBatch(running: number): boolean;
}

/**
 * Webhook acknowledgements come before turns. A platform times its webhook calls and redelivers the
 * slow ones, while a turn can wait in the durable inbox: so under a flood the CPU goes to recording
 * deliveries first, and turns use what is left. While deliveries wait to be recorded:
 * - one turn batch runs at a time;
 * - none starts while the event loop was busy more than `saturated` of the last window (the loop is
 *   where webhooks are read and answered), but one starts at least every `maxPauseMs`, so turns go
 *   on during a flood the process cannot keep up with;
 * - a held batch is tried again a window later (`onRoom`), or when intake goes idle.
 * With intake idle, nothing is held.
 */
export function createIntakeFirst(deps: {
  intakeBusy: () => boolean;
  /** Held batches may start now: the dispatcher's resume. */
  onRoom: () => void;
  windowMs?: number;
  saturated?: number;
  maxPauseMs?: number;
}): IntakeFirst {
  const windowMs = deps.windowMs ?? 20;
  const saturated = deps.saturated ?? 0.8;
  const maxPauseMs = deps.maxPauseMs ?? 1000;
  let mark = performance.eventLoopUtilization();
  let markedAt = performance.now();
  let recent = 0;
  let lastStart = 0;
  let retrying = false;

  /** The event loop's busy share over the last full window (read at most once a window). */
  function utilization(): number {
    const now = performance.now();
    if (now - markedAt >= windowMs) {
      const current = performance.eventLoopUtilization();
      recent = performance.eventLoopUtilization(current, mark).utilization;
      mark = current;
      markedAt = now;
    }
    return recent;
  }

  function hold(): false {
    if (!retrying) {
      retrying = true;
      setTimeout(() => {
        retrying = false;
        deps.onRoom();
      }, windowMs).unref();
    }
    return false;
  }

  return {
    mayStartBatch(running) {
      if (deps.intakeBusy()) {
        if (running > 0) return false;
        if (utilization() > saturated && performance.now() - lastStart < maxPauseMs) return hold();
      }
      lastStart = performance.now();
      return true;
    },
  };
}
