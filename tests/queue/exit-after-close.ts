// Run as a child process: it must exit by itself once close() resolves, with or without REDIS_URL.
import { pino } from 'pino';
import { createJobQueue } from '../../worker/queue/create-job-queue';

const prefix = process.env.QUEUE_TEST_PREFIX ?? 'exit-test';
const url = process.env.REDIS_URL;
const jobs = createJobQueue({ redis: url ? { url } : undefined, prefix, log: pino({ level: 'silent' }) });
jobs.process('exit', async () => {}, { limiter: { max: 1, durationMs: 60_000 } });
await jobs.addBulk('exit', [{ data: 1 }, { data: 2 }]);
await jobs.add('exit-later', {}, { delayMs: 3_600_000 });
await jobs.schedule('exit-later', 'tick', { everyMs: 60_000 }, {});
await new Promise((resolve) => setTimeout(resolve, 200));
await jobs.close();
console.log(`closed ${jobs.kind}`);
