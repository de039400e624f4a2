import { afterAll, beforeAll, expect, it } from 'vitest';
import { afterFault } from './harness/after-fault';
import { telegramLearner } from './harness/platforms';
import { type PrivatePostgres, startPrivatePostgres } from './harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from './harness/private-redis';
import { describeWithPrivateServices } from './harness/private-services';
import { type Rig, startRig } from './harness/rig';

const FREEZE_MS = 30_000;

async function timed(work: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  try {
    const response = await work();
    await response.arrayBuffer();
    return { status: response.status, ms: Date.now() - started };
  } catch {
    return { status: 0, ms: Date.now() - started };
  }
}

describeWithPrivateServices('PostgreSQL restarted or frozen during traffic', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  const rigs: Rig[] = [];
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis({ persistent: true });
  });
  afterAll(async () => {
    postgres?.thaw();
    for (const rig of rigs) await rig.close();
    await redis?.close();
    await postgres?.close();
  });

  it('PostgreSQL restarts (crash, 3 s down): webhooks get a 5xx meanwhile, then nothing lost or twice', async () => {
    const rig = await startRig({ postgres, redis });
    rigs.push(rig);
    const learners = rig.learners(8);
    const traffic = rig.traffic(learners);
    await traffic.reached(learners.length * 3);
    await postgres.restart(3000);
    const faultEnd = Date.now();
    const { ledger, recoveryMs } = await afterFault(
      rig,
      traffic,
      learners,
      'PostgreSQL restarted (crash), 3 s down',
      faultEnd,
    );
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect(traffic.undelivered).toBe(0);
    expect(recoveryMs).toBeLessThan(30_000);
  });

  it('PostgreSQL frozen for 30 s: webhooks get a 5xx within seconds, /readyz fails fast, nothing lost after', async () => {
    // The default outbox lease (60 s): send results are recorded once the database answers again,
    // so no reply is sent twice. (With the tests' 5 s lease the sweep would re-send them.)
    const rig = await startRig({ postgres, redis, env: { OUTBOX_LEASE_MS: '60000' } });
    rigs.push(rig);
    const learners = rig.learners(8);
    const traffic = rig.traffic(learners);
    await traffic.reached(learners.length * 3);
    postgres.freeze();
    const frozenAt = Date.now();
    try {
      // While frozen: a new update and readiness, each answered (refused) within seconds.
      const probe = telegramLearner(rig.platforms, 9_900_001);
      const [webhook, ready] = await Promise.all([
        timed(() =>
          fetch(`${rig.url()}/webhooks/telegram`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-telegram-bot-api-secret-token': rig.env.TELEGRAM_WEBHOOK_SECRET!,
            },
            body: JSON.stringify(probe.update('/start')),
          }),
        ),
        timed(() => fetch(`${rig.url()}/readyz`)),
      ]);
      expect(webhook.status).toBeGreaterThanOrEqual(500);
      expect(webhook.ms).toBeLessThan(10_000);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(5_000);
      const late = await timed(() => fetch(`${rig.url()}/readyz`));
      expect(late).toMatchObject({ status: 503 });
      expect(late.ms).toBeLessThan(5_000);
      console.log(
        `frozen PostgreSQL: webhook refused (${webhook.status}) in ${webhook.ms} ms, /readyz 503 in ${ready.ms} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, frozenAt + FREEZE_MS - Date.now())));
    } finally {
      postgres.thaw();
    }
    const faultEnd = Date.now();
    const { ledger, recoveryMs } = await afterFault(
      rig,
      traffic,
      learners,
      'PostgreSQL frozen (SIGSTOP) 30 s',
      faultEnd,
    );
    // Known issue (see the README's Faults section): after a 30 s freeze a few learners' replies can
    // arrive in a different order than they were answered in (`garbled`, counted in the table).
    // What this scenario requires holds: nothing lost, nothing twice, every message sent.
    if (ledger.details.length > 0) console.log(ledger.details.join('\n'));
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, unsent: 0 });
    expect(traffic.undelivered).toBe(0);
    expect(traffic.slowestRefusalMs).toBeLessThan(10_000);
    expect(recoveryMs).toBeLessThan(30_000);
  });
});
