import type { Lane, LaneJob } from './in-process-lane';
import type { RepeatSpec } from './job-queue';
import { nextRun, sameRepeat, type ValidRepeat, validateRepeat } from './repeat-spec';

interface Scheduler {
  id: string;
  repeat: ValidRepeat;
  data: string;
  /** Key of the one job waiting for the next run, like BullMQ's single delayed scheduler job. */
  pendingKey?: string;
}

export interface SchedulerDeps {
  now: () => number;
  lane: (queue: string) => Lane;
  newJob: (id: string, data: string) => LaneJob;
}

/**
 * Works like BullMQ's job schedulers: one pending job per scheduler, and the next one is planned
 * when the current one starts, so nothing piles up while no process consumes the queue.
 */
export function createSchedulers({ now, lane, newJob }: SchedulerDeps) {
  const schedulers = new Map<string, Scheduler>();
  const keyOf = (queue: string, id: string) => `${queue}\u0000${id}`;

  function plan(queue: string, scheduler: Scheduler, prevMs: number | undefined): void {
    const target = lane(queue);
    let plannedAt = nextRun(scheduler.repeat, prevMs, now());
    let job = newJob(`repeat:${scheduler.id}:${plannedAt}`, scheduler.data);
    while (target.exists(job.key)) {
      plannedAt = nextRun(scheduler.repeat, plannedAt, now());
      job = newJob(`repeat:${scheduler.id}:${plannedAt}`, scheduler.data);
    }
    job.schedulerId = scheduler.id;
    job.plannedAt = plannedAt;
    scheduler.pendingKey = job.key;
    target.enqueue(job, plannedAt - now());
  }

  function pendingOf(queue: string, scheduler: Scheduler | undefined): LaneJob | undefined {
    const job = scheduler?.pendingKey === undefined ? undefined : lane(queue).get(scheduler.pendingKey);
    return job?.state === 'active' ? undefined : job;
  }

  return {
    upsert(queue: string, id: string, spec: RepeatSpec, data: string): void {
      const repeat = validateRepeat(spec);
      const existing = schedulers.get(keyOf(queue, id));
      const pending = pendingOf(queue, existing);
      if (existing && pending && sameRepeat(existing.repeat, repeat)) {
        existing.data = data;
        pending.data = data;
        return;
      }
      if (pending) lane(queue).remove(pending.key);
      const scheduler: Scheduler = { id, repeat, data };
      schedulers.set(keyOf(queue, id), scheduler);
      plan(queue, scheduler, undefined);
    },
    has(queue: string, id: string): boolean {
      return schedulers.has(keyOf(queue, id));
    },
    remove(queue: string, id: string): void {
      const existing = schedulers.get(keyOf(queue, id));
      const pending = pendingOf(queue, existing);
      if (pending) lane(queue).remove(pending.key);
      schedulers.delete(keyOf(queue, id));
    },
    onStart(queue: string, job: LaneJob): void {
      if (job.schedulerId === undefined) return;
      const scheduler = schedulers.get(keyOf(queue, job.schedulerId));
      if (scheduler?.pendingKey === job.key) plan(queue, scheduler, job.plannedAt);
    },
  };
}
