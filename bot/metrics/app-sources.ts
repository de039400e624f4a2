import type { JobQueue } from '../../worker/queue/job-queue';
import type { Database } from '../db/open-database';
import type { Platform } from '../engine/types';
import type { ScrapeSources } from './scrape-sources';

const CHANNELS: Platform[] = ['web', 'telegram', 'zalo'];

/** The scrape-time figures of one app: the outbox from the database, the queues from the job queue. */
export function appScrapeSources(
  db: Pick<Database, 'prisma'>,
  queue: JobQueue,
  queueNames: string[],
): ScrapeSources {
  return {
    async outbox() {
      const rows = await db.prisma.$queryRawUnsafe<{ channel: string; pending: number; oldest: number }[]>(
        `SELECT platform::text AS channel, count(*)::int AS pending,
                extract(epoch FROM now() - min(created_at))::float8 AS oldest
           FROM outbound_message WHERE status = 'pending' GROUP BY platform`,
      );
      // Every channel has a value, 0 when nothing waits, so an alert sees the queue empty, not gone.
      return CHANNELS.map((channel) => {
        const row = rows.find((r) => r.channel === channel);
        return { channel, pending: row?.pending ?? 0, oldestSeconds: row?.oldest ?? 0 };
      });
    },
    async queues() {
      const all = await Promise.all(
        queueNames.map(async (name) =>
          Object.entries(await queue.counts(name)).map(([state, count]) => ({ queue: name, state, count })),
        ),
      );
      return all.flat();
    },
  };
}
