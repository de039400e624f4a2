import { Prisma } from '../../bot/db/generated/client';
import { openDatabase } from '../../bot/db/open-database';
import { createLogger } from '../../bot/logger';
import { dayFact } from '../../bot/stats/facts';
import { localToday } from '../../bot/stats/local-days';
import { dayStart } from '../../bot/stats/sql-parts';
import { factRows, planDays } from '../../bot/stats/stats-plan';
import { rolledThrough } from '../../bot/stats/rollup';

const db = await openDatabase({ databaseUrl: process.argv[2]!, dataDir: '/tmp', log: createLogger('silent') });
const tz = 'Asia/Ho_Chi_Minh';
const ctx = { today: localToday(new Date(), tz), through: await rolledThrough(db.prisma) };
const plan = planDays({}, ctx);
console.log(plan);
for (const sql of [
  Prisma.sql`SELECT sum(r.answers) FROM (${factRows(dayFact, plan, {}, tz)}) r`,
  Prisma.sql`SELECT count(*) FILTER (WHERE l.last_active_at >= ${dayStart(ctx.today, tz)}) FROM learner l WHERE l.last_active_at >= ${dayStart('2026-11-06', tz)}`,
]) {
  const rows = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`;
  console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
}
await db.close();
