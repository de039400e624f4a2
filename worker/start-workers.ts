import type { JobDeps } from './jobs/job-definition';
import { jobs } from './jobs/registry';
import { type JobQueue, PermanentJobError } from './queue/job-queue';

/** How often a worker checks that the repeating schedules still exist (Redis may restart empty). */
const SCHEDULE_CHECK_MS = 30_000;

export interface Schedules {
  /** Schedules that are missing right now (readiness fails while any is). */
  missing(): Promise<string[]>;
  stop(): void;
}

/** Subscribes this process to every job queue and makes sure the repeating schedules exist. */
export async function startWorkers(
  queue: JobQueue,
  deps: JobDeps,
  options: { scheduleCheckMs?: number } = {},
): Promise<Schedules> {
  const scheduled: (() => Promise<void>)[] = [];
  const ids: { queue: string; id: string }[] = [];
  for (const job of jobs) {
    if (job.databases && !job.databases.includes(deps.db.kind)) continue;
    queue.process(
      job.queue,
      async (context) => {
        const parsed = job.schema.safeParse(context.data);
        if (!parsed.success)
          throw new PermanentJobError(`invalid ${job.queue} payload: ${parsed.error.issues[0]?.message}`);
        await job.run(parsed.data, deps, { ...context, data: parsed.data });
      },
      job.options,
    );
    if (job.schedule) {
      const { id, repeat, data } = job.schedule;
      const zoned = repeat.cron && !repeat.tz ? { ...repeat, tz: deps.config.timezone } : repeat;
      const create = () => queue.schedule(job.queue, id, zoned, data);
      await create();
      scheduled.push(create);
      ids.push({ queue: job.queue, id });
    }
  }
  const find = async () => {
    const present = await Promise.all(ids.map((s) => queue.hasSchedule(s.queue, s.id)));
    return ids.filter((_, i) => !present[i]).map((s) => s.id);
  };
  // Creating a schedule again is idempotent: recreates what a restarted Redis lost. One at a time.
  let recreating: Promise<void> | undefined;
  const recreate = (lost: string[]) => {
    recreating ??= (async () => {
      deps.log.warn({ schedules: lost }, 'job schedules missing (Redis restarted empty?); recreating');
      await Promise.all(scheduled.map((create) => create()));
    })()
      .catch((err) => deps.log.warn({ err }, 'recreating the job schedules failed'))
      .finally(() => {
        recreating = undefined;
      });
    return recreating;
  };
  /** Readiness asks this: what it finds missing is recreated at once, not at the next periodic check. */
  const missing = async () => {
    const lost = await find();
    if (lost.length > 0) void recreate(lost);
    return lost;
  };
  const timer = setInterval(async () => {
    try {
      const lost = await find();
      if (lost.length > 0) await recreate(lost);
    } catch (err) {
      deps.log.warn({ err }, 'checking the job schedules failed');
    }
  }, options.scheduleCheckMs ?? SCHEDULE_CHECK_MS);
  timer.unref();
  return { missing, stop: () => clearInterval(timer) };
}
