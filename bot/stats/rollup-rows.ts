import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import type { Fact } from './facts';
import { GROUPING_SETS } from './grouping-sets';
import { ALL_TIME_DAY, factColumns } from './rollup-state';

/**
 * Every grouping set, as the leading key column's condition: the index then reads each set's
 * `period`/`day` range instead of the whole table.
 */
const EVERY_SET = Prisma.raw(`grp IN (${GROUPING_SETS.map((_, grp) => grp).join(', ')})`);

/** Deletes the fact's day rows from `first` on. */
export async function deleteDayRows(prisma: PrismaClient, fact: Fact, first: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM ${Prisma.raw(fact.table)}
    WHERE ${EVERY_SET} AND period = 'day' AND day >= ${first}::date`;
}

/** The column list of a fact's day rows, selected from an `aggregate(..., 'all')` row. */
export function dayRowColumns(fact: Fact): { insert: string; select: string } {
  const { all } = factColumns(fact);
  return { insert: all.join(', '), select: all.map((c) => (c === 'period' ? `'day'` : c)).join(', ') };
}

/** Inserts day rows computed by `aggregate(fact, range, {}, tz, 'all')`. */
export async function insertDayRows(prisma: PrismaClient, fact: Fact, rows: Prisma.Sql): Promise<void> {
  const { insert, select } = dayRowColumns(fact);
  await prisma.$executeRaw`INSERT INTO ${Prisma.raw(fact.table)} (${Prisma.raw(insert)})
    SELECT ${Prisma.raw(select)} FROM (${rows}) x`;
}

/**
 * Adds (sign 1) or takes away (sign -1) the fact's day rows of [first, last] to or from its month
 * and all-time rows. A month or all-time row is only ever changed here, so it stays the exact sum of
 * the day rows it was given.
 */
export async function addToTotals(
  prisma: PrismaClient,
  fact: Fact,
  first: string,
  last: string,
  sign: 1 | -1,
): Promise<void> {
  const { key } = factColumns(fact);
  const measures = fact.measures.map((m) => m.column);
  const periods: [string, string][] = [
    ['month', `date_trunc('month', day)::date`],
    ['all', `'${ALL_TIME_DAY}'::date`],
  ];
  for (const [period, day] of periods) {
    const select = key.map((c) => (c === 'period' ? `'${period}'` : c === 'day' ? day : c));
    await prisma.$executeRaw`
      INSERT INTO ${Prisma.raw(fact.table)} (${Prisma.raw([...key, ...measures].join(', '))})
      SELECT ${Prisma.raw([...select, ...measures.map((m) => `(${sign} * sum(${m}))::int`)].join(', '))}
      FROM ${Prisma.raw(fact.table)}
      WHERE ${EVERY_SET} AND period = 'day' AND day >= ${first}::date AND day <= ${last}::date
      GROUP BY ${Prisma.raw(select.map((_, n) => String(n + 1)).join(', '))}
      ON CONFLICT (${Prisma.raw(key.join(', '))}) DO UPDATE SET
        ${Prisma.raw(measures.map((m) => `${m} = ${fact.table}.${m} + EXCLUDED.${m}`).join(', '))}`;
  }
}
