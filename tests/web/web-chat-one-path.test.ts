import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

interface Wire {
  replies: { text: string; choices?: { label: string; reply: string }[] }[];
  language?: string;
}

/** The web chat as the page uses it: messages with the page's own ids, and later messages by GET. */
function webOnePathSuite(name: string, start: () => Promise<TestApp>) {
  describe(name, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await start();
    });
    afterAll(async () => t?.stop());

    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${t.url}/api/web-chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Wire };
    };
    const onboard = async (session: string) => {
      for (const text of ['/start', '1', '1', '0', '1', '1', '1']) await post({ session, text });
      return post({ session, text: '1' });
    };

    it('answers a re-sent message (same messageId) from its record, without a second turn', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const quiz = await onboard(session);
      expect(quiz.body.replies.at(-1)!.text).toContain('Câu 1/3');
      const first = await post({ session, text: '1', messageId: 'answer-1' });
      const again = await post({ session, text: '1', messageId: 'answer-1' });
      expect(again.status).toBe(200);
      expect(again.body.replies).toEqual(first.body.replies);
      expect(first.body.replies.map((r) => r.text).join()).toContain('Câu 2/3');
      const learner = await t.app.db.prisma.learner.findFirstOrThrow({
        where: { platformUserId: sessionId },
      });
      expect(await t.app.db.prisma.answerEvent.count({ where: { learnerId: learner.id } })).toBe(1);
    });

    it('treats a choice from an older prompt as passed: nothing is answered or counted', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const quiz = await onboard(session);
      const oldChoice = quiz.body.replies.at(-1)!.choices![0]!;
      expect(oldChoice.label).toBe('1. Lựa chọn 1');
      await post({ session, text: oldChoice.reply });
      const stale = await post({ session, text: oldChoice.reply });
      expect(stale.body.replies.map((r) => r.text).join()).toContain('câu hỏi cũ');
      const learner = await t.app.db.prisma.learner.findFirstOrThrow({
        where: { platformUserId: sessionId },
      });
      expect(await t.app.db.prisma.answerEvent.count({ where: { learnerId: learner.id } })).toBe(1);
    });

    it('hands out messages the bot wrote later, once each, in order', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      await onboard(session);
      const learner = await t.app.db.prisma.learner.findFirstOrThrow({
        where: { platformUserId: sessionId },
      });
      for (const text of ['later one', 'later two'])
        await t.app.db.prisma.outboundMessage.create({
          data: {
            platform: 'web',
            chatId: sessionId,
            learnerId: learner.id,
            priority: 1,
            replies: [{ text }],
            leaseUntil: new Date(Date.now() - 1000),
          },
        });
      const get = async () =>
        (await (await fetch(`${t.url}/api/web-chat/messages?session=${session}`)).json()) as Wire;
      expect((await get()).replies.map((r) => r.text)).toEqual(['later one', 'later two']);
      expect((await get()).replies).toEqual([]);
      expect(
        await t.app.db.prisma.outboundMessage.count({ where: { chatId: sessionId, status: 'pending' } }),
      ).toBe(0);
    });

    it('keeps every answered turn in the outbox as sent, and says the learner’s language', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const first = await post({ session, text: '/start' });
      expect(first.body.language).toBe('vi');
      await t.app.dispatcher.idle();
      const rows = await t.app.db.prisma.outboundMessage.findMany({ where: { chatId: sessionId } });
      expect(rows.map((row) => row.status)).toEqual(['sent']);
    });

    it('refuses text that is not a string with a 400, and stores nothing', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      for (const text of [null, 5, ['a'], { a: 1 }]) {
        const response = await post({ session, text });
        expect(response.status).toBe(400);
      }
      expect(await t.app.db.prisma.learner.count({ where: { platformUserId: sessionId } })).toBe(0);
    });
  });
}

webOnePathSuite('web chat, one turn path, embedded default', () => startTestApp({ database: 'pglite' }));

describeWithServices('web chat, one turn path, PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  webOnePathSuite('journeys', () => startTestApp({ database: 'postgres', redis: true }));
});
