import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSessions } from '../../bot/channels/web/web-session';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { createTelegramLearner } from '../support/drivers/telegram-learner';
import { createWebLearner } from '../support/drivers/web-learner';
import { createZaloLearner } from '../support/drivers/zalo-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { webSessionsOf } from '../support/web-session';

interface SeenReply {
  text: string;
  choices: string[];
}
interface ChannelLearner {
  say(text: string): Promise<SeenReply[]>;
  choose(n: number): Promise<SeenReply[]>;
}
interface ChannelUnderTest {
  platform: 'web' | 'telegram' | 'zalo';
  learner(): { learner: ChannelLearner; platformUserId: string };
}

const text = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n');
const lastChoices = (replies: SeenReply[]) =>
  [...replies].reverse().find((reply) => reply.choices.length)?.choices ?? [];

/** The same learner journey, the same expectations, on every channel: only the transport differs. */
function journeyContract(getApp: () => TestApp, channel: () => ChannelUnderTest) {
  it('onboards, teaches a lesson, grades typed and picked answers, and records them once', async () => {
    const { learner, platformUserId } = channel().learner();
    const greeting = await learner.say('/start');
    expect(text(greeting)).toContain('Xin chào');
    expect(lastChoices(greeting)).toEqual(['Đồng ý', 'Không đồng ý']);
    expect(lastChoices(await learner.choose(1))).toEqual(['Tiếng Việt', 'English']);
    const province = await learner.say('tiếng việt');
    expect(lastChoices(province)).toHaveLength(35);
    const merged = await learner.say('Nam Định');
    expect(text(merged)).toContain('Nam Định nay thuộc Ninh Bình');
    expect(lastChoices(merged)).toHaveLength(6);
    expect(lastChoices(await learner.choose(2))).toEqual(['Khóa thử']);
    expect(text(await learner.choose(1))).toContain('Bài 1/5');
    await learner.say('tiếp');
    const question = await learner.choose(1);
    expect(text(question)).toContain('Câu 1/3');
    expect(lastChoices(question)).toEqual(['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3']);
    expect(text(await learner.say('  LUA CHON 1 '))).toContain('Chính xác');
    expect(text(await learner.say('b'))).toContain('Chưa đúng');
    expect(text(await learner.choose(1))).toContain('ôn lại 1 câu');
    expect(text(await learner.say('1.'))).toContain('Đúng ngay lần đầu: 2/3');
    expect(text(await learner.say('tiến độ'))).toContain('Khóa thử: 1/5 bài');

    const prisma = getApp().app.db.prisma;
    const row = await prisma.learner.findFirstOrThrow({
      where: { platform: channel().platform, platformUserId },
    });
    expect(row).toMatchObject({ province: 'ninh-binh', audience: 'elder' });
    const answers = await prisma.answerEvent.findMany({
      where: { learnerId: row.id },
      orderBy: { id: 'asc' },
    });
    expect(answers.map((a) => [a.questionId, a.correct, a.isRetry, a.platform])).toEqual([
      ['demo/one/q1', true, false, channel().platform],
      ['demo/one/q2', false, false, channel().platform],
      ['demo/one/q3', true, false, channel().platform],
      ['demo/one/q2', true, true, channel().platform],
    ]);
  });

  it('keeps the learner in place on unexpected input and erases everything on request', async () => {
    const { learner, platformUserId } = channel().learner();
    await learner.say('/start');
    for (const weird of ['😀', '<script>alert(1)</script>', 'x'.repeat(900)]) {
      const replies = await learner.say(weird);
      expect(text(replies)).toContain('gõ 1 nếu đồng ý');
    }
    await learner.say('có');
    await learner.say('xóa dữ liệu');
    expect(text(await learner.choose(1))).toContain('Đã xóa');
    const prisma = getApp().app.db.prisma;
    expect(await prisma.learner.count({ where: { platform: channel().platform, platformUserId } })).toBe(0);
  });
}

describeWithServices('channel contract: web chat, Telegram and Zalo', { postgres: true, redis: true }, () => {
  let t: TestApp;
  let telegram: FakeTelegram;
  let zalo: FakeZaloServer;
  const telegramSecret = 'contract_secret_1';
  const zaloSecret = 'contract-zalo-secret';
  let nextId = 700_000;
  let sessions: WebSessions;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    zalo = await startFakeZaloServer();
    t = await startTestApp({
      database: 'postgres',
      redis: true,
      env: {
        // Where the platforms are told to deliver (Telegram insists on https); the test posts to t.url.
        PUBLIC_URL: 'https://hocvuso.example.vn',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: telegramSecret,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_BASE: zalo.url,
        ZALO_WEBHOOK_SECRET: zaloSecret,
      },
    });
    sessions = await webSessionsOf(t.app);
  });
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
    await zalo?.close();
  });

  const channels: ChannelUnderTest[] = [
    {
      platform: 'web',
      learner: () => {
        const { token: session, id: sessionId } = sessions.issue();
        return { learner: createWebLearner({ url: t.url, session }), platformUserId: sessionId };
      },
    },
    {
      platform: 'telegram',
      learner: () => {
        const userId = ++nextId;
        return {
          learner: createTelegramLearner({ url: t.url, secret: telegramSecret, fake: telegram, userId }),
          platformUserId: String(userId),
        };
      },
    },
    {
      platform: 'zalo',
      learner: () => {
        const userId = `zalo-${randomUUID().slice(0, 12)}`;
        return {
          learner: createZaloLearner({ url: t.url, secret: zaloSecret, fake: zalo, userId }),
          platformUserId: userId,
        };
      },
    },
  ];

  for (const channel of channels) {
    describe(channel.platform, () =>
      journeyContract(
        () => t,
        () => channel,
      ),
    );
  }
});
