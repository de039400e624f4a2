import { afterAll, beforeAll, expect, it } from 'vitest';
import { afterFault } from './harness/after-fault';
import { type PrivatePostgres, startPrivatePostgres } from './harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from './harness/private-redis';
import { describeWithPrivateServices } from './harness/private-services';
import { type Rig, startRig } from './harness/rig';

describeWithPrivateServices('Redis restarts during traffic', () => {
  let postgres: PrivatePostgres;
  const rigs: Rig[] = [];
  const redises: PrivateRedis[] = [];
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
  });
  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    for (const redis of redises) await redis.close();
    await postgres?.close();
  });

  it('Redis with its append-only file restarts: nothing lost, nothing twice, normal again at once', async () => {
    const redis = await startPrivateRedis({ persistent: true });
    redises.push(redis);
    const rig = await startRig({ postgres, redis });
    rigs.push(rig);
    const learners = rig.learners(8);
    const traffic = rig.traffic(learners);
    await traffic.reached(learners.length * 3);
    await redis.restart(2000);
    const faultEnd = Date.now();
    const { ledger, recoveryMs } = await afterFault(
      rig,
      traffic,
      learners,
      'Redis restarted (AOF), 2 s down',
      faultEnd,
    );
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect(traffic.undelivered).toBe(0);
    expect(recoveryMs).toBeLessThan(30_000);
  });

  it('Redis restarts EMPTY: the job schedules are recreated and /readyz fails until they are', async () => {
    const redis = await startPrivateRedis({ persistent: false });
    redises.push(redis);
    const rig = await startRig({ postgres, redis });
    rigs.push(rig);
    const learners = rig.learners(8);
    const traffic = rig.traffic(learners);
    await traffic.reached(learners.length * 3);
    await redis.restart(1000);
    const faultEnd = Date.now();
    // Redis is back but holds nothing: readiness must say so (the schedules are missing).
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(200); i++) {
      const response = await fetch(`${rig.url()}/readyz`);
      await response.arrayBuffer();
      statuses.push(response.status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses).toContain(503);
    expect(rig.apps[0]!.logs.join('\n')).toMatch(/job schedules missing: .*outbox-sweep/);
    const { ledger, recoveryMs } = await afterFault(
      rig,
      traffic,
      learners,
      'Redis restarted EMPTY, 1 s down',
      faultEnd,
    );
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect(traffic.undelivered).toBe(0);
    expect(recoveryMs).toBeLessThan(30_000);
  });
});
