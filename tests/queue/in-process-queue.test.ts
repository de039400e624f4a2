import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../worker/queue/in-process-queue';
import { describeJobQueueContract } from './job-queue-contract';
import { silentLog, waitFor } from './queue-test-kit';

const run = promisify(execFile);

describe('in-process job queue', () => {
  describeJobQueueContract((log) => createInProcessQueue({ log }));

  it('plans a daily cron run in its time zone from the injected clock', async () => {
    // 08:59:59.800 in Hanoi (UTC+7): the 09:00 run is due 200 ms of real time later.
    const start = Date.parse('2024-05-01T08:59:59.800+07:00');
    const realStart = Date.now();
    const jobs = createInProcessQueue({ log: silentLog, now: () => start + (Date.now() - realStart) });
    const ids: string[] = [];
    jobs.process('reminders', async (job) => {
      ids.push(job.id);
    });
    await jobs.schedule('reminders', 'daily', { cron: '0 9 * * *', tz: 'Asia/Ho_Chi_Minh' }, {});
    await waitFor(() => ids.length === 1, 1000);
    expect(Date.now() - realStart).toBeGreaterThanOrEqual(180);
    expect(ids[0]).toBe(`repeat:daily:${Date.parse('2024-05-01T02:00:00Z')}`);
    expect(await jobs.counts('reminders')).toMatchObject({ delayed: 1, completed: 1 });
    await jobs.close();
  });

  it('leaves no timers behind after close()', async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    const jobs = createInProcessQueue({ log: silentLog });
    jobs.process('paused', async () => {}, { limiter: { max: 1, durationMs: 60_000 } });
    await jobs.addBulk('paused', [{ data: 1 }, { data: 2 }]);
    await jobs.add('later', {}, { delayMs: 3_600_000 });
    await jobs.schedule('later', 'nightly', { cron: '0 2 * * *', tz: 'Asia/Ho_Chi_Minh' }, {});
    await waitFor(async () => (await jobs.counts('paused')).completed === 1);
    expect(timeouts()).toBeGreaterThan(before);
    await jobs.close();
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('lets the process exit after close() with delayed jobs and schedules pending', async () => {
    const started = Date.now();
    const { stdout } = await run('npx', ['tsx', 'tests/queue/exit-after-close.ts'], { timeout: 15_000 });
    expect(stdout).toContain('closed');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
