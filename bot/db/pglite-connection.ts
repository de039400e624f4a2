import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Connection } from './connection.ts';
import { PrismaClient } from './generated/client.ts';
import { forMigrations } from './script-runner.ts';

/**
 * Embedded PostgreSQL in `<dataDir>/pglite`. The client and the schema engine share ONE adapter
 * factory on the one instance: a second client could slip into Prisma's open transaction.
 */
export async function connectPglite(options: { dataDir: string }): Promise<Connection> {
  const dir = resolve(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const factory = forMigrations(new PrismaPGlite(db), (script) => db.exec(script));
  const prisma = new PrismaClient({ adapter: factory });
  return {
    kind: 'pglite',
    prisma,
    withMigrationTarget: async (work) => {
      try {
        return await work(factory);
      } finally {
        // The engine's session lock would otherwise outlive the migration on this single session.
        await prisma.$executeRawUnsafe('SELECT pg_advisory_unlock_all()');
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
