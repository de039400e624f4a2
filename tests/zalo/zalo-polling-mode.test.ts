import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices } from '../helpers/services';
import { createZaloLearner, type SeenReply, zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { settledOf, waitUntilSettled } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';

const all = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n---\n');
/** Polls a condition the fake has no event for (a long poll waiting). */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; !check(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeWithServices(
  'Zalo channel in long-polling mode (PostgreSQL, Redis)',
  { postgres: true, redis: true },
  () => {
    let fake: FakeZaloServer;
    let t: TestApp;
    const polled = (userId: string) =>
      createZaloLearner({
        url: '',
        secret: '',
        fake,
        userId,
        settled: settledOf(t.app),
        deliver: async (event) => fake.pushUpdate(event),
      });

    beforeAll(async () => {
      fake = await startFakeZaloServer();
      t = await startTestApp({ database: 'postgres', redis: true, env: await zaloEnv(fake, 'polling') });
    });
    afterAll(async () => {
      await t?.stop();
      await fake?.close();
    });

    it('deletes any webhook first and does not register one', () => {
      expect(fake.calls[0]?.method).toBe('deleteWebhook');
      expect(fake.callsTo('setWebhook')).toEqual([]);
    });

    it('takes a learner from greeting to a graded answer', async () => {
      const userId = `p-${randomBytes(5).toString('hex')}`;
      const l = polled(userId);
      expect(all(await l.say('bắt đầu'))).toContain('Xin chào');
      for (const text of ['có', 'English', 'skip', 'citizen']) await l.say(text);
      const menu = await l.say('1');
      expect(menu.at(-1)?.text).toContain('👉 Reply 1');
      await l.say('next');
      const question = await l.say('1');
      expect(question.at(-1)?.text).toMatch(/1\. Option 1\n2\. Option 2\n3\. Option 3\n👉 Reply 1, 2 or 3$/);
      expect(all(await l.say('option 1'))).toContain('Correct');
      const row = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: userId } });
      expect(row.language).toBe('en');
      expect(fake.callsTo('getUpdates').map((call) => call.body.timeout)).toContain('30');
      expect(fake.callsTo('getUpdates').every((call) => call.body.timeout === '30')).toBe(true);
      expect(fake.callsTo('getUpdates').every((call) => call.body.timeout === '30')).toBe(true);
      expect(await t.app.db.prisma.answerEvent.count({ where: { learnerId: row.id } })).toBe(1);
    });

    it('answers an update that Zalo hands out twice only once', async () => {
      const userId = `p-${randomBytes(5).toString('hex')}`;
      const event = zaloUpdate({ userId, extra: { text: '/start' } });
      fake.pushUpdate(event);
      fake.pushUpdate(event);
      // The greeting and the consent question arrive joined, as one message.
      // The poller records an update before it asks for the next: once it waits again with both
      // handed out, both are recorded, and once the app has settled both are answered.
      await fake.waitFor(() => fake.messages(userId).length >= 1);
      await until(() => fake.pendingUpdates === 0 && fake.waitingPollers === 1);
      await waitUntilSettled(t.app);
      const seen = fake.messages(userId);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.text).toMatch(
        /^Xin chào[\s\S]*\n\nĐể nhớ bạn đã học đến đâu[\s\S]*👉 Trả lời 1 hoặc 2$/,
      );
      expect(await t.app.db.prisma.inboundMessage.count({ where: { platformUserId: userId } })).toBe(1);
    });

    it('stops without waiting out the 30 s long poll', async () => {
      await fake.waitFor(() => fake.waitingPollers === 1);
      const started = performance.now();
      await t.stop();
      expect(performance.now() - started).toBeLessThan(5_000);
      t = undefined as unknown as TestApp;
    });
  },
);
