import { z } from 'zod';
import { defineJob } from './job-definition';

/** A conversation that stopped before consent keeps its place this long, then goes. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Nothing is kept about someone who never agreed: a learner row exists before consent only so the
 * conversation knows its step (language, consent), and is removed a day after its last message.
 */
export const purgeUnconsentedJob = defineJob({
  queue: 'purge-unconsented',
  schema: z.object({}),
  schedule: { id: 'purge-unconsented', repeat: { everyMs: 60 * 60 * 1000 }, data: {} },
  async run(_data, deps, job) {
    const before = new Date(deps.now().getTime() - KEEP_MS);
    const { count } = await deps.db.prisma.learner.deleteMany({
      where: { consentAt: null, lastActiveAt: { lt: before } },
    });
    if (count > 0) job.log.info({ removed: count }, 'removed conversations that never reached consent');
  },
});
