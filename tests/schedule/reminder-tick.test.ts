import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Platform } from '../../bot/engine/types';
import { parseQuietHours } from '../../bot/schedule/quiet-hours';
import { type ReminderTickDeps, runReminderTick } from '../../bot/schedule/reminder-tick';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const TZ = 'Asia/Ho_Chi_Minh';
const DAY = '2026-12-10';
/** A local time on DAY (or another day) in Asia/Ho_Chi_Minh (UTC+7). */
const local = (time: string, day = DAY) => new Date(`${day}T${time}:00+07:00`);
const before = (days: number) => {
  const date = new Date(`${DAY}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date;
};

interface Seed {
  id: string;
  hour?: number | null;
  studied?: number | null;
  platform?: Platform;
  optedOut?: boolean;
  unreachable?: boolean;
  consent?: boolean;
  lastActive?: Date;
}

for (const kind of ['postgres', 'pglite'] as const) {
  describeWithServices(`the reminder tick (${kind})`, { postgres: kind === 'postgres' }, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    }, 60_000);
    afterAll(async () => t?.drop());
    beforeEach(async () => {
      await t.db.prisma.inboundMessage.deleteMany();
      await t.db.prisma.reminderTick.deleteMany();
      await t.db.prisma.learner.deleteMany();
    });

    async function seed(learners: Seed[]): Promise<void> {
      await t.db.prisma.learner.createMany({
        data: learners.map((s) => ({
          platform: s.platform ?? 'telegram',
          platformUserId: s.id,
          chatId: `chat-${s.id}`,
          reminderHour: s.hour === undefined ? 19 : s.hour,
          studyDay: s.studied === null ? null : before(s.studied ?? 1),
          optedOutAt: s.optedOut ? new Date() : null,
          unreachableAt: s.unreachable ? new Date() : null,
          consentAt: s.consent === false ? null : new Date(),
          lastActiveAt: s.lastActive ?? new Date(),
        })),
      });
    }

    function tick(now: Date, extra: Partial<ReminderTickDeps> = {}) {
      const due: string[] = [];
      const run = runReminderTick({
        sql: t.db.sql,
        timeZone: TZ,
        quietHours: parseQuietHours('21-7')!,
        zaloWindowHours: 0,
        now,
        onDue: (learners) => due.push(...learners.map((l) => l.platformUserId)),
        ...extra,
      });
      return run.then((result) => ({ ...result, due: due.sort() }));
    }

    async function reminders(): Promise<{ user: string; days: number; key: string }[]> {
      const rows = await t.db.prisma.inboundMessage.findMany({ orderBy: { platformUserId: 'asc' } });
      return rows.map((row) => {
        const payload = row.payload as { input: { kind: string; reminder: { days: number } } };
        expect(payload.input.kind).toBe('reminder');
        return { user: row.platformUserId, days: payload.input.reminder.days, key: row.externalId };
      });
    }

    it('reminds at their hour those who studied 1, 2, 7 or 30 days ago, and nobody else', async () => {
      await seed([
        { id: 'a-yesterday' },
        { id: 'b-today', studied: 0 },
        { id: 'c-stopped', optedOut: true },
        { id: 'd-blocked', unreachable: true },
        { id: 'e-later-hour', hour: 20 },
        { id: 'f-2-days', studied: 2 },
        { id: 'g-3-days', studied: 3 },
        { id: 'h-7-days', studied: 7 },
        { id: 'i-30-days', studied: 30 },
        { id: 'j-31-days', studied: 31 },
        { id: 'k-no-consent', consent: false },
        { id: 'l-no-hour', hour: null },
        { id: 'm-never-studied', studied: null },
      ]);
      const result = await tick(local('19:05'));
      expect(result.due).toEqual(['a-yesterday', 'f-2-days', 'h-7-days', 'i-30-days']);
      expect((await reminders()).map((r) => [r.user, r.days])).toEqual([
        ['a-yesterday', 1],
        ['f-2-days', 2],
        ['h-7-days', 7],
        ['i-30-days', 30],
      ]);
      const [first] = await t.db.prisma.inboundMessage.findMany({ where: { platformUserId: 'a-yesterday' } });
      const learner = await t.db.prisma.learner.findFirstOrThrow({
        where: { platformUserId: 'a-yesterday' },
      });
      expect(first!.externalId).toBe(`reminder:${learner.id}:${DAY}`);
      expect(first!.payload).toMatchObject({ chatId: 'chat-a-yesterday', priority: 1, platform: 'telegram' });
    });

    it('never twice a day: again, after a restart that lost its progress, or at a later hour', async () => {
      await seed([{ id: 'a' }, { id: 'b', hour: 20 }]);
      expect((await tick(local('19:00'))).due).toEqual(['a']);
      expect((await tick(local('19:30'))).due).toEqual([]);
      await t.db.prisma.reminderTick.deleteMany();
      expect((await tick(local('19:40'))).due).toEqual([]);
      await t.db.prisma.learner.updateMany({ where: { platformUserId: 'a' }, data: { reminderHour: 20 } });
      expect((await tick(local('20:00'))).due).toEqual(['b']);
      expect(await reminders()).toHaveLength(2);
      expect((await tick(local('19:00', '2026-12-11'))).due).toEqual([]); // a studied 2 days ago now: hour 20
      expect((await tick(local('20:00', '2026-12-11'))).due).toEqual(['a', 'b']);
    });

    it('stop and start, block and unblock take effect at the next tick', async () => {
      await seed([{ id: 'a' }]);
      const set = (data: { optedOutAt?: Date | null; unreachableAt?: Date | null }) =>
        t.db.prisma.learner.updateMany({ where: { platformUserId: 'a' }, data });
      await set({ optedOutAt: new Date() });
      expect((await tick(local('19:00'))).due).toEqual([]);
      await set({ optedOutAt: null });
      expect((await tick(local('19:00', '2026-12-11'))).due).toEqual(['a']); // 2 days quiet
      await set({ unreachableAt: new Date() });
      await t.db.prisma.learner.updateMany({ data: { studyDay: new Date('2026-12-11T00:00:00Z') } });
      expect((await tick(local('19:00', '2026-12-12'))).due).toEqual([]);
      await set({ unreachableAt: null });
      expect((await tick(local('19:00', '2026-12-13'))).due).toEqual(['a']);
    });

    it('sends nothing in quiet hours, and no hour inside them is ever due', async () => {
      await seed([
        { id: 'night', hour: 22 },
        { id: 'early', hour: 6 },
        { id: 'seven', hour: 7 },
      ]);
      expect((await tick(local('22:10'))).due).toEqual([]);
      expect((await tick(local('06:59'))).due).toEqual([]);
      expect((await tick(local('07:00'))).due).toEqual(['seven']);
      expect((await tick(local('20:59'))).due).toEqual([]);
    });

    it('counts days at midnight in the time zone, not in UTC', async () => {
      // 00:10 on the 11th in Hanoi is still the 10th in UTC: the learner who studied on the 10th
      // (local) studied "yesterday".
      await seed([{ id: 'midnight', hour: 0, studied: 0 }]);
      const noQuiet = { quietHours: parseQuietHours('')! };
      expect((await tick(local('23:59'), noQuiet)).due).toEqual([]);
      expect((await tick(local('00:10', '2026-12-11'), noQuiet)).due).toEqual(['midnight']);
      expect((await reminders())[0]!.key).toMatch(/:2026-12-11$/);
    });

    it('a tick that comes late does the hours it missed, the same day (never skips a day)', async () => {
      await seed([
        { id: 'eight', hour: 8 },
        { id: 'noon', hour: 12 },
        { id: 'evening', hour: 19 },
      ]);
      const late = await tick(local('14:20'));
      expect(late.due).toEqual(['eight', 'noon']);
      expect(late.hours).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
      expect((await tick(local('19:00'))).hours).toEqual([15, 16, 17, 18, 19]);
    });

    it('respects the Zalo window when one is set', async () => {
      const old = new Date(local('19:00').getTime() - 72 * 3_600_000);
      await seed([
        { id: 'zalo-recent', platform: 'zalo', lastActive: local('18:00') },
        { id: 'zalo-old', platform: 'zalo', lastActive: old },
        { id: 'telegram-old', lastActive: old },
      ]);
      expect((await tick(local('19:00'), { zaloWindowHours: 48 })).due).toEqual([
        'telegram-old',
        'zalo-recent',
      ]);
    });

    it('two workers at once write each reminder once', async () => {
      await seed(Array.from({ length: 40 }, (_, n) => ({ id: `l${String(n).padStart(2, '0')}` })));
      const [one, two] = await Promise.all([
        tick(local('19:00'), { batchSize: 7 }),
        tick(local('19:00'), { batchSize: 5 }),
      ]);
      expect(one.due.length + two.due.length).toBe(40);
      expect(new Set([...one.due, ...two.due]).size).toBe(40);
      expect(await reminders()).toHaveLength(40);
    });

    it('a worker killed mid-tick leaves the hour open; the next tick finishes it without repeats', async () => {
      await seed(Array.from({ length: 12 }, (_, n) => ({ id: `l${String(n).padStart(2, '0')}` })));
      let batches = 0;
      const dying = tick(local('19:00'), {
        batchSize: 5,
        onDue: () => {
          if (++batches === 2) throw new Error('killed');
        },
      });
      await expect(dying).rejects.toThrow('killed');
      expect(await t.db.prisma.reminderTick.count({ where: { hour: 19 } })).toBe(0);
      const written = (await reminders()).length;
      expect(written).toBe(10);
      const again = await tick(local('19:03'), { batchSize: 5 });
      expect(again.due).toHaveLength(2);
      expect(await reminders()).toHaveLength(12);
    });
  });
}
