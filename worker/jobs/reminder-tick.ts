import { z } from 'zod';
import { runReminderTick } from '../../bot/schedule/reminder-tick';
import { defineJob } from './job-definition';

/**
 * Daily reminders and the re-engagement sequence: every 5 minutes, the hours of today that are due
 * and not done yet (see runReminderTick). The reminders are written to the inbox and answered by
 * the dispatcher like any message, as bulk sends.
 */
export const reminderTickJob = defineJob({
  queue: 'reminder-tick',
  schema: z.object({}),
  schedule: { id: 'reminder-tick', repeat: { cron: '*/5 * * * *' }, data: {} },
  options: { concurrency: 1 },
  async run(_data, deps, job) {
    const result = await runReminderTick({
      sql: deps.db.sql,
      timeZone: deps.config.timezone,
      quietHours: deps.config.quietHours,
      zaloWindowHours: deps.config.reminders.zaloWindowHours,
      now: deps.now(),
      onDue: (learners) => {
        for (const key of learners) deps.dispatcher.schedule(key);
      },
    });
    if (result.hours.length > 0) job.log.info(result, 'reminder tick');
  },
});
