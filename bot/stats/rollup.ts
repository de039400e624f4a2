import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import { aggregate, FACTS } from './facts';
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

/**
 * Rolls every closed local day not yet in the tables into them (idempotent: a day is deleted and
 * written again in one transaction). Returns the days written.
 */
export async function rollUpClosedDays(
  prisma: PrismaClient,
  options: { timeZone: string; now: Date },
): Promise<{ from: string; to: string } | undefined> {
  const tz = options.timeZone;
  const yesterday = addDays(localToday(options.now, tz), -1);
  const through = await rolledThrough(prisma);
  let first = through ? addDays(through, 1) : await firstDay(prisma, tz);
  if (!first) {
    await setThrough(prisma, yesterday);
    return undefined;
  }
  if (first > yesterday) return undefined;
  const from = first;
  while (first <= yesterday) {
    const last = minDay(addDays(first, CHUNK_DAYS - 1), yesterday);
    const range = { start: dayStart(first, tz), end: dayStart(addDays(last, 1), tz) };
    await prisma.$transaction([
      ...FACTS.flatMap((fact) => {
        const columns = [
          'grp',
          'day',
          'province',
          'audience',
          'platform',
          ...fact.keys,
          ...fact.measures.map((m) => m.column),
        ];
        return [
          prisma.$executeRaw`DELETE FROM ${Prisma.raw(fact.table)} WHERE day >= ${first}::date AND day <= ${last}::date`,
          prisma.$executeRaw`INSERT INTO ${Prisma.raw(fact.table)} (${Prisma.raw(columns.join(', '))})
            SELECT ${Prisma.raw(columns.join(', '))} FROM (${aggregate(fact, range, {}, tz, 'all')}) x`,
        ];
      }),
      setThroughStatement(prisma, last),
    ]);
    first = addDays(last, 1);
  }
  return { from, to: yesterday };
}

async function firstDay(prisma: PrismaClient, tz: string): Promise<string | undefined> {
  const rows = await prisma.$queryRaw<{ day: string | null }[]>`
    SELECT to_char(min(${localDay('created_at', tz)}), 'YYYY-MM-DD') AS day FROM learner`;
  return rows[0]?.day ?? undefined;
}

function setThroughStatement(prisma: PrismaClient, day: string) {
  return prisma.$executeRaw`INSERT INTO stats_rollup (id, through, updated_at) VALUES (1, ${day}::date, now())
    ON CONFLICT (id) DO UPDATE SET through = EXCLUDED.through, updated_at = now()`;
}

async function setThrough(prisma: PrismaClient, day: string): Promise<void> {
  await setThroughStatement(prisma, day);
}
