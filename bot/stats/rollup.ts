import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { aggregate, FACTS } from './facts';
import { addDays, localToday, minDay } from './local-days';
import { addToTotals, deleteDayRows, insertDayRows } from './rollup-rows';
import { ROLLUP_LOCK, rollupState, SETTLE_MS, setThrough } from './rollup-state';
import { dayStart, localDay } from './sql-parts';

/** Days per transaction when catching up (a first run over a year of data). */
const CHUNK_DAYS = 31;

/** The last local day rolled up in full, or undefined before the first run. */
export async function rolledThrough(prisma: PrismaClient): Promise<string | undefined> {
  return (await rollupState(prisma)).through;
}

/**
 * Rolls every closed local day not yet in the tables into them, a chunk of days per transaction,
 * and adds them to the month and all-time rows. Each transaction holds an advisory lock and reads
 * how far the tables go under it, so concurrent runs (several workers, a manual run) never write a
 * day twice. Returns the days written.
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
        const state = await rollupState(tx as PrismaClient);
        // From scratch (first run, rollups reset, or totals of unknown extent): nothing stale may stay.
        const scratch = !state.through || !state.totalsThrough || !state.firstDay;
        if (scratch) for (const fact of FACTS) await tx.$executeRaw`DELETE FROM ${Prisma.raw(fact.table)}`;
        const first = scratch ? await firstDay(tx as PrismaClient, tz) : addDays(state.through!, 1);
        if (!first) {
          // Nothing yet: the rollups start after yesterday.
          await setThrough(tx as PrismaClient, yesterday, addDays(yesterday, 1));
          return undefined;
        }
        if (first > yesterday) return undefined;
        const last = minDay(addDays(first, CHUNK_DAYS - 1), yesterday);
        const range = { start: dayStart(first, tz), end: dayStart(addDays(last, 1), tz) };
        for (const fact of FACTS) {
          // Days written again (`through` was set back) leave the totals before they are replaced.
          if (!scratch && state.totalsThrough! >= first)
            await addToTotals(tx as PrismaClient, fact, first, state.totalsThrough!, -1);
          // Later rows too: today's partial rows, rolled up again from the day's start after this.
          await deleteDayRows(tx as PrismaClient, fact, first);
          await insertDayRows(tx as PrismaClient, fact, aggregate(fact, range, {}, tz, 'all'));
          await addToTotals(tx as PrismaClient, fact, first, last, 1);
        }
        await setThrough(tx as PrismaClient, last, scratch ? first : state.firstDay!);
        return { first, last };
      },
      { maxWait: 60_000, timeout: 30 * 60_000 },
    );
    if (!chunk) break;
    written = { from: written?.from ?? chunk.first, to: chunk.last };
  }
  // New days are outside the planner's statistics of the tables until they are analysed again: it
  // would then misjudge how many rows a range holds (a few seconds, once a day).
  if (written) for (const fact of FACTS) await prisma.$executeRaw`ANALYZE ${Prisma.raw(fact.table)}`;
  return written;
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
