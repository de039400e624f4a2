import { z } from 'zod';
import { defineJob } from './job-definition';

/** Telegram keeps undelivered updates for 24 hours; a week of ids covers every redelivery. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

export const purgeInboundJob = defineJob({
  queue: 'purge-inbound',
  schema: z.object({}),
  schedule: { id: 'purge-inbound', repeat: { cron: '0 30 3 * * *', tz: 'Asia/Ho_Chi_Minh' }, data: {} },
  async run(_data, deps, job) {
    const removed = await deps.store.purgeProcessed(new Date(deps.now().getTime() - KEEP_MS));
    job.log.info({ removed }, 'purged old inbound message ids');
  },
});
