import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBullMqQueue } from '../../worker/queue/bullmq-queue';
import { recordFault } from '../faults/harness/fault-table';
import { type PrivatePostgres, startPrivatePostgres } from '../faults/harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from '../faults/harness/private-redis';
import { describeWithPrivateServices } from '../faults/harness/private-services';
import { type Rig, startRig } from '../faults/harness/rig';
import { silentLog } from '../queue/queue-test-kit';
import { startRoundRobinFront } from './round-robin-front';

const RATE = 10;
const BULK = 300;
const BULK_CHAT = 8_100_000;
const BULK_TEXT = 'Nhắc học: bài mới đang chờ bạn.';
const WINDOW_MS = 5000;

/** Bulk messages (what reminders and campaigns write) left for the workers' outbox sweeps. */
async function queueBulk(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO outbound_message (platform, chat_id, priority, replies, lease_until)
       SELECT 'telegram', ($1::int + g)::text, 1, jsonb_build_array(jsonb_build_object('text', $3::text)),
              now() - interval '1 minute'
       FROM generate_series(1, $2::int) g`,
      [BULK_CHAT, BULK, BULK_TEXT],
    );
  } finally {
    await client.end();
  }
}

/**
 * The ticks a schedule ran for, from BullMQ's finished jobs: a scheduled run's id is
 * `repeat:<scheduler>:<tick ms>`, so two runs of one tick would show as the same tick twice.
 */
async function ticksOf(redisUrl: string, prefix: string, queue: string): Promise<number[]> {
  const redis = new Redis(redisUrl);
  try {
    const ids = await redis.zrange(`${prefix}:${queue}:completed`, '0', '-1');
    // The schedule's runs only (not the sweeps the test added itself).
    return ids
      .filter((id) => id.startsWith('repeat:'))
      .map((id) => Number(id.split(':').at(-1)))
      .sort((a, b) => a - b);
  } finally {
    redis.disconnect();
  }
}

const maxInWindow = (times: number[], windowMs: number) =>
  Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

describeWithPrivateServices('scale-out: two bot processes and two worker processes', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let rig: Rig | undefined;
  let front: Awaited<ReturnType<typeof startRoundRobinFront>> | undefined;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis({ persistent: true });
  });
  afterAll(async () => {
    await front?.close();
    await rig?.close();
    await redis?.close();
    await postgres?.close();
  });

  it('behind a round-robin front: nothing lost or twice, order kept, one send limit, each schedule run once', async () => {
    const startedAt = Date.now();
    rig = await startRig({
      postgres,
      redis,
      roles: ['bot', 'bot', 'worker', 'worker'],
      env: { TELEGRAM_SEND_RATE: String(RATE), ZALO_SEND_RATE: String(RATE), OUTBOX_LEASE_MS: '60000' },
    });
    const bots = () => rig!.apps.filter((app) => app.role === 'bot').map((app) => app.url);
    front = await startRoundRobinFront(bots);
    const learners = rig.learners(10);
    const traffic = rig.traffic(learners, { url: () => front!.url });
    await queueBulk(rig.databaseUrl);
    // Two sweeps at once, as a producer would add them: each worker runs one (one job at a time
    // each), so both send bulk messages at the same time and must share the bot's one limit.
    const producer = createBullMqQueue({
      redis: { url: redis.url },
      prefix: rig.env.QUEUE_PREFIX!,
      log: silentLog,
    });
    await producer.addBulk('outbox-sweep', [{ data: {} }, { data: {} }]);
    await producer.close();
    await traffic.done;
    const ledger = await rig.settle(traffic, learners);
    const telegram = rig.platforms.telegram;
    await telegram.waitFor(
      () =>
        telegram.callsOf('sendMessage').filter((call) => String(call.body.text).startsWith(BULK_TEXT))
          .length >= BULK,
      120_000,
      'every bulk message',
    );

    // Learners: every update answered once, conversations exactly as without scale-out (so in order).
    recordFault('scale-out: 2 bots + 2 workers, round-robin', ledger, { recoveryMs: 0 }, 'no fault');
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect([...front.counts.values()].every((count) => count > learners.length)).toBe(true);

    // One send limit for the bot across both workers: each bulk chat got its message once, and no
    // window saw more than the shared rate allows (its burst of RATE, then RATE a second).
    const bulk = telegram
      .callsOf('sendMessage')
      .filter((call) => String(call.body.text).startsWith(BULK_TEXT) && call.status === 200);
    expect(new Set(bulk.map((call) => call.body.chat_id)).size).toBe(BULK);
    expect(bulk).toHaveLength(BULK);
    const times = bulk.map((call) => call.at).sort((a, b) => a - b);
    const busiest = maxInWindow(times, WINDOW_MS);
    const average = (BULK - RATE) / ((times.at(-1)! - times[0]!) / 1000);
    console.log(
      `scale-out: ${BULK} bulk sends in ${((times.at(-1)! - times[0]!) / 1000).toFixed(1)} s (${average.toFixed(1)}/s, limit ${RATE}/s), busiest ${WINDOW_MS / 1000} s: ${busiest}; front: ${[...front.counts.values()].join(' / ')} requests`,
    );
    // Two separate limits would give about twice this; a quarter more allows for the fake's
    // timestamps (when it answered, not when the send was allowed) on a busy machine.
    expect(busiest).toBeLessThanOrEqual(1.25 * ((RATE * WINDOW_MS) / 1000 + RATE));
    expect(average).toBeLessThanOrEqual(RATE * 1.1);
    // Both workers sent bulk messages (so the limit above held across processes); each logs its
    // sweep once the results are recorded, just after the last send.
    const sweptBy = () =>
      rig!.apps.filter(
        (app) => app.role === 'worker' && app.logs.some((line) => line.includes('outbox sweep sent')),
      );
    const deadline = Date.now() + 30_000;
    while (sweptBy().length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sweptBy()).toHaveLength(2);

    // Each schedule ran once per period, though two workers serve its queue.
    const elapsed = Date.now() - startedAt;
    for (const [queue, everyMs] of [
      ['outbox-sweep', 10_000],
      ['inbox-sweep', 15_000],
    ] as const) {
      const ticks = await ticksOf(redis.url, rig.env.QUEUE_PREFIX!, queue);
      expect(ticks.length).toBeGreaterThan(1);
      expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / everyMs) + 1);
      const gaps = ticks.slice(1).map((at, i) => at - ticks[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(everyMs);
    }
  });
});
