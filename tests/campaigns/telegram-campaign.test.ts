import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { deleteRedisKeys, describeWithServices } from '../helpers/services';
import { nextUpdateId, updates } from '../support/drivers/telegram-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADMIN_KEY, api, seedLearners, until } from './campaign-kit';

const RECIPIENTS = 3_000;
const FIRST_CHAT = 700_000;
const TEXT = 'Tuần này: cách nhận diện cuộc gọi giả danh công an.';

describeWithServices('a campaign on Telegram at the platform limit', { postgres: true, redis: true }, () => {
  let fake: FakeTelegram;
  let test: TestApp;
  let call: ReturnType<typeof api>;
  let ids: number[];
  const blocked = [3, 500, 1_234, 2_999].map((n) => FIRST_CHAT + n);

  beforeAll(async () => {
    fake = await startFakeTelegram({ record: false, limits: { perSecond: 30, perChatPerSecond: 1 } });
    test = await startTestApp({
      database: 'postgres',
      redis: true,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_SEND_RATE: '30',
        ADMIN_API_KEY: ADMIN_KEY,
        QUIET_HOURS: '',
      },
    });
    call = api(test.url);
    ids = await seedLearners(test.app.db.prisma, {
      count: RECIPIENTS + 20,
      platform: 'telegram',
      firstChat: FIRST_CHAT,
    });
    // Outside the campaign for good: 10 stopped broadcasts, 10 blocked the bot earlier.
    await test.app.db.prisma.learner.updateMany({
      where: { id: { in: ids.slice(RECIPIENTS, RECIPIENTS + 10) } },
      data: { optedOutAt: new Date() },
    });
    await test.app.db.prisma.learner.updateMany({
      where: { id: { in: ids.slice(RECIPIENTS + 10) } },
      data: { unreachableAt: new Date() },
    });
    for (const chat of blocked) fake.block(chat);
  }, 60_000);

  afterAll(async () => {
    await test?.stop();
    await fake?.close();
    if (test) await deleteRedisKeys(`${test.env.QUEUE_PREFIX}:*`);
  });

  it('reaches every reachable learner exactly once, marks the blocked ones, with no 429 storm', async () => {
    const created = await call<{ id: number; status: string; recipients: number }>('POST', '/campaigns', {
      name: 'Giả danh công an',
      text: TEXT,
      segment: { platforms: ['telegram'] },
      choices: [{ label: 'Học ngay', courseId: 'demo' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', recipients: RECIPIENTS });
    const id = created.body.id;
    const sent = await call<{ status: string }>('POST', `/campaigns/${id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sending');

    const report = await until(
      async () => {
        const { body } = await call<{ status: string; counts: Record<string, unknown> }>(
          'GET',
          `/campaigns/${id}`,
        );
        return body.status === 'done' ? body : undefined;
      },
      240_000,
      'the campaign to finish',
    );
    expect(report.counts).toMatchObject({
      sent: RECIPIENTS - blocked.length,
      failed: { blocked: blocked.length, 'rate-limited': 0, 'too-long': 0, other: 0 },
      unknown: 0,
      queued: 0,
    });
    for (let n = 0; n < RECIPIENTS + 20; n++) {
      const got = fake.sentTo(FIRST_CHAT + n).filter((message) => message.text.includes('giả danh công an'));
      expect(got.length, `chat ${FIRST_CHAT + n}`).toBe(
        n < RECIPIENTS && !blocked.includes(FIRST_CHAT + n) ? 1 : 0,
      );
    }
    expect(fake.limited).toBeLessThanOrEqual(Math.ceil(RECIPIENTS * 0.01));
    const unreachable = await test.app.db.prisma.learner.count({
      where: { id: { in: ids.slice(0, RECIPIENTS) }, unreachableAt: { not: null } },
    });
    expect(unreachable).toBe(blocked.length);
    const failed = await call<string>('GET', `/campaigns/${id}/deliveries?status=failed&format=csv`);
    expect(failed.body.trim().split('\r\n')).toHaveLength(1 + blocked.length);

    // A learner taps "Học ngay": the lesson opens and they count as engaged.
    const chat = FIRST_CHAT + 10;
    const message = fake.sentTo(chat).at(-1)!;
    const button = message.reply_markup!.inline_keyboard[0]![0]!;
    expect(button.text).toBe('Học ngay');
    const user = { id: chat, is_bot: false as const, first_name: 'Bà Lan' };
    fake.enqueue(updates.press(user, message, button.callback_data!, nextUpdateId()));
    await fake.waitFor(() => fake.sentTo(chat).length > 1, 15_000, 'the lesson to open');
    expect(fake.sentTo(chat).at(-1)!.text).toMatch(/Bài 1/);
    const engaged = await until(
      async () => {
        const { body } = await call<{ counts: { engaged: number } }>('GET', `/campaigns/${id}`);
        return body.counts.engaged === 1 ? body.counts.engaged : undefined;
      },
      10_000,
      'the engagement to be counted',
    );
    expect(engaged).toBe(1);
  }, 300_000);
});
