import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { byGroupingSet, filteredDimensions, groupingSetsClause, smallestSet } from './grouping-sets';
import { addDays, localToday } from './local-days';
import { ROLLUP_LOCK, SETTLE_MS, utc } from './rollup-state';
import { and, dayStart, dimensions, filterConditions, localDay, rollupConditions } from './sql-parts';
import type { StatsFilters } from './stats-filters';

/**
 * Learners active today, in 7 and in 30 days (`learner.last_active_at`) without reading every
 * learner active in 30 days (tens of thousands, scattered over the table). The job keeps
 * `stats_active_learner`: each learner active in the last 30 days with their last active day and
 * dimensions as they were at its last run, and `stats_active_day`, the same counted per day and
 * grouping set; `stats_rollup.active_until` is that run's time less SETTLE_MS. What these figures
 * read of a learner changes only when the turn's write moves `last_active_at` (once an hour, or
 * with a new province, group or code: flush-writes.ts) to the time of the learner's message, and a
 * turn commits within SETTLE_MS of that time. So every learner whose row changed since has
 * `last_active_at` at or after `active_until`: a read takes the counts, replaces those learners'
 * stored rows by their rows now, and takes out the stored rows of learners who used /delete since
 * (`learner_id` became null). The same figures as counting every learner (tested both ways).
 */

/**
 * Brings the stored active learners up to now (less SETTLE_MS). Built again from every learner on
 * the first run of each day: it drops the days older than 30, and mends what a turn that took
 * longer than SETTLE_MS to commit may have left behind.
 */
