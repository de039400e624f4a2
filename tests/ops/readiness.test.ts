import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithServices, TEST_POSTGRES_URL, TEST_REDIS_URL } from '../helpers/services';
import { createPostgresDatabase, startTestApp, type TestApp } from '../support/test-app';
import { startTcpProxy } from './tcp-proxy';

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;

describeWithServices(
  '/readyz when PostgreSQL or Redis is unreachable',
  { postgres: true, redis: true },
  () => {
    let t: TestApp;
    let postgres: Proxy;
    let redis: Proxy;
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    const status = async () => (await fetch(`${t.url}/readyz`)).status;
    const until = async (want: number) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        if ((await status()) === want) return want;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return status();
    };

    beforeAll(async () => {
      database = await createPostgresDatabase();
      postgres = await startTcpProxy(TEST_POSTGRES_URL);
      redis = await startTcpProxy(TEST_REDIS_URL);
      t = await startTestApp({
        database: 'postgres',
        reuse: { databaseUrl: postgres.url(database.url) },
        env: { REDIS_URL: redis.url(TEST_REDIS_URL) },
      });
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
      await postgres?.close();
      await redis?.close();
      await database?.drop();
    });

    it('is 503 while PostgreSQL is away and ready again once it is back', async () => {
      expect(await status()).toBe(200);
      await postgres.cut();
      expect(await until(503)).toBe(503);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await postgres.restore();
      expect(await until(200)).toBe(200);
    });

    it('is 503 while Redis is away and ready again once it is back', async () => {
      expect(await status()).toBe(200);
      await redis.cut();
      expect(await until(503)).toBe(503);
      await redis.restore();
      expect(await until(200)).toBe(200);
    });
  },
);
