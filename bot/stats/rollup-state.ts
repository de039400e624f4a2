import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import type { Fact } from './facts';
import { dayStartOf } from './sql-parts';

/** Any number taken by no other advisory lock of the app: one rollup at a time across processes. */
export const ROLLUP_LOCK = 7_411_002;

/**
 * Rows are rolled up only once they are this old: an answer carries the time its message arrived,
 * and its turn may commit a moment later (a backlog after a restart takes longer; the day's rows
 * are computed again in full when the day closes).
 */
export const SETTLE_MS = 2 * 60_000;

/**
 * How far the rollup tables go: every local day up to `through` in full, and the next day's rows
 * hold what happened before `until` (today's rollup) when set.
 */
export interface RollupState {
  through?: string;
  until?: Date;
}

export async function rollupState(prisma: PrismaClient): Promise<RollupState> {
  const rows = await prisma.$queryRaw<{ through: string; until: string | null }[]>`
    SELECT to_char(through, 'YYYY-MM-DD') AS through,
      to_char(until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS until FROM stats_rollup WHERE id = 1`;
  const row = rows[0];
  if (!row) return {};
  return row.until ? { through: row.through, until: new Date(row.until) } : { through: row.through };
}

/**
 * The instant before which everything is in the rollup tables, read by the statement that reads
 * those tables: one snapshot, so a rollup committing meanwhile never counts anything twice.
 */
export function watermark(tz: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(until, ${dayStartOf(Prisma.raw('through + 1'), tz)}) FROM stats_rollup WHERE id = 1)`;
}

/** The last day rolled up in full, read in the statement's snapshot (see `watermark`). */
export const THROUGH = Prisma.raw('(SELECT through FROM stats_rollup WHERE id = 1)');

/** A closed day written: today's rollup starts again from that day's end. */
export async function setThrough(prisma: PrismaClient, day: string): Promise<void> {
  await prisma.$executeRaw`INSERT INTO stats_rollup (id, through, until, updated_at) VALUES (1, ${day}::date, NULL, now())
    ON CONFLICT (id) DO UPDATE SET through = EXCLUDED.through, until = NULL, updated_at = now()`;
}

/** The columns of a fact's rollup table, its primary key first. */
export function factColumns(fact: Fact): { key: string[]; all: string[] } {
  const key = ['grp', 'day', 'province', 'audience', 'platform', ...fact.keys];
  return { key, all: [...key, ...fact.measures.map((m) => m.column)] };
}

/** A UTC instant as the `timestamp(3)` the tables store. */
export function utc(at: Date): Prisma.Sql {
  return Prisma.sql`${at.toISOString().replace('Z', '')}::timestamp(3)`;
}
