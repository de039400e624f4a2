import { afterAll, describe, expect, it } from 'vitest';
import type { JobDeps } from '../../worker/jobs/job-definition';
import { createBullMqQueue } from '../../worker/queue/bullmq-queue';
import { createInProcessQueue } from '../../worker/queue/in-process-queue';
import type { JobQueue } from '../../worker/queue/job-queue';
import { startWorkers } from '../../worker/start-workers';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { silentLog, waitFor } from './queue-test-kit';

/** Jobs that find nothing to do: this test is about their schedules, not their work. */
const idleDeps = {
  config: {
    timezone: 'Asia/Ho_Chi_Minh',
    quietHours: { from: 21, to: 7 },
    publicUrl: 'http://localhost',
    reminders: { zaloWindowHours: 0 },
  },
  db: { kind: 'postgres', prisma: {} },
  store: { pendingLearners: async () => [], purgeProcessed: async () => 0 },
  outboxStore: { claimStale: async () => [], settle: async () => {}, purge: async () => 0 },
  outbox: { sendInOrder: async () => {}, flush: async () => {} },
  dispatcher: { schedule: () => {}, idle: async () => {}, stop: async () => {} },
  log: silentLog,
  now: () => new Date(),
} as unknown as JobDeps;

function schedulesSuite(name: string, create: () => JobQueue, wipe: (queue: JobQueue) => Promise<void>) {
  describe(name, () => {
    const queues: JobQueue[] = [];
    afterAll(async () => {
      for (const queue of queues) await queue.close();
    });

    it('says which schedules are missing and recreates them (Redis restarted empty)', async () => {
      const queue = create();
      queues.push(queue);
      const schedules = await startWorkers(queue, idleDeps, { scheduleCheckMs: 200 });
      try {
        expect(await schedules.missing()).toEqual([]);
        await wipe(queue);
        expect(await schedules.missing()).toContain('outbox-sweep');
        await waitFor(async () => (await schedules.missing()).length === 0, 10_000);
      } finally {
        schedules.stop();
      }
    });
  });
}

schedulesSuite(
  'job schedules, in-process queue',
  () => createInProcessQueue({ log: silentLog }),
  (queue) => queue.unschedule('outbox-sweep', 'outbox-sweep'),
);

describeWithServices('job schedules on Redis', { redis: true }, () => {
  const prefix = `sched-${Math.random().toString(36).slice(2, 10)}`;
  afterAll(() => deleteRedisKeys(`${prefix}:*`));
  schedulesSuite(
    'BullMQ',
    () => createBullMqQueue({ redis: { url: TEST_REDIS_URL }, prefix, log: silentLog }),
    // What a Redis restart without persistence does to the queues' keys.
    () => deleteRedisKeys(`${prefix}:*`),
  );
});
