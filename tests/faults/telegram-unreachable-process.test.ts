import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFault } from './harness/fault-table';
import { type Platforms, startPlatforms } from './harness/platforms';
import { type PrivatePostgres, startPrivatePostgres } from './harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from './harness/private-redis';
import { describeWithPrivateServices } from './harness/private-services';
import { type Rig, startRig } from './harness/rig';

const readiness = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { channels?: Record<string, string> } };
};

describeWithPrivateServices('Telegram unreachable at start (app process, PostgreSQL, Redis)', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let platforms: Platforms;
  let rig: Rig | undefined;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis({ persistent: true });
    platforms = await startPlatforms({ telegramLater: true });
  });
  afterAll(async () => {
    await rig?.close();
    await platforms?.close();
    await redis?.close();
    await postgres?.close();
  });

  it('keeps running, serves Zalo and the web chat, names Telegram in /readyz, and brings it up when reachable', async () => {
    const startedAt = Date.now();
    rig = await startRig({ postgres, redis, platforms, controls: ['zalo'] });
    const app = rig.apps[0]!;
    expect(await readiness(rig.url())).toEqual({
      status: 200,
      body: { status: 'ready', channels: { web: 'up', telegram: 'connecting', zalo: 'up' } },
    });

    const zalo = rig.learners(6).filter((learner) => learner.channel === 'zalo');
    const traffic = rig.traffic(zalo);
    const web = await fetch(`${rig.url()}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: `web-${randomUUID()}`, text: '/start' }),
    });
    expect(web.status).toBe(200);
    await traffic.done;
    // Long past the ~2 s after which it used to exit: still running.
    expect(app.child.exitCode).toBeNull();
    expect(app.child.signalCode).toBeNull();

    await platforms.startTelegram();
    const faultEnd = Date.now();
    await platforms.telegram.waitFor(() => platforms.telegram.webhook !== undefined, 60_000, 'the webhook');
    const recoveryMs = await rig.recoveredAfter(faultEnd, 'telegram');
    expect((await readiness(rig.url())).body.channels).toEqual({ web: 'up', telegram: 'up', zalo: 'up' });
    await rig.learnExpected('telegram');
    const telegram = rig.learners(6).filter((learner) => learner.channel === 'telegram');
    const later = rig.traffic(telegram);
    await later.done;
    const ledger = await rig.settle({ ...later, delivered: later.delivered + traffic.delivered }, [
      ...zalo,
      ...telegram,
    ]);
    recordFault(
      'Telegram unreachable at start',
      ledger,
      { recoveryMs },
      `Telegram down ${((faultEnd - startedAt) / 1000).toFixed(0)} s; Zalo and web chat served meanwhile`,
    );
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect(traffic.undelivered + later.undelivered).toBe(0);
    expect(recoveryMs).toBeLessThan(30_000);
  });
});
