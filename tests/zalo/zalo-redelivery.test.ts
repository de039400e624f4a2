import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { waitUntilSettled } from '../support/settled';
import { createPostgresDatabase, startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'redelivery-webhook-secret';

describeWithServices(
  'Zalo redeliveries across processes and restarts',
  { postgres: true, redis: true },
  () => {
    let fake: FakeZaloServer;
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    const apps: TestApp[] = [];
    const start = async () => {
      const app = await startTestApp({
        database: 'postgres',
        redis: true,
        reuse: { databaseUrl: database.url },
        env: await zaloEnv(fake, { secret: SECRET }),
      });
      apps.push(app);
      return app;
    };
    const post = (app: TestApp, event: unknown) =>
      fetch(`${app.url}/webhooks/zalo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
        body: JSON.stringify(event),
      }).then(async (response) => ((await response.json()) as { received: string }).received);

    beforeAll(async () => {
      fake = await startFakeZaloServer();
      database = await createPostgresDatabase();
    });
    afterAll(async () => {
      for (const app of apps) await app.stop();
      await database?.drop();
      await fake?.close();
    });

    it('answers an event delivered to two bot processes at once, and again after a restart, exactly once', async () => {
      const [a, b] = [await start(), await start()];
      const userId = `r-${randomBytes(5).toString('hex')}`;
      const event = zaloUpdate({ userId, extra: { text: '/start' } });
      const received = await Promise.all([post(a, event), post(b, event), post(a, event), post(b, event)]);
      expect(received.sort()).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate']);
      // The greeting and the consent question arrive joined, as one message.
      await fake.waitFor(() => fake.messages(userId).length >= 1);

      await a.stop();
      const restarted = await start();
      expect(await post(restarted, event)).toBe('duplicate');
      expect(await post(b, event)).toBe('duplicate');
      await waitUntilSettled([b.app, restarted.app]);
      expect(fake.messages(userId).map((m) => m.text)).toEqual([
        expect.stringMatching(/^Xin chào[\s\S]*\n\nĐể nhớ bạn đã học đến đâu[\s\S]*👉 Trả lời 1 hoặc 2$/),
      ]);
      const prisma = restarted.app.db.prisma;
      expect(await prisma.inboundMessage.count({ where: { platformUserId: userId } })).toBe(1);
      expect(await prisma.learner.count({ where: { platformUserId: userId } })).toBe(1);
    });
  },
);
