import { z } from 'zod';
import { refreshActiveLearners } from '../../bot/stats/recently-active';
import { rollUpClosedDays } from '../../bot/stats/rollup';
import { rollUpToday } from '../../bot/stats/rollup-today';
import { defineJob } from './job-definition';

/**
 * Writes each closed local day's statistics into the rollup tables (bot/stats/rollup.ts), brings
 * the learners active in 30 days up to date (recently-active.ts), then adds today's minutes since
 * the last run to today's rows (rollup-today.ts), so the statistics API reads a few rows per day
 * and computes only the last minutes live. Idempotent and catching up: a run after a pause writes
 * every day it missed. Nothing waits for this job: what it has not written yet is computed live.
 */
export const statsRollupJob = defineJob({
  queue: 'stats-rollup',
  schema: z.object({}),
  schedule: { id: 'stats-rollup', repeat: { everyMs: 5 * 60_000 }, data: {} },
  async run(_data, deps, job) {
    const started = performance.now();
    const options = { timeZone: deps.config.timezone, now: deps.now() };
    const written = await rollUpClosedDays(deps.db.batchPrisma, options);
    if (written)
      job.log.info({ ...written, ms: Math.round(performance.now() - started) }, 'statistics rolled up');
    await refreshActiveLearners(deps.db.batchPrisma, options);
    await rollUpToday(deps.db.batchPrisma, options);
  },
});
