import { Prisma } from '../db/generated/client.ts';
import type { StatsFilters } from './stats-filters';

/**
 * A time range as UTC `timestamp(3)` expressions: [start, end). `midDay`: it may start inside a
 * local day whose earlier part is counted elsewhere (today's rollup), so a learner already active
 * that day is not counted active again.
 */
export interface Range {
  start: Prisma.Sql;
  end: Prisma.Sql;
  midDay?: boolean;
  /** Mid-day: the grouping sets whose active learners are needed (default: every one). */
  activeSets?: readonly number[];
}

/** `column` in the range, as conditions an index on the column serves. */
export function within(column: string, range: Range): Prisma.Sql {
  const col = Prisma.raw(column);
  return Prisma.sql`${col} >= ${range.start} AND ${col} < ${range.end}`;
}

/** How a fact is being aggregated: the rollup's grouping sets, or every dimension for `grp`. */
export interface AggregateMode {
  sets: 'all' | 'full';
  midDay: boolean;
  grp: number;
}

/** The start of a local day (TIMEZONE) as the UTC `timestamp(3)` the tables store. */
export function dayStart(day: string, tz: string): Prisma.Sql {
  return Prisma.sql`((${day}::date)::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC'`;
}

/** The start of the local day held by a `date` expression, as a UTC `timestamp(3)`. */
export function dayStartOf(day: Prisma.Sql, tz: string): Prisma.Sql {
  return Prisma.sql`(((${day})::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC')`;
}

/** The local day of a stored UTC timestamp. */
export function localDay(column: string, tz: string): Prisma.Sql {
  return Prisma.sql`((${Prisma.raw(column)} AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date`;
}

/** province, audience, platform of a row, '?' when unknown. `alias` is a or l. */
export function dimensions(alias: 'a' | 'l'): Prisma.Sql {
  return Prisma.raw(
    `coalesce(${alias}.province, '?') AS province, coalesce(${alias}.audience::text, '?') AS audience, ${alias}.platform::text AS platform`,
  );
}

/** Filter conditions on a source row (`a` answer_event or `l` learner); referral always on `l`. */
export function filterConditions(alias: 'a' | 'l', filters: StatsFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.provinces)
    conditions.push(Prisma.sql`${Prisma.raw(alias)}.province = ANY(${filters.provinces}::text[])`);
  if (filters.audience)
    conditions.push(Prisma.sql`${Prisma.raw(alias)}.audience::text = ${filters.audience}`);
  if (filters.platform)
    conditions.push(Prisma.sql`${Prisma.raw(alias)}.platform::text = ${filters.platform}`);
  if (filters.referral) conditions.push(Prisma.sql`l.referral_code = ${filters.referral}`);
  return conditions;
}

export function and(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, ' AND ');
}

/** Conditions on a rollup table's rows (dimensions it keeps). */
export function rollupConditions(filters: StatsFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  // One province as an equality: the planner then always bounds the key's index range by it (with
  // ANY it may read every province's rows and filter them, when its statistics are out of date).
  if (filters.provinces?.length === 1) conditions.push(Prisma.sql`r.province = ${filters.provinces[0]}`);
  else if (filters.provinces) conditions.push(Prisma.sql`r.province = ANY(${filters.provinces}::text[])`);
  if (filters.audience) conditions.push(Prisma.sql`r.audience = ${filters.audience}`);
  if (filters.platform) conditions.push(Prisma.sql`r.platform = ${filters.platform}`);
  return conditions;
}
