import { Prisma } from '../db/generated/client.ts';
import { aggregate, type Fact } from './facts';
import { addDays, maxDay, minDay } from './local-days';
import { type RollupState, THROUGH, utc, watermark } from './rollup-state';
import { and, dayStart, rollupConditions } from './sql-parts';
import type { StatsFilters } from './stats-filters';

type Dimension = 'province' | 'audience' | 'platform';

/**
 * Which days come from the rollup tables and which are computed live. The rollup part reads every
 * row there is up to `to` and the live part starts where the rows end, both read in the one
 * statement (`watermark`), so a rollup run committing between planning and reading changes nothing.
 */
export interface Plan {
  /** `allDays`: every rolled-up day, so a fact's all-time totals table can answer. */
  rollup?: { from: string; to: string; grp: number; allDays: boolean };
  /**
   * `afterRollup`: starts where the rollup rows end (today's rollup may end mid-day), which is no
   * earlier than `since`, where they ended when planning.
   */
  live?: { from: string; to: string; afterRollup: boolean; since?: Date };
}

const EARLIEST = '2000-01-01';

/** The smallest grouping set of the rollup tables that keeps every dimension in use. */
function groupingSet(dimensions: Set<Dimension>): number {
  if (dimensions.size === 0) return 0;
  if (dimensions.size === 1 && dimensions.has('province')) return 1;
  if (!dimensions.has('province')) return 2;
  return 3;
}

export function planDays(
  filters: StatsFilters,
  context: { today: string } & RollupState,
  grouped?: Dimension,
): Plan {
  const from = filters.from ?? EARLIEST;
  const to = minDay(filters.to ?? context.today, context.today);
  if (from > to) return {};
  // The rollups keep no referral codes: those queries start from the learners who have the code.
  if (filters.referral || !context.through) return { live: { from, to, afterRollup: false } };
  const dimensions = new Set<Dimension>(grouped ? [grouped] : []);
  if (filters.provinces) dimensions.add('province');
  if (filters.audience) dimensions.add('audience');
  if (filters.platform) dimensions.add('platform');
  const plan: Plan = {};
  // The last day with rows: today's rollup, when it has started, adds the day after `through`.
  const rowsTo = context.until ? addDays(context.through, 1) : context.through;
  if (from <= minDay(to, rowsTo))
    plan.rollup = {
      from,
      to,
      grp: groupingSet(dimensions),
      // Totals hold the days through `through`; the statement adds the rows after it.
      allDays: from === EARLIEST && to === context.today,
    };
  const liveFrom = maxDay(from, addDays(context.through, 1));
  const since = context.until && liveFrom === addDays(context.through, 1) ? context.until : undefined;
  if (liveFrom <= to)
    plan.live = { from: liveFrom, to, afterRollup: plan.rollup !== undefined, ...(since ? { since } : {}) };
  return plan;
}

/** Rows (day, province, audience, platform, keys, measures) of the fact for the plan's days. */
export function factRows(fact: Fact, plan: Plan, filters: StatsFilters, tz: string): Prisma.Sql {
  const columns = Prisma.raw(
    ['day', 'province', 'audience', 'platform', ...fact.keys, ...fact.measures.map((m) => m.column)].join(
      ', ',
    ),
  );
  const parts: Prisma.Sql[] = [];
  const rows = (days: Prisma.Sql) =>
    Prisma.sql`SELECT ${columns} FROM ${Prisma.raw(fact.table)} r WHERE ${and([
      Prisma.sql`r.grp = ${plan.rollup!.grp}`,
      days,
      ...rollupConditions(filters),
    ])}`;
  if (plan.rollup?.allDays && fact.totalsTable) {
    const totals = ['NULL::date AS day', 'province', 'audience', 'platform', ...fact.keys];
    parts.push(
      Prisma.sql`SELECT ${Prisma.raw([...totals, ...fact.measures.map((m) => m.column)].join(', '))}
        FROM ${Prisma.raw(fact.totalsTable)} r
        WHERE ${and([Prisma.sql`r.grp = ${plan.rollup.grp}`, ...rollupConditions(filters)])}`,
      rows(Prisma.sql`r.day > ${THROUGH} AND r.day <= ${plan.rollup.to}::date`),
    );
  } else if (plan.rollup)
    parts.push(rows(Prisma.sql`r.day >= ${plan.rollup.from}::date AND r.day <= ${plan.rollup.to}::date`));
  if (plan.live) {
    const start = dayStart(plan.live.from, tz);
    const range = {
      start: plan.live.afterRollup ? Prisma.sql`greatest(${start}, ${watermark(tz)})` : start,
      end: dayStart(addDays(plan.live.to, 1), tz),
      midDay: plan.live.afterRollup,
      ...(plan.live.afterRollup && plan.live.since ? { floor: utc(plan.live.since) } : {}),
    };
    parts.push(
      Prisma.sql`SELECT ${columns} FROM (${aggregate(fact, range, filters, tz, 'full', plan.rollup?.grp)}) x`,
    );
  }
  if (parts.length === 0)
    parts.push(Prisma.sql`SELECT ${columns} FROM ${Prisma.raw(fact.table)} WHERE FALSE`);
  return Prisma.join(parts, ' UNION ALL ');
}
