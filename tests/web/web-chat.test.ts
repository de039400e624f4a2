import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithServices } from '../helpers/services';
import { createWebLearner, type SeenReply } from '../support/drivers/web-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

const all = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n');

function webChatJourneys(name: string, start: () => Promise<TestApp>) {
  describe(name, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await start();
    });
    afterAll(async () => t?.stop());

    it('takes a learner from greeting through a whole lesson and records each answer once', async () => {
      const learner = createWebLearner({ url: t.url });
      expect(all(await learner.say('/start'))).toContain('Xin chào');
      await learner.choose(1);
      await learner.say('tiếng việt');
      await learner.say('can tho');
      const menu = await learner.say('2');
      expect(menu.at(-1)!.choices).toEqual(['Khóa thử']);
      expect(all(await learner.choose(1))).toContain('Bài 1/5');
      await learner.say('tiep');
      expect(all(await learner.choose(1))).toContain('Câu 1/3');
      expect(all(await learner.say('Lựa chọn 1'))).toContain('Chính xác');
      expect(all(await learner.say('b'))).toContain('Chưa đúng');
      expect(all(await learner.say('1'))).toContain('ôn lại 1 câu');
      expect(all(await learner.say('lua chon 1'))).toContain('Đúng ngay lần đầu: 2/3');
      const prisma = t.app.db.prisma;
      const row = await prisma.learner.findFirstOrThrow({
        where: { platform: 'web' },
        orderBy: { id: 'desc' },
      });
      expect(row).toMatchObject({ province: 'can-tho', audience: 'elder', language: 'vi' });
      expect(await prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(4);
      expect(
        await prisma.answerEvent.count({ where: { learnerId: row.id, province: 'can-tho', isRetry: true } }),
      ).toBe(1);
      const progress = await prisma.lessonProgress.findFirstOrThrow({ where: { learnerId: row.id } });
      expect(progress).toMatchObject({ lessonId: 'one', correctCount: 2, questionCount: 3, attempts: 1 });
      expect(progress.completedAt).toBeInstanceOf(Date);
    });

    it('serialises concurrent messages from one learner: no lost or double-counted answer', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const learner = createWebLearner({ url: t.url, session });
      for (const text of ['/start', '1', '1', '0', '1', '1', '1', '1']) await learner.say(text);
      const answers = await Promise.all(['1', '1', '1', '1', '1'].map((text) => learner.say(text)));
      expect(answers).toHaveLength(5);
      const row = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: sessionId } });
      const events = await t.app.db.prisma.answerEvent.findMany({
        where: { learnerId: row.id },
        orderBy: { id: 'asc' },
      });
      expect(events.map((event) => event.questionId)).toEqual(['demo/one/q1', 'demo/one/q2', 'demo/one/q3']);
    });

    it('erases a learner and their answers on /delete after confirmation', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const learner = createWebLearner({ url: t.url, session });
      for (const text of ['/start', '1', '1', '0', '1', '1', '1', '1', '1']) await learner.say(text);
      const prisma = t.app.db.prisma;
      const row = await prisma.learner.findFirstOrThrow({ where: { platformUserId: sessionId } });
      expect(await prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(1);
      await learner.say('xóa dữ liệu');
      expect(all(await learner.say('1'))).toContain('Đã xóa');
      expect(await prisma.learner.count({ where: { platformUserId: sessionId } })).toBe(0);
      expect(await prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(0);
    });

    it('answers bad input politely and never with a server error', async () => {
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const post = (body: unknown, type = 'application/json') =>
        fetch(`${t.url}/api/web-chat/messages`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
      for (const text of [
        '',
        '😀😀😀',
        '\u0000\u0001\u0002',
        '<script>alert(1)</script>',
        "'; DROP TABLE learner; --",
      ]) {
        const response = await post({ session, text });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { replies: { text: string }[] };
        expect(body.replies.length).toBeGreaterThan(0);
      }
      const tooLong = await post({ session, text: 'a'.repeat(5000) });
      expect(tooLong.status).toBe(400);
      expect(((await tooLong.json()) as { message: string }).message).toContain('Tin nhắn dài quá');
      const huge = await post({ session, text: 'a'.repeat(100 * 1024) });
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { message: string }).message).toContain('quá dài');
      expect((await post('{"session": "abcdefgh", "text": ', 'application/json')).status).toBe(400);
      expect((await post({ session })).status).toBe(400);
      for (const text of [null, 5, ['a'], { a: 1 }, true])
        expect((await post({ session, text })).status, JSON.stringify(text)).toBe(400);
      expect((await post({ session: 'bad session!', text: 'x' })).status).toBe(400);
      expect(
        (await post(Buffer.from([0xff, 0xfe, 0x00]).toString('latin1'), 'application/octet-stream')).status,
      ).toBe(415);
      expect(await t.app.db.prisma.learner.count({ where: { platformUserId: sessionId } })).toBe(1);
    });

    it('serves the page, the probes and the OpenAPI description', async () => {
      const page = await fetch(`${t.url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('/api/web-chat/messages');
      expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({
        status: 'ready',
        channels: { web: 'up' },
      });
      const docs = (await (await fetch(`${t.url}/docs`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toContain('/api/web-chat/messages');
    });
  });
}

webChatJourneys('web chat on the embedded default (PGlite, in-process queue)', () =>
  startTestApp({ database: 'pglite' }),
);

describeWithServices('web chat on PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  webChatJourneys('journeys', () => startTestApp({ database: 'postgres', redis: true }));
});

describe('web chat rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: 'pglite',
      env: { WEB_CHAT_SESSION_RATE: '3', WEB_CHAT_CLIENT_RATE: '5' },
    });
  });
  afterAll(async () => t?.stop());

  it('limits messages per session and per client address with a polite 429', async () => {
    const issue = async () => (await issueWebSession(t.app)).token;
    const send = (session: string) =>
      fetch(`${t.url}/api/web-chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session, text: 'xin chào' }),
      });
    const [one, two, three] = [await issue(), await issue(), await issue()];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(one)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await send(two);
    expect(other.status).toBe(200);
    const blocked = await send(three);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toContain('Bạn gửi nhanh quá');
  });
});
