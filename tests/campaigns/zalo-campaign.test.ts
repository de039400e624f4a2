import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { deleteRedisKeys, describeWithServices } from '../helpers/services';
import { createZaloLearner, zaloEnv } from '../support/drivers/zalo-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADMIN_KEY, api, seedLearners, until } from './campaign-kit';

const SECRET = 'zalo-campaign-secret';
const RECIPIENTS = 300;
const FIRST_CHAT = 930_000;

describeWithServices(
  'a campaign on Zalo (numbered choices, typed answers)',
  { postgres: true, redis: true },
  () => {
    let fake: FakeZaloServer;
    let test: TestApp;
    let call: ReturnType<typeof api>;

    beforeAll(async () => {
      fake = await startFakeZaloServer();
      test = await startTestApp({
        database: 'postgres',
        redis: true,
        env: {
          ...(await zaloEnv(fake, { secret: SECRET })),
          ZALO_SEND_RATE: '40',
          ADMIN_API_KEY: ADMIN_KEY,
          QUIET_HOURS: '',
        },
      });
      call = api(test.url);
      await seedLearners(test.app.db.prisma, { count: RECIPIENTS, platform: 'zalo', firstChat: FIRST_CHAT });
      fake.block(String(FIRST_CHAT + 7));
    }, 60_000);
    afterAll(async () => {
      await test?.stop();
      await fake?.close();
      if (test) await deleteRedisKeys(`${test.env.QUEUE_PREFIX}:*`);
    });

    it('reaches everyone once through 429s, marks the blocked, and a typed "1" opens the lesson', async () => {
      // Zalo publishes no limit: the platform pushes back twice, the bot slows down and carries on.
      fake.failNext(2, { status: 429, retryAfter: 1 });
      const { body } = await call<{ id: number }>('POST', '/campaigns', {
        name: 'Zalo',
        text: 'Tuần này: cách nhận diện cuộc gọi giả danh công an.',
        segment: { platforms: ['zalo'] },
        choices: [{ label: 'Học ngay', courseId: 'demo' }],
      });
      await call('POST', `/campaigns/${body.id}/send`);
      const report = await until(
        async () => {
          const r = await call<{
            status: string;
            counts: { sent: number; failed: { blocked: number }; unknown: number };
          }>('GET', `/campaigns/${body.id}`);
          return r.body.status === 'done' ? r.body : undefined;
        },
        120_000,
        'the campaign to finish',
      );
      expect(report.counts).toMatchObject({ sent: RECIPIENTS - 1, failed: { blocked: 1 }, unknown: 0 });
      for (let n = 0; n < RECIPIENTS; n++) {
        const got = fake.messages(String(FIRST_CHAT + n)).filter((m) => m.text.includes('giả danh công an'));
        expect(got.length, `chat ${FIRST_CHAT + n}`).toBe(n === 7 ? 0 : 1);
      }
      const shown = fake.messages(String(FIRST_CHAT + 3))[0]!.text;
      expect(shown).toContain('1. Học ngay');

      const learner = createZaloLearner({
        url: test.url,
        settled: settledOf(test.app),
        secret: SECRET,
        fake,
        userId: String(FIRST_CHAT + 3),
      });
      const opened = await learner.say('1');
      expect(opened.map((reply) => reply.text).join('\n')).toMatch(/Bài 1/);
      await until(
        async () => {
          const r = await call<{ counts: { engaged: number } }>('GET', `/campaigns/${body.id}`);
          return r.body.counts.engaged === 1 ? true : undefined;
        },
        10_000,
        'the engagement to be counted',
      );
    }, 180_000);
  },
);
