import { z } from 'zod';
import { defineJob } from './job-definition';

/**
 * The embedded database (PGlite) runs PostgreSQL in single-user mode: no autovacuum worker ever
 * starts, although the setting says "on". Every turn updates a learner row and every message
 * inserts then marks an inbox row, so without this tables bloat and statistics go stale for as long
 * as the tutor runs. This does what autovacuum would, with its thresholds: VACUUM (ANALYZE) each
 * table with many dead rows or many changes since it was last analysed. On PostgreSQL autovacuum
 * does it, so the job is not scheduled there.
 */
export const embeddedVacuumJob = defineJob({
  queue: 'embedded-vacuum',
  schema: z.object({}),
  databases: ['pglite'],
  schedule: { id: 'embedded-vacuum', repeat: { everyMs: 5 * 60_000 }, data: {} },
  async run(_data, deps, job) {
    const due = await deps.db.prisma.$queryRawUnsafe<{ relname: string }[]>(
      `SELECT relname FROM pg_stat_user_tables
       WHERE n_dead_tup > 50 + 0.2 * n_live_tup OR n_mod_since_analyze > 50 + 0.1 * n_live_tup
       ORDER BY relname`,
    );
    for (const { relname } of due) {
      const started = performance.now();
      // The names come from the catalogue, quoted as identifiers.
      await deps.db.prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "${relname.replaceAll('"', '""')}"`);
      job.log.info({ table: relname, ms: Math.round(performance.now() - started) }, 'vacuumed');
    }
  },
});
