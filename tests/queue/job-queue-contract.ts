import { afterEach, expect, it } from 'vitest';
import type { Logger } from '../../bot/logger';
import {
  type JobContext,
  type JobQueue,
  PermanentJobError,
  RateLimitedError,
} from '../../worker/queue/job-queue';
import { captureLog, sleep, waitFor } from './queue-test-kit';

/** Timer and Redis round-trip slack for lower bounds on elapsed time. */
const SLACK_MS = 25;

/**
 * The expectations every JobQueue implementation meets. `create` is called once or more per test;
 * each test uses its own queue names, so a shared Redis prefix per file is enough isolation.
 */
export function describeJobQueueContract(create: (log: Logger) => JobQueue): void {
  let opened: JobQueue[] = [];
  let serial = 0;
  const queueName = () => `q${++serial}-${Math.random().toString(36).slice(2, 8)}`;
  const open = (log = captureLog().log) => {
    const jobQueue = create(log);
    opened.push(jobQueue);
    return jobQueue;
  };

  afterEach(async () => {
    await Promise.all(opened.map((jobQueue) => jobQueue.close()));
    opened = [];
  });

  it('delivers a job with its data intact, its id and the first attempt', async () => {
    const jobs = open();
    const name = queueName();
    const seen: JobContext<unknown>[] = [];
    const data = { text: 'Xin chào, học viên!', n: 42, nested: { list: [1, 'hai', null] }, ok: true };
    jobs.process(name, async (job) => {
      seen.push(job);
    });
    await jobs.add(name, data, { jobId: 'welcome-1' });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ id: 'welcome-1', queue: name, data, attempt: 1 });
    await waitFor(async () => (await jobs.counts(name)).completed === 1);
  });

  it('keeps jobs added before process() waiting until it is called', async () => {
    const jobs = open();
    const name = queueName();
    await jobs.add(name, { n: 1 });
    await jobs.addBulk(name, [{ data: { n: 2 } }, { data: { n: 3 } }]);
    expect(await jobs.counts(name)).toMatchObject({ waiting: 3, active: 0, completed: 0 });
    const seen: number[] = [];
    jobs.process<{ n: number }>(name, async (job) => {
      seen.push(job.data.n);
    });
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('never runs more jobs at once than the concurrency', async () => {
    const jobs = open();
    const name = queueName();
    let running = 0;
    let peak = 0;
    let done = 0;
    jobs.process(
      name,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(40);
        running--;
        done++;
      },
      { concurrency: 2 },
    );
    await jobs.addBulk(
      name,
      Array.from({ length: 6 }, (_, n) => ({ data: { n } })),
    );
    await waitFor(() => done === 6);
    expect(peak).toBe(2);
  });

  it('ignores a jobId that is waiting, active or kept completed', async () => {
    const jobs = open();
    const name = queueName();
    const seen: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ids = ['reminder:learner-7:2024-05-01', '42', 'a%3Ab', 'a:b'];
    await jobs.add(name, { v: 1 }, { jobId: ids[0] });
    await jobs.add(name, { v: 2 }, { jobId: ids[0] });
    await jobs.addBulk(name, [...ids.map((jobId) => ({ data: { v: 3 }, opts: { jobId } }))]);
    jobs.process<{ v: number }>(name, async (job) => {
      seen.push(`${job.id}=${job.data.v}`);
      await gate;
    });
    await waitFor(() => seen.length === 1);
    await jobs.add(name, { v: 4 }, { jobId: ids[0] });
    release();
    await waitFor(async () => (await jobs.counts(name)).completed === 4);
    await jobs.add(name, { v: 5 }, { jobId: ids[1] });
    // Not queued at all (had it been, it would be waiting, active or a fifth completed job).
    expect(await jobs.counts(name)).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 4 });
    expect(seen.sort()).toEqual(['42=3', 'a%3Ab=3', 'a:b=3', 'reminder:learner-7:2024-05-01=1']);
  });

  it('runs a delayed job no earlier than its delay', async () => {
    const jobs = open();
    const name = queueName();
    let ranAt = 0;
    jobs.process(name, async () => {
      ranAt = Date.now();
    });
    const addedAt = Date.now();
    await jobs.add(name, {}, { delayMs: 300 });
    expect(await jobs.counts(name)).toMatchObject({ delayed: 1, waiting: 0 });
    await waitFor(() => ranAt > 0);
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(300 - SLACK_MS);
  });

  it('retries with exponential backoff, then fails and logs the error but not the data', async () => {
    const { log, lines, text } = captureLog();
    const jobs = open(log);
    const name = queueName();
    const runs: { attempt: number; at: number }[] = [];
    jobs.process(name, async (job) => {
      runs.push({ attempt: job.attempt, at: Date.now() });
      throw new Error('upstream 500');
    });
    await jobs.add(name, { phone: '0912345678' }, { attempts: 3, backoffMs: 60 });
    await waitFor(async () => (await jobs.counts(name)).failed === 1);
    expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(60 - SLACK_MS);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(120 - SLACK_MS);
    await waitFor(() => lines().some((line) => line.msg === 'job failed after its last attempt'));
    const final = lines().find((line) => line.msg === 'job failed after its last attempt');
    expect(final).toMatchObject({ queue: name, attempt: 3, err: { message: 'upstream 500' } });
    expect(text()).not.toContain('0912345678');
  });

  it('completes a job that succeeds on a retry', async () => {
    const jobs = open();
    const name = queueName();
    const attempts: number[] = [];
    jobs.process(name, async (job) => {
      attempts.push(job.attempt);
      if (job.attempt === 1) throw new Error('flaky');
    });
    await jobs.add(name, {}, { backoffMs: 10 });
    await waitFor(async () => (await jobs.counts(name)).completed === 1);
    expect(attempts).toEqual([1, 2]);
    expect((await jobs.counts(name)).failed).toBe(0);
  });

  it('does not retry a PermanentJobError, and keeps the failed job id taken', async () => {
    const jobs = open();
    const name = queueName();
    let runs = 0;
    jobs.process(name, async () => {
      runs++;
      throw new PermanentJobError('learner blocked the bot');
    });
    await jobs.add(name, {}, { jobId: 'send:learner-9', attempts: 5, backoffMs: 10 });
    await waitFor(async () => (await jobs.counts(name)).failed === 1);
    await jobs.add(name, {}, { jobId: 'send:learner-9' });
    expect(await jobs.counts(name)).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    expect(runs).toBe(1);
  });

  it('lists the latest failures, newest first, with the error and runs made but not the data', async () => {
    const jobs = open();
    const name = queueName();
    jobs.process<{ n: number }>(name, async (job) => {
      if (job.data.n === 2) return;
      throw job.data.n === 1 ? new PermanentJobError('blocked') : new Error(`upstream ${job.data.n}`);
    });
    expect(await jobs.recentFailures(name, 5)).toEqual([]);
    const startedAt = Date.now();
    await jobs.add(name, { n: 1, phone: '0912345678' });
    await waitFor(async () => (await jobs.counts(name)).failed === 1);
    await jobs.add(name, { n: 2 });
    await jobs.add(name, { n: 3 }, { attempts: 2, backoffMs: 10 });
    await waitFor(async () => (await jobs.counts(name)).failed === 2);
    const failures = await jobs.recentFailures(name, 5);
    expect(failures.map((f) => [f.reason, f.attempts])).toEqual([
      ['upstream 3', 2],
      ['blocked', 1],
    ]);
    expect(failures[1]!.failedAt.getTime()).toBeGreaterThanOrEqual(startedAt - SLACK_MS);
    expect(JSON.stringify(failures)).not.toContain('0912345678');
    expect(await jobs.recentFailures(name, 1)).toHaveLength(1);
  });

  it('gives a handler {} for undefined data, as a Redis round-trip does', async () => {
    const jobs = open();
    const name = queueName();
    const seen: unknown[] = [];
    jobs.process(name, async (job) => {
      seen.push(job.data);
    });
    await jobs.add(name, undefined);
    await jobs.add(name, { at: new Date(0), gone: undefined });
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([{}, { at: '1970-01-01T00:00:00.000Z' }]);
  });

  it('re-runs a rate-limited job later without spending an attempt, pausing the queue', async () => {
    const jobs = open();
    const name = queueName();
    const starts: { n: number; attempt: number; at: number }[] = [];
    let limitedAt = 0;
    jobs.process<{ n: number }>(name, async (job) => {
      starts.push({ n: job.data.n, attempt: job.attempt, at: Date.now() });
      if (job.data.n === 1 && limitedAt === 0) {
        limitedAt = Date.now();
        throw new RateLimitedError(300);
      }
    });
    await jobs.add(name, { n: 1 }, { attempts: 1 });
    await waitFor(() => limitedAt > 0);
    await jobs.add(name, { n: 2 }, { attempts: 1 });
    await waitFor(async () => (await jobs.counts(name)).completed === 2);
    const later = starts.slice(1);
    expect(later.map((start) => start.n).sort()).toEqual([1, 2]);
    expect(later.every((start) => start.attempt === 1)).toBe(true);
    for (const start of later) expect(start.at - limitedAt).toBeGreaterThanOrEqual(300 - SLACK_MS);
    expect((await jobs.counts(name)).failed).toBe(0);
  });

  it('starts no more than limiter.max jobs per window', async () => {
    const jobs = open();
    const name = queueName();
    const starts: number[] = [];
    jobs.process(
      name,
      async () => {
        starts.push(Date.now());
      },
      { concurrency: 5, limiter: { max: 2, durationMs: 200 } },
    );
    await jobs.addBulk(
      name,
      Array.from({ length: 6 }, (_, n) => ({ data: { n } })),
    );
    await waitFor(() => starts.length === 6);
    // Six starts at two per window need three windows: the last starts two windows after the first.
    expect(starts[5]! - starts[0]!).toBeGreaterThanOrEqual(400 - SLACK_MS);
  });

  it('fires an every-N-ms schedule repeatedly, and re-scheduling does not duplicate it', async () => {
    const jobs = open();
    const name = queueName();
    const seen: { id: string; data: unknown }[] = [];
    jobs.process(name, async (job) => {
      seen.push({ id: job.id, data: job.data });
    });
    await jobs.schedule(name, 'tick', { everyMs: 150 }, { kind: 'tick' });
    await jobs.schedule(name, 'tick', { everyMs: 150 }, { kind: 'tick' });
    await sleep(50);
    await jobs.schedule(name, 'tick', { everyMs: 150 }, { kind: 'tick' });
    await sleep(700);
    // Runs at about 0, 150, ..., 750 ms: 5 or 6 of them; a duplicated scheduler would double that.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThanOrEqual(6);
    expect(seen[0]!.data).toEqual({ kind: 'tick' });
    expect(seen[0]!.id).toMatch(/^repeat:tick:\d+$/);
    expect(new Set(seen.map((run) => run.id)).size).toBe(seen.length);
    // One next run waits; caught just as it falls due it may be on its way to a worker, so look again.
    await waitFor(async () => (await jobs.counts(name)).delayed === 1, 1000);
  });

  it('stops a schedule on unschedule', async () => {
    const jobs = open();
    const name = queueName();
    let runs = 0;
    jobs.process(name, async () => {
      runs++;
    });
    await jobs.schedule(name, 'beat', { everyMs: 100 }, {});
    await waitFor(() => runs >= 2);
    await jobs.unschedule(name, 'beat');
    // A run already due may still happen; once it has, nothing is left that could run.
    await waitFor(async () => {
      const counts = await jobs.counts(name);
      return counts.waiting === 0 && counts.active === 0;
    });
    expect(await jobs.counts(name)).toMatchObject({ delayed: 0, waiting: 0, active: 0 });
  });

  it('accepts 5- and 6-field cron with a time zone and rejects bad specs', async () => {
    const jobs = open();
    const name = queueName();
    await jobs.schedule(name, 'daily', { cron: '0 9 * * *', tz: 'Asia/Ho_Chi_Minh' }, {});
    await jobs.schedule(name, 'weekly', { cron: '30 0 20 * * 1', tz: 'Asia/Ho_Chi_Minh' }, {});
    expect(await jobs.counts(name)).toMatchObject({ delayed: 2, waiting: 0 });
    await expect(jobs.schedule(name, 'bad', { cron: '61 * * * *' }, {})).rejects.toThrow();
    await expect(jobs.schedule(name, 'bad', { cron: '0 9 * *' }, {})).rejects.toThrow(/5 or 6 fields/);
    await expect(jobs.schedule(name, 'bad', { cron: '0 9 * * *', tz: 'Mars/Base' }, {})).rejects.toThrow(
      /time zone/,
    );
    await expect(jobs.schedule(name, 'bad', { everyMs: 100, cron: '* * * * *' }, {})).rejects.toThrow();
    await jobs.unschedule(name, 'daily');
    await jobs.unschedule(name, 'weekly');
    expect((await jobs.counts(name)).delayed).toBe(0);
  });

  it('close() waits for the active job, is idempotent, and refuses new work', async () => {
    const jobs = open();
    const name = queueName();
    let finished = false;
    let started = false;
    jobs.process(name, async () => {
      started = true;
      await sleep(200);
      finished = true;
    });
    await jobs.add(name, {});
    await waitFor(() => started);
    expect((await jobs.counts(name)).active).toBe(1);
    await Promise.all([jobs.close(), jobs.close()]);
    expect(finished).toBe(true);
    await jobs.close();
    await expect(jobs.add(name, {})).rejects.toThrow(/closed/);
    await expect(jobs.ping()).rejects.toThrow();
  });

  it('answers ping() while open and rejects bad queue names and options', async () => {
    const jobs = open();
    await jobs.ping();
    await expect(jobs.add('bad:name', {})).rejects.toThrow(/queue name/);
    await expect(jobs.add(queueName(), {}, { attempts: 0 })).rejects.toThrow(/attempts/);
    expect(() => jobs.process(queueName(), async () => {}, { concurrency: 0 })).toThrow(/concurrency/);
    const name = queueName();
    jobs.process(name, async () => {});
    expect(() => jobs.process(name, async () => {})).toThrow(/already/);
  });
}
