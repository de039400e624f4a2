import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { byGroupingSet, filteredDimensions, groupingSetsClause, smallestSet } from './grouping-sets';
import { addDays, localToday } from './local-days';
import { ROLLUP_LOCK, SETTLE_MS } from './rollup-state';
import { and, dayStart, dimensions, filterConditions, localDay, rollupConditions } from './sql-parts';
import type { StatsFilters } from './stats-filters';

/**
 * Learners active today, in 7 and in 30 days (`learner.last_active_at`), without reading every
 * learner active in 30 days (a tenth of them, scattered over the table). Once a day the job takes a
 * snapshot: each learner active in the 30 days before that day with their last active day
 * (`stats_active_learner`), and those counted per day and grouping set (`stats_active_day`). Since
 * `last_active_at` only moves forward, the learners active in the N days before today are the
 * snapshot's learners with a last active day in them, plus everyone active since the snapshot's
 * day began, less those of them the snapshot already counted (read with their snapshot values, so
 * a learner who changed province since counts once, in their new one). Exact; a learner who used
 * /delete leaves the snapshot with their row but stays counted in the days before today.
 */
export async function snapshotActiveLearners(
  prisma: PrismaClient,
  options: { timeZone: string; now: Date },
): Promise<string | undefined> {
  const tz = options.timeZone;
  // Taken once the day's first minutes have settled (see SETTLE_MS), as the rollups are.
  const day = localToday(new Date(options.now.getTime() - SETTLE_MS), tz);
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
      const [state] = await tx.$queryRaw<{ active_day: string | null }[]>`
        SELECT to_char(active_day, 'YYYY-MM-DD') AS active_day FROM stats_rollup WHERE id = 1`;
      // No rollup state yet (or reset): statistics count active learners live meanwhile.
      if (!state || (state.active_day !== null && state.active_day >= day)) return undefined;
      await tx.$executeRaw`DELETE FROM stats_active_day`;
      await tx.$executeRaw`DELETE FROM stats_active_learner`;
      await tx.$executeRaw`
        INSERT INTO stats_active_learner (learner_id, last_day, province, audience, platform, referral)
        SELECT l.id, ${localDay('l.last_active_at', tz)}, ${dimensions('l')}, l.referral_code FROM learner l
        WHERE l.last_active_at >= ${dayStart(addDays(day, -29), tz)}`;
      const counts = (referral: string, where: string) => `
        SELECT ${byGroupingSet()}, ${referral}, coalesce(s.province, ''), coalesce(s.audience, ''),
          coalesce(s.platform, ''), s.last_day, count(*)::int
        FROM stats_active_learner s ${where}
        GROUP BY ${referral === "''" ? '' : `${referral}, `}s.last_day, ${groupingSetsClause()}`;
      await tx.$executeRaw`
        INSERT INTO stats_active_day (grp, referral, province, audience, platform, day, learners)
        ${Prisma.raw(counts("''", ''))} UNION ALL ${Prisma.raw(counts('s.referral', 'WHERE s.referral IS NOT NULL'))}`;
      await tx.$executeRaw`UPDATE stats_rollup SET active_day = ${day}::date, updated_at = now() WHERE id = 1`;
      return day;
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

/** Learners active today and in the last 7 and 30 days (`today`, `d7`, `d30`), as one row. */
export function activeCounts(
  filters: StatsFilters,
  today: string,
  activeDay: string | undefined,
  tz: string,
) {
  const since = (days: number) => dayStart(addDays(today, -days), tz);
  // Without a snapshot new enough (the job has not run for days), or for one referral code (a few
  // learners, found by the code's index), every active learner is read.
  if (!usable(activeDay, today) || filters.referral)
    return Prisma.sql`
      SELECT count(*) FILTER (WHERE l.last_active_at >= ${since(0)})::int AS today,
        count(*) FILTER (WHERE l.last_active_at >= ${since(6)})::int AS d7, count(*)::int AS d30
      FROM learner l WHERE ${and([Prisma.sql`l.last_active_at >= ${since(29)}`, ...filterConditions('l', filters)])}`;
  const conditions = rollupConditions(filters);
  return Prisma.sql`
    WITH ${recent(filters, activeDay!, tz)}
    SELECT b.today, (h.d7 + b.n - c.d7)::int AS d7, (h.d30 + b.n - c.d30)::int AS d30
    FROM (SELECT count(*) FILTER (WHERE at >= ${since(0)})::int AS today, count(*)::int AS n
          FROM recent WHERE matches) b,
      (SELECT coalesce(sum(learners) FILTER (WHERE day >= ${addDays(today, -6)}::date), 0)::int AS d7,
          coalesce(sum(learners), 0)::int AS d30
        FROM stats_active_day r
        WHERE ${and([Prisma.sql`r.grp = ${smallestSet(filteredDimensions(filters))} AND r.referral = ''`, ...conditions, Prisma.sql`r.day >= ${addDays(today, -29)}::date`])}) h,
      (SELECT count(*) FILTER (WHERE r.last_day >= ${addDays(today, -6)}::date)::int AS d7, count(*)::int AS d30
        FROM recent JOIN stats_active_learner r ON r.learner_id = recent.id
        WHERE ${and([...conditions, Prisma.sql`r.last_day >= ${addDays(today, -29)}::date`])}) c`;
}

/** Learners active in the last 30 days per referral code: rows (key, n). */
export function activePerCode(
  filters: StatsFilters,
  today: string,
  activeDay: string | undefined,
  tz: string,
) {
  const from = addDays(today, -29);
  if (!usable(activeDay, today) || filters.referral)
    return Prisma.sql`
      SELECT l.referral_code AS key, count(*)::int AS n FROM learner l
      WHERE ${and([
        Prisma.sql`l.referral_code IS NOT NULL AND l.last_active_at >= ${dayStart(from, tz)}`,
        ...filterConditions('l', filters),
      ])}
      GROUP BY 1`;
  const conditions = rollupConditions(filters);
  return Prisma.sql`
    WITH ${recent(filters, activeDay!, tz)}
    SELECT key, sum(n)::int AS n FROM (
      SELECT r.referral AS key, sum(r.learners) AS n FROM stats_active_day r
      WHERE ${and([Prisma.sql`r.grp = ${smallestSet(filteredDimensions(filters))} AND r.referral <> ''`, ...conditions, Prisma.sql`r.day >= ${from}::date`])}
      GROUP BY 1
      UNION ALL
      SELECT referral, count(*) FROM recent WHERE matches AND referral IS NOT NULL GROUP BY 1
      UNION ALL
      SELECT r.referral, -count(*) FROM recent JOIN stats_active_learner r ON r.learner_id = recent.id
      WHERE ${and([Prisma.sql`r.referral IS NOT NULL`, ...conditions, Prisma.sql`r.last_day >= ${from}::date`])}
      GROUP BY 1) x
    GROUP BY 1 HAVING sum(n) <> 0`;
}

/** The snapshot answers for days no later than its own: 7 days back from today at most. */
const usable = (activeDay: string | undefined, today: string): boolean =>
  activeDay !== undefined && activeDay <= today && activeDay >= addDays(today, -6);

/** Everyone active since the snapshot's day began (`matches`: with the filters, as they are now). */
function recent(filters: StatsFilters, activeDay: string, tz: string): Prisma.Sql {
  return Prisma.sql`recent AS (
      SELECT l.id, l.last_active_at AS at, l.referral_code AS referral,
        (${and(filterConditions('l', filters))}) AS matches
      FROM learner l WHERE l.last_active_at >= ${dayStart(activeDay, tz)})`;
}
