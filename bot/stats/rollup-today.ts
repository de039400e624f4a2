import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { aggregate, FACTS } from './facts';
import { addDays, localToday } from './local-days';
import { dayRowColumns } from './rollup-rows';
import { factColumns, ROLLUP_LOCK, SETTLE_MS, utc } from './rollup-state';
import { dayStartOf } from './sql-parts';

/**
 * Adds what happened today since the last run (up to a couple of minutes ago, see SETTLE_MS) to
 * today's rows of the rollup tables, so a statistics query computes only the last minutes live.
 * Runs after `rollUpClosedDays` (today's rows are partial until the day closes and is written
 * again in full; month and all-time rows only ever sum closed days). Every measure adds up except
 * active learners: a learner counts in the first part of the day they were active in (see
 * active-learners.ts). Returns the span added.
 */
export async function rollUpToday(
  prisma: PrismaClient,
  options: { timeZone: string; now: Date },
): Promise<{ from: Date; to: Date } | undefined> {
  const tz = options.timeZone;
  const cut = new Date(Math.floor((options.now.getTime() - SETTLE_MS) / 1000) * 1000);
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})::text`;
      const [state] = await tx.$queryRaw<{ through: string; since: string }[]>`
        SELECT to_char(through, 'YYYY-MM-DD') AS through,
          to_char(coalesce(until, ${dayStartOf(Prisma.raw('through + 1'), tz)}), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since
        FROM stats_rollup WHERE id = 1`;
      // Closed days come first; until they are all in, today waits.
      if (!state || localToday(cut, tz) !== addDays(state.through, 1)) return undefined;
      const since = new Date(state.since);
      if (cut <= since) return undefined;
      const range = { start: utc(since), end: utc(cut), midDay: true };
      for (const fact of FACTS) {
        const { insert, select } = dayRowColumns(fact);
        const add = fact.measures.map(
          (m) => `${m.column} = ${fact.table}.${m.column} + EXCLUDED.${m.column}`,
        );
        await tx.$executeRaw`INSERT INTO ${Prisma.raw(fact.table)} (${Prisma.raw(insert)})
          SELECT ${Prisma.raw(select)} FROM (${aggregate(fact, range, {}, tz, 'all')}) x
          ON CONFLICT (${Prisma.raw(factColumns(fact).key.join(', '))}) DO UPDATE SET ${Prisma.raw(add.join(', '))}`;
      }
      await tx.$executeRaw`UPDATE stats_rollup SET until = ${utc(cut)}, updated_at = now() WHERE id = 1`;
      return { from: since, to: cut };
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}
