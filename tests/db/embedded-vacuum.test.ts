import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../bot/logger';
import type { LearnerStore } from '../../bot/store/learner-store';
import type { Dispatcher } from '../../bot/turns/dispatcher';
import { embeddedVacuumJob } from '../../worker/jobs/embedded-vacuum';
import type { JobDeps } from '../../worker/jobs/job-definition';
import type { JobQueue } from '../../worker/queue/job-queue';
import { startWorkers } from '../../worker/start-workers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/** A logger that keeps what the job said. */
function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('silent');
  log.info = ((fields: Record<string, unknown>) => void lines.push(fields)) as Logger['info'];
  return { log, lines };
}

describe('vacuum of the embedded database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  }, 60_000);
  afterAll(() => t?.drop());

  const deadRows = async (table: string) => {
    // Statistics reach the views at most once a second unless a flush is asked for.
    await t.db.prisma.$executeRawUnsafe('SELECT pg_stat_force_next_flush()');
    await t.db.prisma.$queryRawUnsafe('SELECT 1');
    return Number(
      (
        await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = '${table}'`,
        )
      )[0]!.n,
    );
  };

  it('vacuums the tables that autovacuum would, and none when nothing is due', async () => {
    const prisma = t.db.prisma;
    // Messages recorded, then marked processed: each update leaves a dead row, as turns do.
    await prisma.$executeRawUnsafe(
      `INSERT INTO inbound_message (platform, external_id, platform_user_id, payload)
       SELECT 'zalo', 'vacuum:' || g, 'u' || (g % 50), '{}'::jsonb FROM generate_series(1, 2000) g`,
    );
    await prisma.$executeRawUnsafe(
      `UPDATE inbound_message SET processed_at = now() WHERE external_id LIKE 'vacuum:%'`,
    );
    expect(await deadRows('inbound_message')).toBeGreaterThanOrEqual(2000);

    const { log, lines } = recordingLog();
    const deps = { db: t.db } as unknown as JobDeps;
    const context = { id: '1', queue: embeddedVacuumJob.queue, data: {}, attempt: 1, log };
    await embeddedVacuumJob.run({}, deps, context);
    expect(lines.map((line) => line.table)).toContain('inbound_message');
    expect(await deadRows('inbound_message')).toBe(0);

    lines.length = 0;
    await embeddedVacuumJob.run({}, deps, context);
    expect(lines).toEqual([]);
  });

  it('is scheduled on the embedded database only (PostgreSQL has autovacuum)', async () => {
    const subscribed = (kind: 'postgres' | 'pglite') => {
      const queues: string[] = [];
      const queue = {
        process: (name: string) => void queues.push(name),
        schedule: async () => {},
      } as unknown as JobQueue;
      const deps: JobDeps = {
        config: {
          timezone: 'Asia/Ho_Chi_Minh',
          quietHours: { from: 21, to: 7 },
          publicUrl: 'http://localhost',
          reminders: { zaloWindowHours: 0 },
        },
        db: { kind, prisma: t.db.prisma, sql: t.db.sql, batchPrisma: t.db.batchPrisma },
        store: {} as LearnerStore,
        outboxStore: {} as JobDeps['outboxStore'],
        outbox: {} as JobDeps['outbox'],
        dispatcher: {} as Dispatcher,
        intake: {} as JobDeps['intake'],
        tutorAi: {} as JobDeps['tutorAi'],
        log: createLogger('silent'),
        now: () => new Date(),
      };
      return startWorkers(queue, deps).then(() => queues);
    };
    expect(await subscribed('pglite')).toContain('embedded-vacuum');
    const onPostgres = await subscribed('postgres');
    expect(onPostgres).not.toContain('embedded-vacuum');
    expect(onPostgres).toContain('inbox-sweep');
  });
});
