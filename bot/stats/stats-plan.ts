import { Prisma } from '../db/generated/client.ts';
import { aggregate, type Fact } from './facts';
import { type Dimension, filteredDimensions, smallestSet } from './grouping-sets';
import { addDays, maxDay, minDay } from './local-days';
import { type Bucket, bucketsFor } from './period-buckets';
import { type RollupState, utc } from './rollup-state';
import { and, dayStart, rollupConditions } from './sql-parts';
import type { StatsFilters } from './stats-filters';

/**
 * Which rollup rows are read and which days are computed live. Planned from the rollup state read
 * in the same snapshot as the rows (see stats-service.ts), so the two always agree.
 */
export interface Plan {
  rollup?: { grp: number; buckets: Bucket[] };
  /** Days computed live from the base tables, from `start` on when today's rollup ends mid-day. */
  live?: { from: string; to: string; start?: Date };
}

const EARLIEST = '2000-01-01';

/**
 * `byDay`: every day's rows on their own (to group by day, week or month); otherwise whole months
 * and all time stand in for their days where that reads fewer rows.
 */
export function planDays(
  filters: StatsFilters,
  context: { today: string } & RollupState,
  options: { grouped?: Dimension; byDay?: boolean } = {},
): Plan {
  const from = filters.from ?? EARLIEST;
  const to = minDay(filters.to ?? context.today, context.today);
  if (from > to) return {};
  const { through, firstDay, totalsThrough } = context;
  // The rollups keep no referral codes: those queries start from the learners who have the code.
  if (filters.referral || !through || !firstDay) return { live: { from, to } };
  const closed =
    options.byDay || totalsThrough !== through
      ? dayRun(maxDay(from, firstDay), minDay(to, through))
      : bucketsFor(from, to, { first: firstDay, through });
  // Today's rollup, when it has started, holds the day after `through` up to `until`.
  const next = addDays(through, 1);
  const partial = context.until && from <= next && next <= to ? dayRun(next, next) : [];
  const buckets = [...closed, ...partial];
  const plan: Plan =
    buckets.length > 0
      ? { rollup: { grp: smallestSet(filteredDimensions(filters, options.grouped)), buckets } }
      : {};
  const liveFrom = maxDay(from, next);
  if (liveFrom <= to)
    plan.live = { from: liveFrom, to, ...(partial.length > 0 ? { start: context.until! } : {}) };
  return plan;
}

function daysOf(bucket: Bucket): string[] {
  const days: string[] = [];
  for (let day = bucket.from; day <= bucket.to; day = addDays(day, 1)) days.push(day);
  return days;
}

const dayRun = (from: string, to: string): Bucket[] =>
  from <= to ? [{ period: 'day', from, to, sign: 1 }] : [];

/**
 * Rows (day, province, audience, platform, keys, measures) of the fact for the plan: rollup rows
 * with their bucket's sign, then the live rows. `day` is null on month and all-time rows. Rows of
 * a key may add up to nothing (a month less its days outside the range): callers leave those out.
 */
export function factRows(fact: Fact, plan: Plan, filters: StatsFilters, tz: string): Prisma.Sql {
  const names = ['province', 'audience', 'platform', ...fact.keys];
  const measures = fact.measures.map((m) => m.column);
  const columns = Prisma.raw(['day', ...names, ...measures].join(', '));
  const parts: Prisma.Sql[] = (plan.rollup?.buckets ?? []).map((bucket) => {
    const day = bucket.period === 'day' ? 'r.day' : 'NULL::date AS day';
    const signed = measures.map((m) => (bucket.sign === 1 ? `r.${m}` : `-r.${m} AS ${m}`));
    return Prisma.sql`SELECT ${Prisma.raw([day, ...names.map((n) => `r.${n}`), ...signed].join(', '))}
      FROM ${Prisma.raw(fact.table)} r WHERE ${and([
        Prisma.sql`r.grp = ${plan.rollup!.grp} AND r.period = ${bucket.period}`,
        // Each day as an equality: the index then finds each day's rows of the filtered province and
        // audience directly (a range of days would read every province's rows in it).
        Prisma.sql`r.day = ANY(${daysOf(bucket)}::date[])`,
        ...rollupConditions(filters),
      ])}`;
  });
  if (plan.live) {
    const range = {
      start: plan.live.start ? utc(plan.live.start) : dayStart(plan.live.from, tz),
      end: dayStart(addDays(plan.live.to, 1), tz),
      midDay: plan.live.start !== undefined,
    };
    parts.push(
      Prisma.sql`SELECT ${columns} FROM (${aggregate(fact, range, filters, tz, 'full', plan.rollup?.grp)}) x`,
    );
  }
  if (parts.length === 0)
    parts.push(Prisma.sql`SELECT ${columns} FROM ${Prisma.raw(fact.table)} WHERE FALSE`);
  return Prisma.join(parts, ' UNION ALL ');
}

/** `HAVING` that leaves out keys whose rows add up to nothing (alias r, summed measures). */
export function someMeasure(fact: Fact): Prisma.Sql {
  return Prisma.raw(`HAVING ${fact.measures.map((m) => `sum(r.${m.column}) <> 0`).join(' OR ')}`);
}