export async function refreshActiveLearners(
  prisma: PrismaClient,
  options: { timeZone: string; now: Date },
): Promise<Date | undefined> {
  const tz = options.timeZone;
  const cut = new Date(Math.floor((options.now.getTime() - SETTLE_MS) / 1000) * 1000);
  const first = addDays(localToday(cut, tz), -29);
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
      const [state] = await tx.$queryRaw<{ since: string | null }[]>`
        SELECT to_char(active_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since FROM stats_rollup WHERE id = 1`;
      // No rollup state yet (or reset): statistics count every active learner meanwhile.
      if (!state) return undefined;
      const last = state.since ? new Date(state.since) : undefined;
      if (last && cut <= last) return undefined;
      const since = last && localToday(last, tz) === localToday(cut, tz) ? last : undefined;
      if (!since) {
        await tx.$executeRaw`DELETE FROM stats_active_day`;
        await tx.$executeRaw`DELETE FROM stats_active_learner`;
      }
      // Learners whose row may have changed, as they are now, and their stored rows.
      const changed = since
        ? Prisma.sql`l.last_active_at >= ${utc(since)}`
        : Prisma.sql`l.last_active_at >= ${dayStart(first, tz)}`;
      const now = Prisma.sql`SELECT l.id, ${localDay('l.last_active_at', tz)} AS last_day, ${dimensions('l')},
        l.referral_code AS referral FROM learner l WHERE ${changed}`;
      await addCounts(
        tx as PrismaClient,
        Prisma.sql`SELECT s.last_day, s.province, s.audience, s.platform, s.referral, -1 AS n
          FROM stats_active_learner s JOIN learner l ON l.id = s.learner_id WHERE ${changed}
          UNION ALL SELECT c.last_day, c.province, c.audience, c.platform, c.referral, 1 FROM (${now}) c
          WHERE c.last_day >= ${first}::date`,
      );
      await tx.$executeRaw`
        INSERT INTO stats_active_learner (learner_id, last_day, province, audience, platform, referral)
        SELECT * FROM (${now}) c WHERE c.last_day >= ${first}::date
        ON CONFLICT (learner_id) DO UPDATE SET last_day = EXCLUDED.last_day, province = EXCLUDED.province,
          audience = EXCLUDED.audience, platform = EXCLUDED.platform, referral = EXCLUDED.referral`;
      await tx.$executeRaw`UPDATE stats_rollup SET active_until = ${utc(cut)}, updated_at = now() WHERE id = 1`;
      return cut;
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

/** Adds rows (last_day, province, audience, platform, referral, n) to the counts per day. */
async function addCounts(prisma: PrismaClient, rows: Prisma.Sql): Promise<void> {
  const counts = (referral: string, where: string) => `
    SELECT ${byGroupingSet()} AS grp, ${referral} AS referral, coalesce(s.province, '') AS province,
      coalesce(s.audience, '') AS audience, coalesce(s.platform, '') AS platform, s.last_day AS day,
      sum(s.n)::int AS learners
    FROM d s ${where}
    GROUP BY ${referral === "''" ? '' : `${referral}, `}s.last_day, ${groupingSetsClause()}`;
  await prisma.$executeRaw`
    WITH d AS (${rows})
    INSERT INTO stats_active_day (grp, referral, province, audience, platform, day, learners)
    SELECT * FROM (${Prisma.raw(counts("''", ''))}
      UNION ALL ${Prisma.raw(counts('s.referral', 'WHERE s.referral IS NOT NULL'))}) x
    WHERE x.learners <> 0
    ON CONFLICT (grp, referral, province, audience, platform, day)
      DO UPDATE SET learners = stats_active_day.learners + EXCLUDED.learners`;
}

/** Rows of alias r counted (or `learners` summed) by last active day: today, d7, d30. */
function byWindow(value: 'count(*)' | 'sum(r.learners)', day: string, today: string): Prisma.Sql {
  const within = (days: number, name: string) =>
    Prisma.sql`coalesce(${Prisma.raw(value)} FILTER (WHERE ${Prisma.raw(day)} >= ${addDays(today, -days)}::date), 0) AS ${Prisma.raw(name)}`;
  return Prisma.join([within(0, 'today'), within(6, 'd7'), within(29, 'd30')], ', ');
}

/** Learners active today and in the last 7 and 30 days (`today`, `d7`, `d30`), as one row. */
export function activeCounts(
  filters: StatsFilters,
  today: string,
  activeUntil: Date | undefined,
  tz: string,
) {
  // Before the job has stored them, or for one referral code (a few learners, found by the code's
  // index), every active learner is read.
  if (!activeUntil || filters.referral) {
    const since = (days: number) => dayStart(addDays(today, -days), tz);
    return Prisma.sql`
      SELECT count(*) FILTER (WHERE l.last_active_at >= ${since(0)})::int AS today,
        count(*) FILTER (WHERE l.last_active_at >= ${since(6)})::int AS d7, count(*)::int AS d30
      FROM learner l WHERE ${and([Prisma.sql`l.last_active_at >= ${since(29)}`, ...filterConditions('l', filters)])}`;
  }
  const parts = activeParts(filters, today, activeUntil, tz, '');
  const counted = (from: Prisma.Sql) =>
    Prisma.sql`SELECT ${byWindow('count(*)', 'r.last_day', today)} FROM ${from}`;
  return Prisma.sql`${parts.with}
    SELECT sum(today)::int AS today, sum(d7)::int AS d7, sum(d30)::int AS d30 FROM (
      SELECT ${byWindow('sum(r.learners)', 'r.day', today)} FROM ${parts.counts}
      UNION ALL ${counted(parts.now)}
      UNION ALL SELECT -today, -d7, -d30 FROM (${counted(parts.stored)}) s
      UNION ALL SELECT -today, -d7, -d30 FROM (${counted(parts.deleted)}) s) x`;
}

/** Learners active in the last 30 days per referral code: rows (key, n). */
export function activePerCode(
  filters: StatsFilters,
  today: string,
  activeUntil: Date | undefined,
  tz: string,
) {
  const from = addDays(today, -29);
  if (!activeUntil || filters.referral)
    return Prisma.sql`
      SELECT l.referral_code AS key, count(*)::int AS n FROM learner l
      WHERE ${and([
        Prisma.sql`l.referral_code IS NOT NULL AND l.last_active_at >= ${dayStart(from, tz)}`,
        ...filterConditions('l', filters),
      ])}
      GROUP BY 1`;
  const parts = activeParts(filters, today, activeUntil, tz, 'referral');
  return Prisma.sql`${parts.with}
    SELECT key, sum(n)::int AS n FROM (
      SELECT r.referral AS key, sum(r.learners) AS n FROM ${parts.counts} GROUP BY 1
      UNION ALL SELECT r.referral, count(*) FROM ${parts.now} GROUP BY 1
      UNION ALL SELECT r.referral, -count(*) FROM ${parts.stored} GROUP BY 1
      UNION ALL SELECT r.referral, -count(*) FROM ${parts.deleted} GROUP BY 1) x
    GROUP BY 1 HAVING sum(n) <> 0`;
}

/**
 * The parts of the active figures from the stored rows, as FROM clauses over alias r within the
 * last 30 days and the filters: the counts per day; the learners whose row may have changed, as
 * they are now; what is stored for them; and the stored rows of learners deleted since. The
 * figures are the first two less the last two. `per`: 'referral' keeps only rows with a code.
 */
function activeParts(
  filters: StatsFilters,
  today: string,
  activeUntil: Date,
  tz: string,
  per: '' | 'referral',
) {
  const within = [...rollupConditions(filters), Prisma.sql`r.last_day >= ${addDays(today, -29)}::date`];
  const coded = per === 'referral' ? [Prisma.sql`r.referral IS NOT NULL`] : [];
  return {
    with: Prisma.sql`WITH changed AS (
      SELECT l.id, ${localDay('l.last_active_at', tz)} AS last_day, ${dimensions('l')}, l.referral_code AS referral
      FROM learner l WHERE l.last_active_at >= ${utc(activeUntil)})`,
    counts: Prisma.sql`stats_active_day r WHERE ${and([
      Prisma.sql`r.grp = ${smallestSet(filteredDimensions(filters))}`,
      per === 'referral' ? Prisma.sql`r.referral <> ''` : Prisma.sql`r.referral = ''`,
      ...rollupConditions(filters),
      Prisma.sql`r.day >= ${addDays(today, -29)}::date`,
    ])}`,
    now: Prisma.sql`changed r WHERE ${and([...coded, ...within])}`,
    stored: Prisma.sql`changed c JOIN stats_active_learner r ON r.learner_id = c.id WHERE ${and([...coded, ...within])}`,
    deleted: Prisma.sql`stats_active_learner r WHERE ${and([Prisma.sql`r.learner_id IS NULL`, ...coded, ...within])}`,
  };
}
