import type { JobDeps } from './jobs/job-definition';
import { jobs } from './jobs/registry';
import { type JobQueue, PermanentJobError } from './queue/job-queue';

/** Subscribes this process to every job queue and makes sure the repeating schedules exist. */
export async function startWorkers(queue: JobQueue, deps: JobDeps): Promise<void> {
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
      const repeat = job.schedule.repeat;
      const zoned = repeat.cron && !repeat.tz ? { ...repeat, tz: deps.config.timezone } : repeat;
      await queue.schedule(job.queue, job.schedule.id, zoned, job.schedule.data);
    }
  }
}
