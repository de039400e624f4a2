import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { describeWithServices } from '../helpers/services';
import { createTelegramLearner, type SeenReply } from '../support/drivers/telegram-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';

const TOKEN = '424242:JOURNEY-token_abcdefghijklmnopq';
const SECRET = 'journey-secret_abcdefgh';
const texts = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n---\n');
type Learner = ReturnType<typeof createTelegramLearner>;

/** Onboarding, a whole lesson (buttons and typed answers), progress, stop, delete: checked on the fake and in the database. */
async function fullJourney(t: TestApp, fake: FakeTelegram, learner: Learner): Promise<void> {
  const prisma = t.app.db.prisma;
  const userId = String(learner.user.id);
  let r = await learner.say('/start clb_phuong7');
  expect(r[0]!.text).toMatch(/^Xin chào Lan Nguyễn! 👋/);
  expect(r.at(-1)!.choices).toEqual(['Đồng ý', 'Không đồng ý']);
  const consent = fake.sentTo(learner.user.id).at(-1)!;

  r = await learner.choose(1);
  expect(texts(r)).toContain('Bạn muốn học bằng ngôn ngữ nào?');
  expect(r.at(-1)!.choices).toEqual(['Tiếng Việt', 'English']);
  await fake.waitFor(
    () => !fake.message(learner.user.id, consent.message_id)!.reply_markup,
    5000,
    'the pressed keyboard to go',
  );
  expect(fake.message(learner.user.id, consent.message_id)!.text).toMatch(/\n\n✔️ Đồng ý$/);

  // The confirmation has no buttons: it runs on into the province question, whose keyboard sits under both.
  r = await learner.choose(1);
  expect(r).toHaveLength(1);
  expect(r[0]!.text).toBe(
    'Đã chọn tiếng Việt.\n\nBạn đang sống ở tỉnh/thành nào? Gõ tên (ví dụ: Nghệ An) hoặc số trong danh sách. Gõ 0 để bỏ qua.',
  );
  expect(r[0]!.choices).toContain('Hà Nội');
  r = await learner.say('<i>Xã & "phường" 1</i>');
  expect(r[0]!.text).toContain('Mình chưa tìm thấy “<i>Xã & "phường" 1</i>”');
  r = await learner.say('Hà Nội');
  expect(r.at(-1)!.choices).toContain('Người cao tuổi');
  r = await learner.choose(1);
  expect(texts(r)).toContain('Cảm ơn bạn! Giờ mình bắt đầu học nhé.');
  expect(r.at(-1)!.choices).toEqual(['Khóa thử']);

  r = await learner.choose(1);
  expect(r.at(-1)!.text).toMatch(/^📖 Bài 1\/5: Bài one \(1\/2\)/);
  r = await learner.choose(1);
  expect(r.at(-1)!.choices).toEqual(['Làm câu hỏi ✍️']);
  r = await learner.choose(1);
  expect(r.at(-1)!.text).toMatch(/^❓ Câu 1\/3/);
  expect(r.at(-1)!.choices).toEqual(['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3']);
  // The feedback and the next question arrive as one message, the question's buttons under both.
  r = await learner.choose(1);
  expect(r).toEqual([
    {
      text: '✅ Chính xác!\nLý do: Vì sao.\n\n❓ Câu 2/3\nCâu hỏi 2?',
      choices: ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'],
    },
  ]);
  r = await learner.say('2');
  expect(r[0]!.text).toMatch(/^❌ Chưa đúng./);
  r = await learner.choose(1);
  expect(texts(r)).toContain('🔁 Mình ôn lại 1 câu');
  r = await learner.choose(1);
  expect(texts(r)).toContain('🎉 Bạn đã học xong bài “Bài one”! Đúng ngay lần đầu: 2/3 câu.');

  const row = await prisma.learner.findFirstOrThrow({
    where: { platform: 'telegram', platformUserId: userId },
  });
  expect(row).toMatchObject({
    chatId: userId,
    displayName: 'Lan Nguyễn',
    referralCode: 'clb_phuong7',
    province: 'ha-noi',
  });
  expect(await prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(4);
  expect(await prisma.answerEvent.count({ where: { learnerId: row.id, isRetry: true, correct: true } })).toBe(
    1,
  );
  const progress = await prisma.lessonProgress.findFirstOrThrow({
    where: { learnerId: row.id, lessonId: 'one' },
  });
  expect(progress).toMatchObject({ correctCount: 2, questionCount: 3 });
  expect(progress.completedAt).toBeInstanceOf(Date);

  r = await learner.say('tiến độ');
  expect(r[0]!.text).toContain('📊 Tiến độ của bạn:');
  expect(r[0]!.text).toContain('Khóa thử: 1/5 bài');
  r = await learner.say('/stop');
  expect(r[0]!.text).toMatch(/^Đã ngừng gửi nhắc nhở/);
  expect((await prisma.learner.findUniqueOrThrow({ where: { id: row.id } })).optedOutAt).toBeInstanceOf(Date);
  r = await learner.say('/delete');
  expect(r.at(-1)!.choices).toEqual(['Xóa dữ liệu', 'Không, giữ lại']);
  r = await learner.choose(1);
  expect(r[0]!.text).toMatch(/^Đã xóa toàn bộ dữ liệu/);
  expect(await prisma.learner.count({ where: { platformUserId: userId } })).toBe(0);
  expect(await prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(0);

  // Every press was answered, and nothing the bot sent was rejected by Telegram's validation.
  const presses = fake
    .callsOf('answerCallbackQuery')
    .filter((c) => c.body.callback_query_id.startsWith('cq-'));
  expect(presses).toHaveLength(10);
  expect(fake.calls.filter((c) => c.status !== 200)).toEqual([]);
}

function journeySuite(mode: 'webhook' | 'polling', database: 'postgres' | 'pglite', userId: number) {
  let fake: FakeTelegram;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    t = await startTestApp({
      database,
      redis: database === 'postgres',
      env: {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        PUBLIC_URL: 'https://hocvuso.example.vn',
        ...(mode === 'webhook' ? { TELEGRAM_WEBHOOK_SECRET: SECRET } : {}),
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it(`a learner goes from /start through a lesson to progress, stop and delete (${mode}, ${database})`, async () => {
    expect(fake.webhook?.url).toBe(
      mode === 'webhook' ? 'https://hocvuso.example.vn/webhooks/telegram' : undefined,
    );
    const learner = createTelegramLearner({
      url: mode === 'webhook' ? t.url : undefined,
      secret: SECRET,
      fake,
      userId,
      firstName: 'Lan',
      lastName: 'Nguyễn',
      settled: settledOf(t.app),
    });
    await fullJourney(t, fake, learner);
    if (mode === 'polling') expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
  }, 60_000);

  if (mode === 'polling') {
    it('stops polling cleanly on shutdown', async () => {
      await t.stop();
      const polls = fake.callsOf('getUpdates').length;
      // "Never polls again" has no signal to wait for: a stray poll would come within this.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fake.callsOf('getUpdates')).toHaveLength(polls);
    });
  }
}

describeWithServices('Telegram journey over the webhook', { postgres: true, redis: true }, () =>
  journeySuite('webhook', 'postgres', 30001),
);
describeWithServices('Telegram journey over long polling', { postgres: true, redis: true }, () =>
  journeySuite('polling', 'postgres', 30002),
);
describe('Telegram journey on the embedded default (PGlite, in-process queue)', () =>
  journeySuite('webhook', 'pglite', 30003));
