import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { describeWithServices } from '../helpers/services';
import {
  createTelegramLearner,
  postUpdate,
  telegramUser,
  updates,
} from '../support/drivers/telegram-learner';
import { waitUntilSettled } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';

const TOKEN = '313131:DELIVERY-token_abcdefghijklmno';
const SECRET = 'delivery-secret_abcdefgh';
let nextUser = 40_000;
/** The answer to a right answer at question 1: the feedback runs on into question 2, as one message. */
const RIGHT_THEN_Q2 = '✅ Chính xác!\nLý do: Vì sao.\n\n❓ Câu 2/3\nCâu hỏi 2?';
/** A press on an old question: the polite note runs on into the current question, as one message. */
const STALE_THEN_Q2 = 'Nút này thuộc câu hỏi cũ. Mời bạn trả lời câu hiện tại nhé:\n\n❓ Câu 2/3\nCâu hỏi 2?';

describeWithServices(
  'Telegram webhook delivery (PostgreSQL + Redis)',
  { postgres: true, redis: true },
  () => {
    let fake: FakeTelegram;
    let t: TestApp;
    let second: TestApp;
    const env = () => ({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://hocvuso.example.vn',
    });
    beforeAll(async () => {
      fake = await startFakeTelegram({ token: TOKEN });
      t = await startTestApp({ database: 'postgres', redis: true, env: env() });
      second = await startTestApp({
        database: 'postgres',
        redis: true,
        env: env(),
        reuse: { databaseUrl: t.env.DATABASE_URL! },
      });
    });
    afterAll(async () => {
      await second?.stop();
      await t?.stop();
      await fake?.close();
    });

    const prisma = () => t.app.db.prisma;
    const answers = (userId: number) =>
      prisma().answerEvent.count({ where: { learner: { platformUserId: String(userId) } } });
    /** Both instances have answered and sent everything they received. */
    const settle = () => waitUntilSettled([t.app, second.app]);

    /** A fresh learner standing at question 1 of the first lesson. */
    async function atFirstQuestion(app = t) {
      const learner = createTelegramLearner({
        url: app.url,
        secret: SECRET,
        fake,
        userId: ++nextUser,
        settled: settle,
      });
      for (const text of ['/start', 'đồng ý', '1', 'Huế', '1', '1', '1']) await learner.say(text);
      const replies = await learner.say('1');
      expect(replies.at(-1)!.text).toMatch(/^❓ Câu 1\/3/);
      return learner;
    }

    it('a redelivered update gives no second reply and no second answer', async () => {
      const learner = await atFirstQuestion();
      const sent = fake.sentTo(learner.user.id).length;
      const update = updates.text(learner.user, '1');
      expect(await postUpdate(t.url, SECRET, update)).toBe(200);
      expect(await postUpdate(t.url, SECRET, update)).toBe(200);
      await Promise.all([postUpdate(t.url, SECRET, update), postUpdate(t.url, SECRET, update)]);
      await settle();
      // One answer, sent once: a second reply would be a second message.
      const replies = fake.sentTo(learner.user.id).slice(sent);
      expect(replies.map((m) => m.text)).toEqual([RIGHT_THEN_Q2]);
      expect(replies[0]!.reply_markup!.inline_keyboard.flat()).toHaveLength(3);
      expect(await answers(learner.user.id)).toBe(1);
    });

    it('two app instances sharing one database answer a redelivered update once', async () => {
      const learner = await atFirstQuestion();
      const sent = fake.sentTo(learner.user.id).length;
      const question = fake.sentTo(learner.user.id).at(-1)!;
      const press = updates.press(
        learner.user,
        question,
        question.reply_markup!.inline_keyboard[0]![0]!.callback_data!,
      );
      const first = updates.text(learner.user, '1');
      await Promise.all([
        postUpdate(t.url, SECRET, first),
        postUpdate(second.url, SECRET, first),
        postUpdate(second.url, SECRET, first),
        postUpdate(t.url, SECRET, first),
      ]);
      await settle();
      expect(
        fake
          .sentTo(learner.user.id)
          .slice(sent)
          .map((m) => m.text),
      ).toEqual([RIGHT_THEN_Q2]);
      expect(await answers(learner.user.id)).toBe(1);
      // A press on the old question, redelivered to both: one polite "old button" answer, no answer recorded.
      await Promise.all([postUpdate(t.url, SECRET, press), postUpdate(second.url, SECRET, press)]);
      await settle();
      const after = fake.sentTo(learner.user.id).slice(sent + 1);
      expect(after.map((m) => m.text)).toEqual([STALE_THEN_Q2]);
      expect(await answers(learner.user.id)).toBe(1);
      const answered = fake
        .callsOf('answerCallbackQuery')
        .filter((c) => c.body.callback_query_id === `cq-${press.update_id}`);
      expect(answered).toHaveLength(2);
    });

    it('a restarted instance still ignores an update answered before the restart', async () => {
      const learner = await atFirstQuestion(second);
      const update = updates.text(learner.user, '1');
      await learner.deliver(update);
      const sent = fake.sentTo(learner.user.id).length;
      await second.stop();
      second = await startTestApp({
        database: 'postgres',
        redis: true,
        env: env(),
        reuse: { databaseUrl: t.env.DATABASE_URL! },
      });
      expect(await postUpdate(second.url, SECRET, update)).toBe(200);
      await settle();
      expect(fake.sentTo(learner.user.id)).toHaveLength(sent);
      expect(await answers(learner.user.id)).toBe(1);
    });

    it('keeps a learner’s quick taps in order', async () => {
      const learner = createTelegramLearner({
        url: t.url,
        secret: SECRET,
        fake,
        userId: ++nextUser,
        settled: settle,
      });
      for (const text of ['/start', 'đồng ý', '1', 'Huế', '1']) await learner.say(text);
      await learner.say('1');
      const sent = fake.sentTo(learner.user.id).length;
      for (const text of ['tiến độ', '1', '1'])
        expect(await postUpdate(t.url, SECRET, updates.text(learner.user, text))).toBe(200);
      // One message per tap: each answer ends with buttons, so none runs on into the next.
      await fake.waitFor(() => fake.sentTo(learner.user.id).length >= sent + 3);
      await settle();
      const seen = fake
        .sentTo(learner.user.id)
        .slice(sent)
        .map((m) => m.text);
      expect(seen).toHaveLength(3);
      // The progress runs on into the card it interrupted (1/2); then card 2/2; then the first question.
      expect(seen[0]).toMatch(/^📊 Tiến độ[\s\S]*\n\n📖 Bài 1\/5: Bài one \(1\/2\)\n\nThẻ một\.$/);
      expect(seen[1]).toBe('📖 Bài 1/5: Bài one (2/2)\n\nThẻ hai.');
      expect(seen[2]).toBe('❓ Câu 1/3\nCâu hỏi 1?');
    });

    it('a late older press, delivered out of order, is answered as stale and not counted', async () => {
      const learner = await atFirstQuestion();
      const question = fake.sentTo(learner.user.id).at(-1)!;
      const older = updates.press(
        learner.user,
        question,
        question.reply_markup!.inline_keyboard[0]![1]!.callback_data!,
      );
      const newer = updates.text(learner.user, '1');
      expect(newer.update_id).toBeGreaterThan(older.update_id);
      const first = await learner.deliver(newer);
      expect(first.map((m) => m.text)).toEqual([RIGHT_THEN_Q2]);
      const late = await learner.deliver(older);
      expect(late).toEqual([{ text: STALE_THEN_Q2, choices: ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'] }]);
      await fake.waitFor(
        () =>
          fake
            .callsOf('answerCallbackQuery')
            .some((c) => c.body.callback_query_id === `cq-${older.update_id}` && c.status === 200),
        5000,
        'the late press to be answered',
      );
      expect(await answers(learner.user.id)).toBe(1);
    });

    it('answers media politely and never counts it as an answer', async () => {
      const learner = await atFirstQuestion();
      for (const kind of ['sticker', 'photo', 'voice'] as const) {
        const replies = await learner.deliver(updates.media(learner.user, kind));
        expect(replies[0]!.text).toBe('Mình chỉ đọc được chữ thôi. Bạn gõ số của đáp án nhé.');
      }
      expect(await answers(learner.user.id)).toBe(0);
      await learner.say('/menu');
      const replies = await learner.deliver(updates.media(learner.user, 'location'));
      expect(replies[0]!.text).toMatch(/^Cảm ơn bạn! Mình chỉ đọc được tin nhắn chữ/);
    });

    it('ignores edited messages and unknown updates (200, no turn, nothing stored)', async () => {
      const learner = await atFirstQuestion();
      const sent = fake.sentTo(learner.user.id).length;
      const inbound = await prisma().inboundMessage.count();
      const ignored = [
        updates.edited(learner.user, '1'),
        { update_id: 990_001, poll: { id: 'p1', question: '?', options: [] } },
        { update_id: 990_002, message_reaction: { chat: { id: learner.user.id, type: 'private' } } },
      ];
      for (const update of ignored) expect(await postUpdate(t.url, SECRET, update)).toBe(200);
      await settle();
      expect(fake.sentTo(learner.user.id)).toHaveLength(sent);
      expect(await prisma().inboundMessage.count()).toBe(inbound);
      expect(await answers(learner.user.id)).toBe(0);
    });

    it('rejects a wrong secret (401) and malformed JSON (400) and records nothing', async () => {
      const inbound = await prisma().inboundMessage.count();
      const user = telegramUser(++nextUser);
      expect(await postUpdate(t.url, 'not-the-secret', updates.text(user, '/start'))).toBe(401);
      expect(await postUpdate(t.url, undefined, updates.text(user, '/start'))).toBe(401);
      expect(await postUpdate(t.url, SECRET, '{"update_id": 5, "message": ')).toBe(400);
      expect(await postUpdate(t.url, SECRET, '"just a string"')).toBe(400);
      await settle();
      expect(await prisma().inboundMessage.count()).toBe(inbound);
      expect(fake.sentTo(user.id)).toHaveLength(0);
    });

    it('answers a group once, across instances, with a link to a private chat', async () => {
      const user = telegramUser(++nextUser);
      const group = -100_777_888;
      await Promise.all([
        postUpdate(t.url, SECRET, updates.groupText(user, group, '/start@hocvuso_test_bot')),
        postUpdate(second.url, SECRET, updates.groupText(user, group, 'học thế nào?')),
      ]);
      expect(await postUpdate(second.url, SECRET, updates.groupText(user, group, '/menu'))).toBe(200);
      await fake.waitFor(() => fake.sentTo(group).length === 1);
      await settle();
      expect(fake.sentTo(group)).toHaveLength(1);
      expect(fake.sentTo(group)[0]!.text).toContain('https://t.me/hocvuso_test_bot?start=group');
      expect(fake.sentTo(group)[0]!.reply_markup!.inline_keyboard[0]![0]!.url).toBe(
        'https://t.me/hocvuso_test_bot?start=group',
      );
      expect(await prisma().learner.count({ where: { platformUserId: { startsWith: 'group:' } } })).toBe(0);
      expect(await prisma().inboundMessage.count({ where: { processedAt: null } })).toBe(0);
    });

    it('a 403 marks the learner unreachable; my_chat_member follows blocking and unblocking', async () => {
      const learner = createTelegramLearner({
        url: t.url,
        secret: SECRET,
        fake,
        userId: ++nextUser,
        settled: settle,
      });
      await learner.say('/start');
      const row = () =>
        prisma().learner.findFirstOrThrow({ where: { platformUserId: String(learner.user.id) } });
      fake.block(learner.user.id);
      expect(await postUpdate(t.url, SECRET, updates.text(learner.user, 'đồng ý'))).toBe(200);
      await fake.waitFor(() =>
        fake
          .callsOf('sendMessage')
          .some((c) => String(c.body.chat_id) === String(learner.user.id) && c.status === 403),
      );
      await settle();
      expect((await row()).unreachableAt).toBeInstanceOf(Date);
      fake.unblock(learner.user.id);
      expect(await postUpdate(t.url, SECRET, updates.memberStatus(learner.user, 'member'))).toBe(200);
      expect((await row()).unreachableAt).toBeNull();
      expect(await postUpdate(t.url, SECRET, updates.memberStatus(learner.user, 'kicked'))).toBe(200);
      expect((await row()).unreachableAt).toBeInstanceOf(Date);
    });

    it('waits out a 429 retry_after and retries 5xx, then delivers', async () => {
      const learner = await atFirstQuestion();
      fake.failNext('sendMessage', 1, { status: 429, retryAfter: 1 });
      const replies = await learner.say('tiến độ');
      expect(replies[0]!.text).toMatch(/^📊 Tiến độ/);
      const calls = fake
        .callsOf('sendMessage')
        .filter((c) => String(c.body.chat_id) === String(learner.user.id));
      const limited = calls.findIndex((c) => c.status === 429);
      expect(calls[limited + 1]!.status).toBe(200);
      expect(calls[limited + 1]!.at - calls[limited]!.at).toBeGreaterThanOrEqual(950);

      fake.failNext('sendMessage', 2, { status: 500 });
      const after = await learner.say('1');
      expect(after[0]!.text).toMatch(/^✅ Chính xác!/);
      expect(
        fake
          .callsOf('sendMessage')
          .filter((c) => String(c.body.chat_id) === String(learner.user.id) && c.status === 500),
      ).toHaveLength(2);
      expect(await answers(learner.user.id)).toBe(1);
    });
  },
);
