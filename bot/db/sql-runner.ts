import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Prisma, PrismaClient } from './generated/client.ts';

/**
 * Runs one of the few statements every turn makes (record inbound, read learners, write a batch).
 * On PostgreSQL they go straight to the pool as named prepared statements: parsed and planned once
 * per connection, where planning a turn's multi-part write cost PostgreSQL more than running it,
 * and without Prisma's per-call overhead (a tenth of the bot's CPU under load). Everything else
 * uses Prisma. Statements are built with `Prisma.sql`, so values are always parameters.
 */
export type SqlRunner = <T>(statement: Prisma.Sql) => Promise<T[]>;

export function prismaSqlRunner(prisma: PrismaClient): SqlRunner {
  return <T>(statement: Prisma.Sql) => prisma.$queryRaw<T[]>(statement);
}

export function poolSqlRunner(pool: pg.Pool): SqlRunner {
  // These statements come in a handful of shapes (the parts a batch needs), so names stay few.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `hv_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return async <T>(statement: Prisma.Sql) => {
    const result = await pool.query({
      name: nameOf(statement.text),
      text: statement.text,
      values: statement.values,
    });
    return result.rows as T[];
  };
}
