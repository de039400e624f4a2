import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFault } from './harness/fault-table';
import { type PrivatePostgres, startPrivatePostgres } from './harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from './harness/private-redis';
import { describeWithPrivateServices } from './harness/private-services';
import { type Rig, startRig } from './harness/rig';

describeWithPrivateServices('kill -9 under load (a bot process and a worker process)', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  const rigs: Rig[] = [];
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis({ persistent: true });
  });
  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    await redis?.close();
    await postgres?.close();
  });

  for (const [name, index] of [
    ['bot', 0],
    ['worker', 1],
  ] as const) {
    it(`kill -9 the ${name} process mid-traffic, a supervisor starts it again: nothing lost or twice`, async () => {
      const rig = await startRig({ postgres, redis, roles: ['bot', 'worker'] });
      rigs.push(rig);
      const learners = rig.learners(8);
      const traffic = rig.traffic(learners);
      await traffic.reached(learners.length * 4);
      const killedAt = Date.now();
      await rig.killAndRestart(index);
      const restartMs = Date.now() - killedAt;
      const recoveryMs = await rig.recoveredAfter(killedAt);
      await traffic.done;
      const ledger = await rig.settle(traffic, learners, 90_000);
      recordFault(
        `kill -9 ${name} process under load`,
        ledger,
        {
          recoveryMs,
          allRepliesMs: ledger.settledAt - killedAt,
        },
        `restart took ${(restartMs / 1000).toFixed(1)} s`,
      );
      expect(ledger).toMatchObject({ lost: 0, answersTwice: 0, garbled: 0, unsent: 0 });
      // A reply whose send had left the process but whose result was not yet recorded when it died
      // is sent again by the outbox sweep (at least once): at most one turn's reply per learner.
      if (name === 'worker') expect(ledger.details).toEqual([]);
      expect(ledger.messagesTwice).toBeLessThanOrEqual(learners.length);
      expect(traffic.undelivered).toBe(0);
      // Once the supervisor has started it again (that takes as long as the machine takes to
      // start a process), normal within seconds.
      expect(recoveryMs - restartMs).toBeLessThan(30_000);
    });
  }
});
