import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordFault } from './harness/fault-table';
import { type PrivatePostgres, startPrivatePostgres } from './harness/private-postgres';
import { type PrivateRedis, startPrivateRedis } from './harness/private-redis';
import { describeWithPrivateServices } from './harness/private-services';
import { type Rig, startRig } from './harness/rig';
import { SCRIPT } from './harness/traffic';

const SESSION_RATE = 20;

/** One web-chat message: its status and how long the answer took. */
async function say(
  url: string,
  session: string,
  text: string,
): Promise<{ status: number; ms: number; session: string }> {
  const started = Date.now();
  const response = await fetch(`${url}/api/web-chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session, text }),
    signal: AbortSignal.timeout(30_000),
  });
  // The server issues sessions: keep the one it answers with, as the page and API clients do.
  const body = (await response.json().catch(() => ({}))) as { session?: string };
  return { status: response.status, ms: Date.now() - started, session: body.session ?? session };
}

describeWithPrivateServices('Redis down during web chat', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let rig: Rig | undefined;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis({ persistent: true });
  });
  afterAll(async () => {
    await rig?.close();
    await redis?.close();
    await postgres?.close();
  });

  it('web chat answers at once without Redis, its limit falls back to this process, the channels go on', async () => {
    rig = await startRig({
      postgres,
      redis,
      env: { WEB_CHAT_SESSION_RATE: String(SESSION_RATE), WEB_CHAT_CLIENT_RATE: '100000' },
    });
    const learners = rig.learners(6);
    const traffic = rig.traffic(learners);
    await traffic.reached(learners.length * 2);
    await redis.stop();
    const downAt = Date.now();

    // Ten web learners go through the whole script while Redis is away.
    const web = await Promise.all(
      Array.from({ length: 10 }, async () => {
        let session = `web-${randomUUID()}`;
        const answers = [];
        for (const text of SCRIPT) {
          const answer = await say(rig!.url(), session, text);
          session = answer.session;
          answers.push(answer);
        }
        return answers;
      }),
    );
    const all = web.flat();
    expect(all.map((answer) => answer.status)).toEqual(all.map(() => 200));
    const slowest = Math.max(...all.map((answer) => answer.ms));
    expect(slowest).toBeLessThan(3000);

    // The per-session limit still holds, counted in this process: message SESSION_RATE + 1 is refused.
    let hammer = `web-${randomUUID()}`;
    const burst = [];
    for (let i = 0; i < SESSION_RATE + 2; i++) {
      const answer = await say(rig.url(), hammer, '/help');
      hammer = answer.session;
      burst.push(answer);
    }
    expect(burst.slice(0, SESSION_RATE).map((answer) => answer.status)).toEqual(
      Array(SESSION_RATE).fill(200),
    );
    expect(burst.slice(SESSION_RATE).map((answer) => answer.status)).toEqual([429, 429]);
    expect(Math.max(...burst.map((answer) => answer.ms))).toBeLessThan(3000);
    const downForMs = Date.now() - downAt;

    await redis.start();
    const faultEnd = Date.now();
    const recoveryMs = await rig.recoveredAfter(faultEnd);
    await traffic.done;
    const ledger = await rig.settle(traffic, learners);
    recordFault(
      'Redis down during web chat',
      ledger,
      { recoveryMs, allRepliesMs: ledger.settledAt - faultEnd },
      `${(downForMs / 1000).toFixed(0)} s down; ${all.length} web messages all answered, slowest ${slowest} ms`,
    );
    expect(ledger.details).toEqual([]);
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, garbled: 0, unsent: 0 });
    expect(traffic.undelivered).toBe(0);
    expect(recoveryMs).toBeLessThan(30_000);
  });
});
