import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localToday } from '../../bot/stats/local-days';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { createZaloLearner, zaloEnv } from '../support/drivers/zalo-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'zalo-webhook-secret-2';

/** Tomorrow (local) at hh:mm, from the real today the learner studied on. */
function tomorrowAt(time: string): Date {
  const today = localToday(new Date(), 'Asia/Ho_Chi_Minh');
  return new Date(new Date(`${today}T${time}:00+07:00`).getTime() + 24 * 3600_000);
}

/** Zalo has no buttons: the reminder's choices are numbered lines and the learner types the number. */
describeWithServices('a reminder on Zalo (PostgreSQL, BullMQ)', { postgres: true, redis: true }, () => {
  let fake: FakeZaloServer;
  let t: TestApp;
  let clock = new Date();
  beforeAll(async () => {
    fake = await startFakeZaloServer();
    t = await startTestApp({
      database: 'postgres',
      redis: true,
      env: await zaloEnv(fake, { secret: SECRET }),
      now: () => clock,
    });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('arrives as numbered lines at the hour, and typing the number continues the lesson', async () => {
    const userId = `u-${randomBytes(6).toString('hex')}`;
    const l = createZaloLearner({ url: t.url, secret: SECRET, fake, userId, settled: settledOf(t.app) });
    for (const text of ['/start', 'đồng ý', 'tieng viet', '0', 'nguoi dan', '1', 'tiếp']) await l.say(text);
    expect((await l.say('nhắc nhở')).at(-1)!.text).toContain('chưa đặt giờ nhắc');
    expect((await l.say('8 giờ tối')).map((r) => r.text).join('\n')).toContain('lúc 20:00 mỗi ngày');

    const before = fake.messages(userId).length;
    clock = tomorrowAt('20:01');
    await t.app.queue.add('reminder-tick', {});
    await fake.waitFor(() => fake.messages(userId).length > before, 10_000);
    const nudge = fake.messages(userId).at(-1)!.text;
    expect(nudge).toContain('Đến giờ học rồi');
    expect(nudge).toContain('1. ▶️ Học tiếp\n2. ⏰ Đổi giờ nhắc\n👉 Trả lời 1 hoặc 2');
    expect((await l.say('1')).map((r) => r.text).join('\n')).toContain('Thẻ hai.');
  });
});
