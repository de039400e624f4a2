import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { aggregate, FACTS, type Fact } from './facts';
import { addDays, localToday, minDay } from './local-days';
import { factColumns, ROLLUP_LOCK, rollupState, SETTLE_MS, setThrough } from './rollup-state';
import { dayStart, localDay } from './sql-parts';

/** Days per transaction when catching up (a first run over a year of data). */
const CHUNK_DAYS = 31;

/** The last local day rolled up in full, or undefined before the first run. */
export async function rolledThrough(prisma: PrismaClient): Promise<string | undefined> {
  return (await rollupState(prisma)).through;
}

/**
 * Rolls every closed local day not yet in the tables into them, a chunk of days per transaction.
 * Each transaction holds an advisory lock and reads how far the tables go under it, so concurrent
 * runs (several workers, a manual run) never write a day twice. Returns the days written.
 */
export async function rollUpClosedDays(
  prisma: PrismaClient,
  options: { timeZone: string; now: Date },
): Promise<{ from: string; to: string } | undefined> {
  const tz = options.timeZone;
  // A day closes once its last answers have settled.
  const yesterday = addDays(localToday(new Date(options.now.getTime() - SETTLE_MS), tz), -1);
  let written: { from: string; to: string } | undefined;
  for (;;) {
    const chunk = await prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
        const { through, until } = await rollupState(tx as PrismaClient);
        // From scratch (first run, or rollups reset): nothing stale may stay, totals least of all.
        if (!through)
          for (const table of FACTS.flatMap((f) => [f.table, f.totalsTable ?? []]).flat())
            await tx.$executeRaw`DELETE FROM ${Prisma.raw(table)}`;
        const first = through ? addDays(through, 1) : await firstDay(tx as PrismaClient, tz);
        if (!first) {
          await setThrough(tx as PrismaClient, yesterday);
          return undefined;
        }
        if (first > yesterday) return undefined;
        const last = minDay(addDays(first, CHUNK_DAYS - 1), yesterday);
        const range = { start: dayStart(first, tz), end: dayStart(addDays(last, 1), tz) };
        // Today's rollup (the day after `through`) is partial: never added to the all-time totals.
        const partialDay = until ? addDays(through!, 1) : undefined;
        for (const fact of FACTS) {
          const columns = factColumns(fact).all.join(', ');
          // Days written again (the rollups were set back) leave the totals before they are replaced.
          if (fact.totalsTable) await addToTotals(tx as PrismaClient, fact, first, last, -1, partialDay);
          // Later rows too: a partial day, rolled up again from its start after this.
          await tx.$executeRaw`DELETE FROM ${Prisma.raw(fact.table)} WHERE day >= ${first}::date`;
          await tx.$executeRaw`INSERT INTO ${Prisma.raw(fact.table)} (${Prisma.raw(columns)})
            SELECT ${Prisma.raw(columns)} FROM (${aggregate(fact, range, {}, tz, 'all')}) x`;
          if (fact.totalsTable) await addToTotals(tx as PrismaClient, fact, first, last, 1);
        }
        await setThrough(tx as PrismaClient, last);
        return { first, last };
      },
      { maxWait: 60_000, timeout: 30 * 60_000 },
    );
    if (!chunk) return written;
    written = { from: written?.from ?? chunk.first, to: chunk.last };
  }
}

/** Adds (sign 1) or takes away (sign -1) the day rows of [first, last] to or from the all-time totals. */
async function addToTotals(
  prisma: PrismaClient,
  fact: Fact,
  first: string,
  last: string,
  sign: 1 | -1,
  exceptDay = '',
): Promise<void> {
  const keys = ['grp', 'province', 'audience', 'platform', ...fact.keys].join(', ');
  const measures = fact.measures.map((m) => m.column);
  await prisma.$executeRaw`
    INSERT INTO ${Prisma.raw(fact.totalsTable!)} (${Prisma.raw([keys, ...measures].join(', '))})
    SELECT ${Prisma.raw([keys, ...measures.map((m) => `(${sign} * sum(${m}))::int`)].join(', '))}
    FROM ${Prisma.raw(fact.table)} WHERE day >= ${first}::date AND day <= ${last}::date
      AND to_char(day, 'YYYY-MM-DD') <> ${exceptDay}
    GROUP BY ${Prisma.raw(keys)}
    ON CONFLICT (${Prisma.raw(keys)}) DO UPDATE SET
      ${Prisma.raw(measures.map((m) => `${m} = ${fact.totalsTable}.${m} + EXCLUDED.${m}`).join(', '))}`;
}

async function firstDay(prisma: PrismaClient, tz: string): Promise<string | undefined> {
  const rows = await prisma.$queryRaw<{ day: string | null }[]>`
    SELECT to_char(min(${localDay('created_at', tz)}), 'YYYY-MM-DD') AS day FROM learner`;
  return rows[0]?.day ?? undefined;
}

/**
 * Forgets every rollup (the next run starts from scratch), under the rollup lock: a job run in
 * progress finishes first, so it cannot write stale days after the reset.
 */
export async function resetRollups(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
    await tx.$executeRaw`DELETE FROM stats_rollup`;
  });
}
