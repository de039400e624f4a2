import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteRedisKeys, describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';

const ADMIN_KEY = 'rate-limit-admin-key-0123456789';

describeWithServices(
  'rate limits on the admin API and sign-in, shared through Redis',
  { postgres: true, redis: true },
  () => {
    let a: TestApp;
    let b: TestApp;
    const prefix = `rl-${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      const env = { ADMIN_API_KEY: ADMIN_KEY, ADMIN_API_RATE: '5', SIGN_IN_RATE: '3', QUEUE_PREFIX: prefix };
      a = await startTestApp({ database: 'postgres', redis: true, role: 'bot', env });
      b = await startTestApp({
        database: 'postgres',
        redis: true,
        role: 'bot',
        env,
        reuse: { databaseUrl: a.env.DATABASE_URL! },
      });
    }, 60_000);
    afterAll(async () => {
      await b?.stop();
      await a?.stop();
      await deleteRedisKeys(`${prefix}:*`);
    });

    const overview = (t: TestApp) =>
      fetch(`${t.url}/api/v1/stats/overview`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });

    it('answers 429 with a polite message past ADMIN_API_RATE per minute, counting every process', async () => {
      for (let i = 0; i < 3; i++) expect((await overview(a)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await overview(b)).status).toBe(200);
      const refused = await overview(b);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { message: string }).message).toContain('Bạn gửi nhanh quá');
      expect((await overview(a)).status).toBe(429);
    });

    it('slows down sign-in attempts past SIGN_IN_RATE per minute', async () => {
      const signIn = () =>
        fetch(`${a.url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'key=hv_not-a-real-key',
          redirect: 'manual',
        });
      for (let i = 0; i < 3; i++) expect((await signIn()).status).not.toBe(429);
      expect((await signIn()).status).toBe(429);
    });

    it('leaves the web chat and the probes alone', async () => {
      for (let i = 0; i < 8; i++) expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    });
  },
);
