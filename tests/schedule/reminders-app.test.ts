import { afterAll, beforeAll, expect, it } from 'vitest';
import { localToday } from '../../bot/stats/local-days';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

interface Wire {
  replies: { text: string; choices?: { label: string; reply: string }[] }[];
}

const DAY = 24 * 60 * 60 * 1000;

/** Tomorrow (local, Asia/Ho_Chi_Minh) at hh:mm, from the real today the learner studied on. */
function tomorrowAt(time: string, days = 1): Date {
  const today = localToday(new Date(), 'Asia/Ho_Chi_Minh');
  return new Date(new Date(`${today}T${time}:00+07:00`).getTime() + days * DAY);
}

const modes = [
  { name: 'PostgreSQL and BullMQ on Redis', database: 'postgres' as const, redis: true },
  { name: 'the embedded default (PGlite, in-process runner)', database: 'pglite' as const, redis: false },
];

for (const mode of modes) {
  describeWithServices(
    `reminders end to end: ${mode.name}`,
    { postgres: mode.database === 'postgres', redis: mode.redis },
    () => {
      let t: TestApp;
      let clock = new Date();
      beforeAll(async () => {
        t = await startTestApp({ database: mode.database, redis: mode.redis, now: () => clock });
      }, 60_000);
      afterAll(async () => t?.stop());

      /** The learner id each issued session token stands for. */
      const learnerIds = new Map<string, string>();
      const post = async (session: string, text: string) => {
        const response = await fetch(`${t.url}/api/web-chat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ session, text }),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as Wire).replies;
      };
      /** Messages the bot sent the session later (reminders); the tick waits until they are sent. */
      const later = async (session: string): Promise<Wire['replies']> => {
        const response = await fetch(`${t.url}/api/web-chat/messages?session=${session}`);
        return ((await response.json()) as Wire).replies;
      };
      /** Runs the reminder tick through the job queue (as its schedule would) and waits for it. */
      const tick = async (at: Date) => {
        clock = at;
        const before = (await t.app.queue.counts('reminder-tick')).completed;
        await t.app.queue.add('reminder-tick', {});
        const deadline = Date.now() + 10_000;
        while ((await t.app.queue.counts('reminder-tick')).completed <= before && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        await t.app.dispatcher.idle();
      };
      /** Onboarded, one card read (studied today), reminder at 19:00. */
      const studying = async () => {
        const { token: session, id } = await issueWebSession(t.app);
        learnerIds.set(session, id);
        for (const text of ['/start', '1', '1', '0', '1', '1', '1']) await post(session, text);
        const set = await post(session, '/nhacnho');
        expect(set.at(-1)!.text).toContain('chưa đặt giờ nhắc');
        expect((await post(session, '3')).map((r) => r.text).join('\n')).toContain('lúc 19:00 mỗi ngày');
        return session;
      };

      it('is a scheduled job', async () => {
        expect(await t.app.queue.hasSchedule('reminder-tick', 'reminder-tick')).toBe(true);
      });

      it('comes the next day at the hour, once, with a continue choice that resumes the lesson', async () => {
        const session = await studying();
        const stopped = await studying();
        await post(stopped, '/stop');
        const erased = await studying();
        await post(erased, '/delete');
        await post(erased, '1');

        await tick(tomorrowAt('18:55'));
        expect(await later(session)).toEqual([]);
        await tick(tomorrowAt('19:01'));
        const [nudge] = await later(session);
        expect(nudge!.text).toContain('Đến giờ học rồi');
        expect(nudge!.choices!.map((c) => c.label)).toEqual(['1. ▶️ Học tiếp', '2. ⏰ Đổi giờ nhắc']);
        expect(await later(stopped)).toEqual([]);
        expect(await later(erased)).toEqual([]);
        // Never twice a day, whatever the ticks.
        await tick(tomorrowAt('19:06'));
        await tick(tomorrowAt('20:00'));
        expect(await later(session)).toEqual([]);
        const resumed = await post(session, nudge!.choices![0]!.reply);
        expect(resumed.map((r) => r.text).join('\n')).toContain('Thẻ hai.');
        // The reminder's turn did not count as the learner's activity; their answer did.
        const row = await t.app.db.prisma.learner.findFirstOrThrow({
          where: { platformUserId: learnerIds.get(session) },
        });
        expect(row.studyDay?.toISOString().slice(0, 10)).toBe(localToday(new Date(), 'Asia/Ho_Chi_Minh'));
        const sent = await t.app.db.prisma.outboundMessage.findMany({
          where: { learnerId: row.id, priority: 1 },
        });
        expect(sent).toHaveLength(1);
      });

      it('a learner who studies just before the hour gets no reminder that day', async () => {
        const session = await studying();
        clock = tomorrowAt('18:50');
        // The web chat's turns use real time: move the learner's study day to "tomorrow" by hand.
        await t.app.db.prisma.learner.updateMany({
          where: { platformUserId: learnerIds.get(session) },
          data: { studyDay: new Date(`${localToday(clock, 'Asia/Ho_Chi_Minh')}T00:00:00Z`) },
        });
        await tick(tomorrowAt('19:02'));
        expect(await later(session)).toEqual([]);
        // Two days later (one day quiet): the daily reminder again.
        await tick(tomorrowAt('19:03', 2));
        expect((await later(session))[0]!.text).toContain('Đến giờ học rồi');
      });
    },
  );
}
