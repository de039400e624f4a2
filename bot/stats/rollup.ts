import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { aggregate, FACTS, type Fact } from './facts';
import { addDays, localToday, minDay } from './local-days';
import { dayStart, localDay } from './sql-parts';

/** Days per transaction when catching up (a first run over a year of data). */
const CHUNK_DAYS = 31;

/** The last local day in the rollup tables, or undefined before the first run. */
export async function rolledThrough(prisma: PrismaClient): Promise<string | undefined> {
  const rows = await prisma.$queryRaw<{ through: string }[]>`
    SELECT to_char(through, 'YYYY-MM-DD') AS through FROM stats_rollup WHERE id = 1`;
  return rows[0]?.through;
}

/** Any number taken by no other advisory lock of the app: one rollup at a time across processes. */
const ROLLUP_LOCK = 7_411_002;

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
  const yesterday = addDays(localToday(options.now, tz), -1);
  let written: { from: string; to: string } | undefined;
  for (;;) {
    const chunk = await prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
        const through = await rolledThrough(tx as PrismaClient);
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
        for (const fact of FACTS) {
          const columns = [
            'grp',
            'day',
            'province',
            'audience',
            'platform',
            ...fact.keys,
            ...fact.measures.map((m) => m.column),
          ].join(', ');
          // Days written again (the rollups were set back) leave the totals before they are replaced.
          if (fact.totalsTable) await addToTotals(tx as PrismaClient, fact, first, last, -1);
          await tx.$executeRaw`DELETE FROM ${Prisma.raw(fact.table)} WHERE day >= ${first}::date AND day <= ${last}::date`;
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
): Promise<void> {
  const keys = ['grp', 'province', 'audience', 'platform', ...fact.keys].join(', ');
  const measures = fact.measures.map((m) => m.column);
  await prisma.$executeRaw`
    INSERT INTO ${Prisma.raw(fact.totalsTable!)} (${Prisma.raw([keys, ...measures].join(', '))})
    SELECT ${Prisma.raw([keys, ...measures.map((m) => `(${sign} * sum(${m}))::int`)].join(', '))}
    FROM ${Prisma.raw(fact.table)} WHERE day >= ${first}::date AND day <= ${last}::date
    GROUP BY ${Prisma.raw(keys)}
    ON CONFLICT (${Prisma.raw(keys)}) DO UPDATE SET
      ${Prisma.raw(measures.map((m) => `${m} = ${fact.totalsTable}.${m} + EXCLUDED.${m}`).join(', '))}`;
}

async function firstDay(prisma: PrismaClient, tz: string): Promise<string | undefined> {
  const rows = await prisma.$queryRaw<{ day: string | null }[]>`
    SELECT to_char(min(${localDay('created_at', tz)}), 'YYYY-MM-DD') AS day FROM learner`;
  return rows[0]?.day ?? undefined;
}

async function setThrough(prisma: PrismaClient, day: string): Promise<void> {
  await prisma.$executeRaw`INSERT INTO stats_rollup (id, through, updated_at) VALUES (1, ${day}::date, now())
    ON CONFLICT (id) DO UPDATE SET through = EXCLUDED.through, updated_at = now()`;
}
