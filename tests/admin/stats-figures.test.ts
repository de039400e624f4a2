import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS } from '../../bot/stats/facts';
import { addDays } from '../../bot/stats/local-days';
import { refreshActiveLearners } from '../../bot/stats/recently-active';
import { resetRollups, rollUpClosedDays } from '../../bot/stats/rollup';
import { rollUpToday } from '../../bot/stats/rollup-today';
import type { StatsFilters } from '../../bot/stats/stats-filters';
import { createStatsService } from '../../bot/stats/stats-service';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { sampleCatalog } from '../support/sample-catalog';
import {
  type Dataset,
  expectedFigures,
  insertAnswers,
  insertDataset,
  localDay,
  makeDataset,
} from './stats-dataset';

const NOW = new Date('2026-03-15T10:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';
const TODAY = localDay(NOW);
const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

const FILTERS: [string, StatsFilters][] = [
  ['no filter', {}],
  ['province', { provinces: ['ha-noi'] }],
  ['audience + platform', { audience: 'elder', platform: 'zalo' }],
  [
    'province + audience + platform + dates',
    {
      provinces: ['nghe-an', 'ha-noi'],
      audience: 'citizen',
      platform: 'telegram',
      from: '2026-03-08',
      to: '2026-03-14',
    },
  ],
  ['referral', { referral: 'gvalpha' }],
  ['referral + province + dates', { referral: 'gvbeta', provinces: ['ho-chi-minh'], from: '2026-03-10' }],
  ['dates ending today', { from: '2026-03-13' }],
  ['a whole month', { from: '2026-02-01', to: '2026-02-28' }],
  ['mid-month to mid-month, one platform', { from: '2026-02-06', to: '2026-03-12', platform: 'zalo' }],
  ['mid-month to today, one audience', { from: '2026-02-20', audience: 'elder' }],
  ["across a month's end, one province", { from: '2026-02-27', to: '2026-03-02', provinces: ['ha-noi'] }],
  ['injection attempt in a value', { referral: "x' OR '1'='1", audience: 'citizen' }],
];

/**
 * Every month and all-time row of every rollup table is the sum of the day rows it stands for (the
 * closed days, through `stats_rollup.through`), and no such sum is missing.
 */
async function expectTotalsMatchDays(prisma: TestDatabase['db']['prisma']) {
  for (const fact of FACTS) {
    const keys = ['grp', 'province', 'audience', 'platform', ...fact.keys].join(', ');
    const measures = fact.measures.map((m) => m.column);
    const sums = measures.map((m) => `sum(${m})::int AS ${m}`).join(', ');
    const rows = (sql: string) => prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    const days = `FROM ${fact.table} WHERE period = 'day' AND day <= (SELECT through FROM stats_rollup)`;
    const order = `ORDER BY ${keys}, 1`;
    const label = (list: Record<string, unknown>[]) => list.map((r) => JSON.stringify(r));
    expect(
      label(await rows(`SELECT 'all' AS span, ${keys}, ${sums} ${days} GROUP BY ${keys} ${order}`)),
    ).toEqual(
      label(
        await rows(`SELECT 'all' AS span, ${keys}, ${sums} FROM ${fact.table} WHERE period = 'all'
          GROUP BY ${keys} HAVING ${measures.map((m) => `sum(${m}) <> 0`).join(' OR ')} ${order}`),
      ),
    );
    const byMonth = `to_char(day, 'YYYY-MM') AS span, ${keys}`;
    const grouping = `GROUP BY ${keys}, to_char(day, 'YYYY-MM')`;
    expect(label(await rows(`SELECT ${byMonth}, ${sums} ${days} ${grouping} ${order}`))).toEqual(
      label(
        await rows(`SELECT ${byMonth}, ${sums} FROM ${fact.table} WHERE period = 'month' ${grouping}
          HAVING ${measures.map((m) => `sum(${m}) <> 0`).join(' OR ')} ${order}`),
      ),
    );
  }
}

/** Learners with an answer today, in id order. */
const activeToday = (data: Dataset) =>
  [...new Set(data.answers.filter((a) => localDay(a.at) === TODAY).map((a) => a.learnerId))].sort(
    (a, b) => a - b,
  );

function checkAll(
  name: string,
  getData: () => Dataset,
  getService: () => ReturnType<typeof createStatsService>,
) {
  describe(name, () => {
    it.each(FILTERS)('overview, %s', async (_label, filters) => {
      const data = getData();
      const e = expectedFigures(data, filters, TODAY);
      const overview = await getService().overview(filters);
      expect(overview).toMatchObject({
        learners: e.learners.length,
        answers: e.answers.length,
        firstTryAccuracy: rate(e.firstTryCorrect.length, e.firstTry.length),
        lessonsCompleted: e.lessons.filter((p) => e.inRange(p.completed)).length,
        coursesCompleted: e.enrolments.filter((x) => e.inRange(x.completed)).length,
      });
      const activeSince = (day: string) =>
        data.learners.filter((l) => e.matches(l.id) && localDay(l.lastActive) >= day).length;
      expect(overview.activeToday).toBe(activeSince(TODAY));
      expect(overview.active7Days).toBe(activeSince(addDays(TODAY, -6)));
      expect(overview.active30Days).toBe(activeSince('2026-02-14'));
    });

    it.each(FILTERS)('learners by day and by province, %s', async (_label, filters) => {
      const data = getData();
      const e = expectedFigures(data, filters, TODAY);
      const days = await getService().learners(filters, 'day');
      const newByDay = countBy(e.learners, (l) => localDay(l.created));
      const answersByDay = countBy(e.answers, (a) => localDay(a.at));
      const activeByDay = countBy(
        [...new Set(e.answers.map((a) => `${localDay(a.at)} ${a.learnerId}`))],
        (k) => k.slice(0, 10),
      );
      const keys = [...new Set([...newByDay.keys(), ...answersByDay.keys()])].sort();
      expect(days.filter((d) => d.newLearners + d.answers > 0).map((d) => d.key)).toEqual(keys);
      for (const d of days) {
        expect([d.key, d.newLearners, d.answers, d.activeLearners]).toEqual([
          d.key,
          newByDay.get(d.key) ?? 0,
          answersByDay.get(d.key) ?? 0,
          activeByDay.get(d.key) ?? 0,
        ]);
      }
      const provinces = await getService().learners(filters, 'province');
      const byProvince = countBy(e.learners, (l) => l.province ?? '?');
      const completedByProvince = countBy(
        e.enrolments.filter((x) => e.inRange(x.completed)),
        (x) => data.learners.find((l) => l.id === x.learnerId)!.province ?? '?',
      );
      for (const p of provinces) {
        expect([p.key, p.newLearners, p.coursesCompleted]).toEqual([
          p.key,
          byProvince.get(p.key) ?? 0,
          completedByProvince.get(p.key) ?? 0,
        ]);
      }
      expect(provinces.reduce((s, p) => s + p.newLearners, 0)).toBe(e.learners.length);
    });

    it.each(FILTERS)('learners by referral code, %s', async (_label, filters) => {
      const data = getData();
      const e = expectedFigures(data, filters, TODAY);
      const codes = [
        ...new Set(data.learners.filter((l) => l.referral && e.matches(l.id)).map((l) => l.referral!)),
      ];
      const expected = codes.map((code) => {
        const mine = data.learners.filter((l) => l.referral === code && e.matches(l.id));
        const ids = new Set(mine.map((l) => l.id));
        const firsts = mine.filter((l) => {
          const done = e.lessons
            .filter((p) => p.learnerId === l.id && p.completed)
            .sort(
              (a, b) =>
                a.completed!.getTime() - b.completed!.getTime() ||
                `${a.courseId}/${a.lessonId}`.localeCompare(`${b.courseId}/${b.lessonId}`),
            );
          return done.length > 0 && e.inRange(done[0]!.completed);
        });
        return {
          key: code,
          newLearners: mine.filter((l) => e.inRange(l.created)).length,
          activeLearners: mine.filter((l) => localDay(l.lastActive) >= '2026-02-14').length,
          learnersWithALesson: firsts.length,
          lessonsCompleted: e.lessons.filter((p) => ids.has(p.learnerId) && e.inRange(p.completed)).length,
          coursesCompleted: e.enrolments.filter((x) => ids.has(x.learnerId) && e.inRange(x.completed)).length,
        };
      });
      const rows = await getService().referrals(filters);
      const nonEmpty = (r: (typeof expected)[number]) =>
        r.newLearners + r.learnersWithALesson + r.lessonsCompleted + r.coursesCompleted > 0;
      const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
      expect(rows.filter(nonEmpty).sort(byKey)).toEqual(expected.filter(nonEmpty).sort(byKey));
    });

    it.each(FILTERS)('questions and courses, %s', async (_label, filters) => {
      const data = getData();
      const e = expectedFigures(data, filters, TODAY);
      const questions = await getService().questions(filters);
      const byQuestion = countBy(e.answers, (a) => a.questionId);
      expect(questions.map((q) => q.questionId).sort()).toEqual([...byQuestion.keys()].sort());
      for (const q of questions) {
        const mine = e.answers.filter((a) => a.questionId === q.questionId);
        const first = mine.filter((a) => !a.retry);
        expect(q.answers).toBe(mine.length);
        expect(q.firstTryAccuracy).toBe(rate(first.filter((a) => a.correct).length, first.length));
        const wrong = [
          ...countBy(
            mine.filter((a) => !a.correct),
            (a) => a.chosen,
          ),
        ].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        expect(q.mostChosenWrong ? [q.mostChosenWrong.chosen, q.mostChosenWrong.count] : null).toEqual(
          wrong[0] ?? null,
        );
      }
      const accuracies = questions.map((q) => q.firstTryAccuracy ?? 2);
      expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
      const courses = await getService().courses(filters);
      for (const c of courses) {
        expect(c.started).toBe(
          e.enrolments.filter((x) => x.courseId === c.courseId && e.inRange(x.started)).length,
        );
        expect(c.completed).toBe(
          e.enrolments.filter((x) => x.courseId === c.courseId && e.inRange(x.completed)).length,
        );
        for (const l of c.lessons) {
          const mine = e.lessons.filter((p) => p.courseId === c.courseId && p.lessonId === l.lessonId);
          expect([l.lessonId, l.started, l.completed]).toEqual([
            l.lessonId,
            mine.filter((p) => e.inRange(p.started)).length,
            mine.filter((p) => e.inRange(p.completed)).length,
          ]);
        }
      }
    });
  });
}

for (const kind of ['postgres', 'pglite'] as const) {
  describeWithServices(
    `statistics on ${kind} match figures computed from the data`,
    { postgres: kind === 'postgres' },
    () => {
      let database: TestDatabase;
      let data: Dataset;
      let now = NOW;
      const service = () =>
        createStatsService({
          prisma: database.db.prisma,
          catalog: sampleCatalog(),
          timeZone: 'Asia/Ho_Chi_Minh',
          now: () => now,
        });

      beforeAll(async () => {
        database = await createTestDatabase(kind);
        data = makeDataset({ learners: kind === 'postgres' ? 400 : 150, now: NOW, days: 40, seed: 7 });
        await insertDataset(database.db.prisma, data);
      });
      afterAll(() => database?.drop());

      checkAll('all live (before any rollup)', () => data, service);

      describe('after the rollup of closed days', () => {
        beforeAll(async () => {
          const written = await rollUpClosedDays(database.db.prisma, {
            timeZone: 'Asia/Ho_Chi_Minh',
            now: NOW,
          });
          expect(written?.to).toBe('2026-03-14');
          // Idempotent: a second run writes nothing and changes nothing.
          expect(
            await rollUpClosedDays(database.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: NOW }),
          ).toBeUndefined();
          // Reset and written again from scratch: nothing of the first run may stay.
          await resetRollups(database.db.prisma);
          expect(
            await rollUpClosedDays(database.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: NOW }),
          ).toEqual({ from: written?.from, to: '2026-03-14' });
          // Set back three days and written again: figures (and month and all-time rows) must not change.
          await database.db.prisma.$executeRaw`UPDATE stats_rollup SET through = '2026-03-11'`;
          expect(
            await rollUpClosedDays(database.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: NOW }),
          ).toEqual({ from: '2026-03-12', to: '2026-03-14' });
          // Set back into the previous month, further than one run's chunk of days.
          await database.db.prisma.$executeRaw`UPDATE stats_rollup SET through = '2026-02-05'`;
          expect(
            await rollUpClosedDays(database.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: NOW }),
          ).toEqual({ from: '2026-02-06', to: '2026-03-14' });
        });
        it('stores the learners active in 30 days, up to two minutes ago', async () => {
          const options = { timeZone: TZ, now: NOW };
          expect(await refreshActiveLearners(database.db.prisma, options)).toEqual(
            new Date(NOW.getTime() - 2 * 60_000),
          );
          expect(await refreshActiveLearners(database.db.prisma, options)).toBeUndefined();
        });
        it('keeps month and all-time rows equal to the sums of their day rows', async () => {
          await expectTotalsMatchDays(database.db.prisma);
        });
        it('reads the closed days from the rollups', async () => {
          expect((await service().overview({})).rolledUpThrough).toBe('2026-03-14');
        });
        checkAll('rolled up', () => data, service);
      });

      describe('while answers keep arriving', () => {
        beforeAll(async () => {
          now = new Date(NOW.getTime() + 3600_000);
          const more = makeDataset({ learners: 30, now, days: 0.03, seed: 11, firstId: 100_000 });
          await insertDataset(database.db.prisma, more);
          data = {
            learners: [...data.learners, ...more.learners],
            answers: [...data.answers, ...more.answers],
            lessons: [...data.lessons, ...more.lessons],
            enrolments: [...data.enrolments, ...more.enrolments],
          };
        });
        checkAll("today's new answers count at once", () => data, service);
      });

      describe("learners active again after the day's snapshot", () => {
        const lastIn = (from: number, to: number) =>
          data.learners.find((l) => {
            const day = localDay(l.lastActive);
            return day >= addDays(TODAY, -from) && day <= addDays(TODAY, -to) && l.province === 'nghe-an';
          })!;
        const comeBack = async (learner: Dataset['learners'][number], province = learner.province) => {
          data = {
            ...data,
            learners: data.learners.map((l) => (l === learner ? { ...l, lastActive: now, province } : l)),
          };
          await database.db.prisma.$executeRaw`UPDATE learner SET province = ${province},
            last_active_at = ${now.toISOString().replace('Z', '')}::timestamp WHERE id = ${learner.id}`;
        };
        beforeAll(async () => {
          now = new Date(now.getTime() + 60_000);
          // Last active in the past week, earlier in the 30 days, and before them.
          const back = [lastIn(6, 1), lastIn(29, 7), lastIn(60, 30)];
          expect(new Set(back).size).toBe(3);
          for (const learner of back) await comeBack(learner);
        });
        checkAll('counted once', () => data, service);
        describe('and the job stores them', () => {
          beforeAll(async () => {
            now = new Date(now.getTime() + 5 * 60_000);
            expect(await refreshActiveLearners(database.db.prisma, { timeZone: TZ, now })).toBeDefined();
          });
          checkAll('stored, counted once', () => data, service);
        });
        it('count a learner who moved to another province since in the new one only', async () => {
          const learner = lastIn(29, 7);
          const original = learner.province;
          await comeBack(learner, 'ha-noi');
          try {
            for (const provinces of [['ha-noi'], ['nghe-an'], ['ha-noi', 'nghe-an']]) {
              const mine = data.learners.filter((l) => l.province && provinces.includes(l.province));
              const since = (days: number) =>
                mine.filter((l) => localDay(l.lastActive) >= addDays(TODAY, -days)).length;
              expect(await service().overview({ provinces })).toMatchObject({
                activeToday: since(0),
                active7Days: since(6),
                active30Days: since(29),
              });
            }
          } finally {
            await comeBack(data.learners.find((l) => l.id === learner.id)!, original);
          }
        });
      });

      describe("after today's rollup (the job's run every few minutes)", () => {
        beforeAll(async () => {
          const added = await rollUpToday(database.db.prisma, { timeZone: TZ, now });
          expect(added?.to).toEqual(new Date(now.getTime() - 2 * 60_000));
          expect(await rollUpToday(database.db.prisma, { timeZone: TZ, now })).toBeUndefined();
        });
        checkAll('today rolled up to two minutes ago', () => data, service);
      });

      describe("learners active earlier today answer again after today's rollup", () => {
        beforeAll(async () => {
          now = new Date(now.getTime() + 30 * 60_000);
          const again = activeToday(data)
            .slice(0, 25)
            .map((learnerId, n) => ({
              learnerId,
              questionId: 'course-b/lesson-2/q2',
              chosen: n % 3 === 0 ? '2' : '1',
              correct: n % 3 === 0,
              retry: n % 4 === 1,
              at: new Date(now.getTime() - 10 * 60_000 + n * 1000),
            }));
          expect(again.length).toBeGreaterThan(5);
          await insertAnswers(database.db.prisma, data.learners, again);
          data = { ...data, answers: [...data.answers, ...again] };
        });
        checkAll('live minutes after the rollup: each learner active once', () => data, service);
        describe('and the next rollup takes them in', () => {
          beforeAll(async () => {
            expect(await rollUpToday(database.db.prisma, { timeZone: TZ, now })).toBeDefined();
          });
          checkAll('rolled up again', () => data, service);
        });
      });

      if (kind === 'postgres')
        it('counts every answer once while answers arrive during rollups and reads', async () => {
          const prisma = database.db.prisma;
          const learners = activeToday(data).slice(0, 8);
          let clock = now.getTime();
          let done = false;
          const arrived: Dataset['answers'] = [];
          // Reads and writes interleave whatever the machine's speed: every tenth insert waits for
          // a read that ran while answers were arriving.
          let readDone = () => {};
          const nextRead = () => new Promise<void>((resolve) => (readDone = resolve));
          const inserting = (async () => {
            for (let i = 0; i < 40; i++) {
              if (i % 10 === 9) await nextRead();
              clock += 15_000;
              const batch = learners.slice(0, 2 + (i % 6)).map((learnerId, n) => ({
                learnerId,
                questionId: 'course-a/lesson-1/q1',
                chosen: n % 2 === 0 ? '3' : '1',
                correct: n % 2 === 0,
                retry: false,
                at: new Date(clock),
              }));
              await insertAnswers(prisma, data.learners, batch);
              arrived.push(...batch);
            }
            done = true;
          })();
          const stored = async () =>
            Number(
              (
                await prisma.$queryRaw<{ n: bigint }[]>`
                  SELECT count(*) AS n FROM answer_event WHERE answered_at >= '2026-03-14 17:00'::timestamp`
              )[0]!.n,
            );
          let reads = 0;
          while (!done) {
            now = new Date(clock);
            const before = await stored();
            const [overview] = await Promise.all([
              service().overview({ from: TODAY }),
              rollUpToday(prisma, { timeZone: TZ, now }),
            ]);
            const after = await stored();
            expect(overview.answers).toBeGreaterThanOrEqual(before);
            expect(overview.answers).toBeLessThanOrEqual(after);
            reads++;
            readDone();
          }
          await inserting;
          expect(reads).toBeGreaterThan(2);
          data = { ...data, answers: [...data.answers, ...arrived] };
          now = new Date(clock + 3 * 60_000);
          await rollUpToday(prisma, { timeZone: TZ, now });
          const today = expectedFigures(data, { from: TODAY }, TODAY);
          const [row] = await service().learners({ from: TODAY }, 'day');
          expect([row?.answers, row?.activeLearners]).toEqual([
            today.answers.length,
            new Set(today.answers.map((a) => a.learnerId)).size,
          ]);
          expect((await service().overview({ from: TODAY })).answers).toBe(today.answers.length);
        });

      // It writes today again from the base tables: before any learner is deleted.
      it('gives the same figures once the day closes and is written again in full', async () => {
        const day = { from: TODAY, to: TODAY };
        const figures = async () => {
          const withoutActive = (rows: { activeLearners: number }[]) =>
            rows.map(({ activeLearners: _, ...rest }) => rest);
          return {
            day: await service().learners(day, 'day'),
            provinces: await service().learners({ ...day, provinces: ['ha-noi'] }, 'platform'),
            questions: await service().questions(day),
            courses: await service().courses(day),
            referrals: withoutActive(await service().referrals(day)),
            allTime: withoutActive(await service().referrals({})),
          };
        };
        const before = await figures();
        const later = now;
        // Five minutes into the next local day: today's rows are replaced by the whole day's.
        now = new Date('2026-03-15T17:05:00Z');
        try {
          expect(await rollUpClosedDays(database.db.prisma, { timeZone: TZ, now })).toEqual({
            from: TODAY,
            to: TODAY,
          });
          expect((await service().overview({})).rolledUpThrough).toBe(TODAY);
          expect(await figures()).toEqual(before);
          await expectTotalsMatchDays(database.db.prisma);
        } finally {
          now = later;
        }
      });

      it('stores the active learners again from every learner on the first run of a day', async () => {
        const later = now;
        now = new Date('2026-03-15T17:05:00Z');
        try {
          expect(await refreshActiveLearners(database.db.prisma, { timeZone: TZ, now })).toEqual(
            new Date(now.getTime() - 2 * 60_000),
          );
          const tomorrow = addDays(TODAY, 1);
          for (const provinces of [undefined, ['ha-noi']]) {
            const mine = data.learners.filter((l) => !provinces || provinces.includes(l.province ?? ''));
            const since = (days: number) =>
              mine.filter((l) => localDay(l.lastActive) >= addDays(tomorrow, -days)).length;
            expect(await service().overview(provinces ? { provinces } : {})).toMatchObject({
              activeToday: since(0),
              active7Days: since(6),
              active30Days: since(29),
            });
          }
        } finally {
          now = later;
        }
      });

      // Last: the day's rows, written again, would no longer hold the deleted learner's answers.
      it('stops counting a learner who used /delete as active at once', async () => {
        const gone = data.learners.find(
          (l) => l.province === 'ninh-binh' && localDay(l.lastActive) >= addDays(TODAY, -6),
        )!;
        const counts = async () =>
          Promise.all(
            [{}, { provinces: ['ninh-binh'] }].map(async (filters) => {
              const { activeToday, active7Days, active30Days } = await service().overview(filters);
              return [activeToday, active7Days, active30Days];
            }),
          );
        const before = await counts();
        const today = localDay(gone.lastActive) === TODAY ? 1 : 0;
        await database.db.prisma.$executeRaw`DELETE FROM learner WHERE id = ${gone.id}`;
        data = { ...data, learners: data.learners.filter((l) => l !== gone) };
        expect(await counts()).toEqual(before.map(([t, d7, d30]) => [t! - today, d7! - 1, d30! - 1]));
      });
    },
  );
}
