import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { describeWithServices } from '../helpers/services';
import { createTelegramLearner } from '../support/drivers/telegram-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';
import { schemaTables } from './schema-tables';

/**
 * Tables that hold nothing about one learner, each with why. Every other table in the schema,
 * including any added later, is searched for the learner after /delete.
 */
const NO_LEARNER_DATA: Record<string, string> = {
  api_key: 'staff keys (name, role, hash)',
  audit_log: 'what staff did, by key name',
  volunteer: 'volunteers and their codes; learners point at them, not the other way',
  stats_activity: 'aggregates per day, month and all time by province, audience and platform',
  stats_question: 'the same per question',
  stats_wrong_choice: 'the same per wrong option',
  stats_funnel: 'the same per course and lesson',
  stats_referral: 'the same per referral code',
  stats_rollup: 'the last day rolled up',
};

const USER_ID = 918_273_645;
const NAME = 'Xoadulieuthu';
const TG_SECRET = 'delete-test-secret';

describeWithServices('/delete leaves no row about the learner', { postgres: true }, () => {
  let t: TestApp;
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await startFakeTelegram();
    t = await startTestApp({
      database: 'postgres',
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
        PUBLIC_URL: 'https://hocvuso.example.vn',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
  });

  const query = <T>(sql: string, ...values: unknown[]) =>
    t.app.db.prisma.$queryRawUnsafe<T[]>(sql, ...values);

  /** Rows of `table` that point at the learner's id or mention their Telegram id or name anywhere. */
  async function rowsAbout(table: string, learnerId: number): Promise<number> {
    const columns = await query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      table,
    );
    const byId = columns.some((c) => c.name === 'learner_id') ? ` OR t.learner_id = ${learnerId}` : '';
    const [row] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" t WHERE row_to_json(t)::text LIKE $1 OR row_to_json(t)::text LIKE $2${byId}`,
      `%${USER_ID}%`,
      `%${NAME}%`,
    );
    return row!.n;
  }

  it('checks every table of the schema, and no table has a row about them after /delete', async () => {
    const tables = schemaTables();
    for (const table of Object.keys(NO_LEARNER_DATA))
      expect(tables, `allow-list names ${table}`).toContain(table);
    const searched = tables.filter((table) => !NO_LEARNER_DATA[table]);

    const learner = createTelegramLearner({
      settled: settledOf(t.app),
      url: t.url,
      secret: TG_SECRET,
      fake: telegram,
      userId: USER_ID,
      firstName: NAME,
    });
    // Onboarding (with a referral code), a whole lesson, and a question for the tutor.
    for (const text of ['/start gvdelete', '1', '1', 'Hà Nội', '1', ...Array(7).fill('1')])
      await learner.say(text);
    const { id } = await t.app.db.prisma.learner.findFirstOrThrow({
      where: { platformUserId: String(USER_ID) },
    });
    const sent = telegram.sentTo(USER_ID).length;
    await learner.say('làm sao để bật wifi trên điện thoại?');
    await telegram.waitFor(() => telegram.sentTo(USER_ID).length >= sent + 2, 20_000, 'the tutor answer');

    // Before: the search finds them where a learner leaves traces.
    const before = Object.fromEntries(
      await Promise.all(searched.map(async (table) => [table, await rowsAbout(table, id)])),
    );
    for (const table of [
      'learner',
      'enrolment',
      'lesson_progress',
      'answer_event',
      'inbound_message',
      'outbound_message',
      'ai_answer',
    ])
      expect(before[table], `${table} holds rows about the learner before /delete`).toBeGreaterThan(0);

    await learner.say('/delete');
    const farewell = await learner.choose(1);
    expect(farewell.map((m) => m.text).join('\n')).toMatch(/đã (được )?xóa/i);
    await t.app.dispatcher.idle();
    await expect
      .poll(
        async () =>
          Object.fromEntries(
            await Promise.all(searched.map(async (table) => [table, await rowsAbout(table, id)])),
          ),
        {
          timeout: 10_000,
          interval: 200,
        },
      )
      .toEqual(Object.fromEntries(searched.map((table) => [table, 0])));
  }, 120_000);
});
