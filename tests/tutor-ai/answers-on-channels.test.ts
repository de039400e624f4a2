import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { createTelegramLearner } from '../support/drivers/telegram-learner';
import { createWebLearner } from '../support/drivers/web-learner';
import { createZaloLearner, zaloEnv } from '../support/drivers/zalo-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

type FakeOpenAiServer = Awaited<ReturnType<typeof startFakeOpenAiServer>>;

const TG_SECRET = 'answers-telegram-secret';
const ZALO_SECRET = 'answers-zalo-secret';
const MODEL_TEXT = 'Bạn mở Cài đặt, chọn Wi-Fi, rồi bật lên nhé.';
const QUESTION = 'làm sao để bật wifi trên điện thoại?';
const ONBOARD = ['/start', '1', '1', '0', '1'];

const texts = (replies: { text: string }[]) => replies.map((reply) => reply.text).join('\n');

async function waitFor<T>(read: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a question in the web chat, embedded default, no AI key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'pglite' });
  });
  afterAll(async () => t?.stop());

  it('is answered from the lessons, marked as such, arrives later in the page, and the lesson resumes', async () => {
    const { token: session } = await issueWebSession(t.app);
    const learner = createWebLearner({ url: t.url, session });
    for (const text of ONBOARD) await learner.say(text);
    await learner.say('1');
    const card = await learner.say('1');
    expect(texts(card)).toContain('Bài 1/5');
    expect(texts(await learner.say(QUESTION))).toContain('đang tìm');
    const later = await waitFor(async () => {
      const response = await fetch(`${t.url}/api/web-chat/messages?session=${session}`);
      const body = (await response.json()) as { replies: { text: string; choices?: { label: string }[] }[] };
      return body.replies.length > 0 ? body.replies : undefined;
    }, 'the answer');
    expect(
      later
        .at(-1)!
        .choices!.map((c) => c.label)
        .at(-1),
    ).toBe(`${later.at(-1)!.choices!.length}. ▶️ Học tiếp`);
    const row = await t.app.db.prisma.aiAnswer.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(row.source).toBe('lessons');
    const resumed = await learner.say('▶️ Học tiếp');
    expect(texts(resumed)).toContain('Bài 1/5');
  });
});

describeWithServices(
  'a question on Telegram and Zalo, PostgreSQL and Redis, with an AI key',
  { postgres: true, redis: true },
  () => {
    let t: TestApp;
    let telegram: FakeTelegram;
    let zalo: FakeZaloServer;
    let openai: FakeOpenAiServer;
    beforeAll(async () => {
      telegram = await startFakeTelegram();
      zalo = await startFakeZaloServer();
      openai = await startFakeOpenAiServer();
      openai.always({ kind: 'reply', text: MODEL_TEXT });
      t = await startTestApp({
        database: 'postgres',
        redis: true,
        env: {
          ...(await zaloEnv(zalo, { secret: ZALO_SECRET })),
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
          PUBLIC_URL: 'https://hocvuso.example.vn',
          OPENAI_API_KEY: 'sk-test-answers-on-channels',
          // The real curriculum: the question must find its lessons for the model to be asked.
          CONTENT_DIR: new URL('../../content', import.meta.url).pathname,
          OPENAI_BASE_URL: openai.url,
        },
      });
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
      await telegram?.close();
      await zalo?.close();
      await openai?.close();
    });

    it('Telegram: "typing" at once, the model’s answer with rating buttons, then back where the learner was', async () => {
      const learner = createTelegramLearner({
        url: t.url,
        secret: TG_SECRET,
        fake: telegram,
        userId: 880_001,
        settled: settledOf(t.app),
      });
      for (const text of ONBOARD) await learner.say(text);
      expect(texts(await learner.say(QUESTION))).toContain('đang tìm');
      expect(telegram.callsOf('sendChatAction').length).toBeGreaterThan(0);
      await telegram.waitFor(
        () => telegram.sentTo(880_001).some((message) => message.text.includes(MODEL_TEXT)),
        20_000,
        'the answer',
      );
      const request = openai.requests.at(-1)!;
      expect(request.body.messages[0]!.role).toBe('system');
      expect(request.raw).toContain('lesson passages');
      expect(request.raw).toContain(QUESTION);
      const answer = telegram.sentTo(880_001).at(-1)!;
      expect(answer.text).toContain('Xem thêm');
      // Long labels move into the message as a numbered list, under short number buttons.
      expect(answer.text).toContain('👍 Hữu ích');
      expect(answer.text).toContain('▶️ Học tiếp');
      expect(answer.reply_markup!.inline_keyboard.flat().length).toBeGreaterThanOrEqual(3);
      const rated = await learner.choose(1);
      expect(texts(rated)).toContain('Cảm ơn');
      const row = await t.app.db.prisma.aiAnswer.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
      expect(row).toMatchObject({ source: 'ai', rating: 'up' });
      const state = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: '880001' } });
      expect((state.state as { step: { at: string } }).step.at).toBe('menu');
    });

    it('Zalo: the answer comes as numbered lines, and "Học tiếp" brings the learner back', async () => {
      const learner = createZaloLearner({
        url: t.url,
        secret: ZALO_SECRET,
        fake: zalo,
        userId: 'ask-zalo-1',
        settled: settledOf(t.app),
      });
      for (const text of ONBOARD) await learner.say(text);
      await learner.say(QUESTION);
      await waitFor(
        async () => (zalo.messages('ask-zalo-1').some((m) => m.text.includes(MODEL_TEXT)) ? true : undefined),
        'the answer',
      );
      const menu = await learner.say('học tiếp');
      expect(texts(menu)).toContain('khóa học');
    });
  },
);
