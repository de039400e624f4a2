import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import type { Fact } from './facts';

/** Any number taken by no other advisory lock of the app: one rollup at a time across processes. */
export const ROLLUP_LOCK = 7_411_002;

/**
 * Rows are rolled up only once they are this old: an answer carries the time its message arrived,
 * and its turn may commit a moment later (a backlog after a restart takes longer; the day's rows
 * are computed again in full when the day closes).
 */
export const SETTLE_MS = 2 * 60_000;

/**
 * How far the rollup tables go: every local day from `firstDay` up to `through` in full, and the
 * next day's rows hold what happened before `until` (today's rollup) when set. The month and
 * all-time rows sum the day rows up to `totalsThrough`.
 */
export interface RollupState {
  through?: string;
  until?: Date;
  firstDay?: string;
  totalsThrough?: string;
  /** The stored active learners hold every last activity before this instant (recently-active.ts). */
  activeUntil?: Date;
}

const DAY = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD') AS "${column}"`);

export async function rollupState(prisma: PrismaClient): Promise<RollupState> {
  const rows = await prisma.$queryRaw<
    {
      through: string;
      until: string | null;
      first_day: string | null;
      totals_through: string | null;
      active_until: string | null;
    }[]
  >`
    SELECT ${DAY('through')}, to_char(until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS until,
      ${DAY('first_day')}, ${DAY('totals_through')}, to_char(active_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS active_until FROM stats_rollup WHERE id = 1`;
  const row = rows[0];
  if (!row) return {};
  return {
    through: row.through,
    ...(row.until ? { until: new Date(row.until) } : {}),
    ...(row.first_day ? { firstDay: row.first_day } : {}),
    ...(row.totals_through ? { totalsThrough: row.totals_through } : {}),
    ...(row.active_until ? { activeUntil: new Date(row.active_until) } : {}),
  };
}

/**
 * Closed days written through `day`, and the month and all-time rows with them; today's rollup
 * starts again from that day's end. `firstDay` is kept from the first run.
 */
export async function setThrough(prisma: PrismaClient, day: string, firstDay: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO stats_rollup (id, through, until, first_day, totals_through, updated_at)
    VALUES (1, ${day}::date, NULL, ${firstDay}::date, ${day}::date, now())
    ON CONFLICT (id) DO UPDATE SET through = EXCLUDED.through, until = NULL,
      first_day = coalesce(stats_rollup.first_day, EXCLUDED.first_day),
      totals_through = EXCLUDED.totals_through, updated_at = now()`;
}

/** The periods a rollup row sums, see `period` in prisma/schema.prisma. */
export type Period = 'day' | 'month' | 'all';

/** The `day` of every all-time row. */
export const ALL_TIME_DAY = '2000-01-01';

/** The columns of a fact's rollup table, its primary key first. */
export function factColumns(fact: Fact): { key: string[]; all: string[] } {
  const key = ['grp', 'period', 'day', 'province', 'audience', 'platform', ...fact.keys];
  return { key, all: [...key, ...fact.measures.map((m) => m.column)] };
}

/** A UTC instant as the `timestamp(3)` the tables store. */
export function utc(at: Date): Prisma.Sql {
  return Prisma.sql`${at.toISOString().replace('Z', '')}::timestamp(3)`;
}
