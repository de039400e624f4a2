import { z } from 'zod';
import { defineJob } from './job-definition';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Telegram keeps undelivered updates for 24 hours; a week of ids covers every redelivery. */
const KEEP_INBOUND_MS = 7 * DAY_MS;
/** Sent messages and their results, for delivery statistics. */
const KEEP_OUTBOUND_MS = 30 * DAY_MS;

/** Forgets what platforms can no longer redeliver and sent messages past their statistics window. */
export const purgeInboundJob = defineJob({
  queue: 'purge-inbound',
  schema: z.object({}),
  schedule: { id: 'purge-inbound', repeat: { cron: '0 30 3 * * *' }, data: {} },
  async run(_data, deps, job) {
    const now = deps.now().getTime();
    const inbound = await deps.store.purgeProcessed(new Date(now - KEEP_INBOUND_MS));
    const outbound = await deps.outboxStore.purge(new Date(now - KEEP_OUTBOUND_MS));
    job.log.info({ inbound, outbound }, 'purged old inbound ids and sent messages');
  },
});
