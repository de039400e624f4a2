import { z } from 'zod';
import { rollUpClosedDays } from '../../bot/stats/rollup';
import { defineJob } from './job-definition';

/**
 * Writes each closed local day's statistics into the rollup tables (bot/stats/rollup.ts), so the
 * statistics API reads a few rows per day instead of every answer. Idempotent and catching up: a run
 * after a pause writes every day it missed. Today stays live, so nothing waits for this job.
 */
export const statsRollupJob = defineJob({
  queue: 'stats-rollup',
  schema: z.object({}),
  schedule: { id: 'stats-rollup', repeat: { everyMs: 15 * 60_000 }, data: {} },
  async run(_data, deps, job) {
    const started = performance.now();
    const written = await rollUpClosedDays(deps.db.prisma, {
      timeZone: deps.config.timezone,
      now: deps.now(),
    });
    if (written)
      job.log.info({ ...written, ms: Math.round(performance.now() - started) }, 'statistics rolled up');
  },
});
