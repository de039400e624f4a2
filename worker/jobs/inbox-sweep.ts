import { z } from 'zod';
import { defineJob } from './job-definition';

/** A message is normally answered within milliseconds; older pending ones lost their process. */
const STALE_AFTER_MS = 20_000;
const BATCH = 200;

/** Picks up inbound messages whose turn never ran (a bot process was killed mid-turn) and runs them. */
export const inboxSweepJob = defineJob({
  queue: 'inbox-sweep',
  schema: z.object({}),
  schedule: { id: 'inbox-sweep', repeat: { everyMs: 15_000 }, data: {} },
  async run(_data, deps, job) {
    const learners = await deps.store.pendingLearners(new Date(deps.now().getTime() - STALE_AFTER_MS), BATCH);
    // Handed to the dispatcher, which answers them like any message; the job does not wait for it.
    for (const key of learners) deps.dispatcher.schedule(key);
    if (learners.length > 0)
      job.log.info({ learners: learners.length }, 'inbox sweep scheduled pending messages');
  },
});
