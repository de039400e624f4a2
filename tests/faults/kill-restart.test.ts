import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/db/open-database';
import { createLogger } from '../../bot/logger';
import { startServerProcess } from '../bench/bench-kit';
import { freePort } from '../helpers/free-port';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { writeContent } from '../support/content-fixture';
import { createWebLearner } from '../support/drivers/web-learner';
import { createPostgresDatabase } from '../support/test-app';

const ONBOARD_AND_OPEN_QUIZ = ['/start', '1', '1', '0', '1', '1', '1', '1'];

interface Row {
  platformUserId: string;
  state: { step: { at: string; queue?: string[]; size?: number } };
  answers: number;
}

/** How many answers a learner's saved state implies, for lesson one answered correctly (no retries). */
function impliedAnswers(state: Row['state']): number {
  if (state.step.at === 'question') return (state.step.size ?? 0) - (state.step.queue?.length ?? 0);
  if (state.step.at === 'lesson-end' || state.step.at === 'reminder-hour') return 3;
  return 0;
}

async function readRows(storage: { databaseUrl?: string; dataDir: string }): Promise<Row[]> {
  const db = await openDatabase({ ...storage, log: createLogger('silent') });
  try {
    const learners = await db.prisma.learner.findMany({ include: { _count: { select: { answers: true } } } });
    return learners.map((l) => ({
      platformUserId: l.platformUserId,
      state: l.state as unknown as Row['state'],
      answers: l._count.answers,
    }));
  } finally {
    await db.close();
  }
}

function killRestartSuite(
  name: string,
  prepare: () => Promise<{
    env: Record<string, string>;
    storage: { databaseUrl?: string; dataDir: string };
    cleanup: () => Promise<void>;
  }>,
) {
  describe(name, () => {
    let cleanup = async () => {};
    afterAll(async () => cleanup());

    it('keeps progress through kill -9 and never records an answer twice', async () => {
      const setup = await prepare();
      cleanup = setup.cleanup;
      const env = {
        ...setup.env,
        CONTENT_DIR: writeContent(),
        WEB_CHAT_SESSION_RATE: '100000',
        WEB_CHAT_CLIENT_RATE: '100000',
      };
      let server = await startServerProcess(env, await freePort());
      // One learner across restarts: a new driver each time (new URL), the same issued session.
      let session: string | undefined;
      const learner = () => {
        const driver = createWebLearner({ url: server.url, session });
        return {
          say: async (text: string) => {
            const seen = await driver.say(text);
            session = driver.session();
            return seen;
          },
        };
      };
      for (const text of ONBOARD_AND_OPEN_QUIZ) await learner().say(text);
      expect((await learner().say('1')).map((r) => r.text).join()).toContain('Câu 2/3');

      // Thirty learners are mid-lesson, answering, when the process dies without warning.
      const others = Array.from({ length: 30 }, () => createWebLearner({ url: server.url }));
      await Promise.all(
        others.map(async (other) => {
          for (const text of ONBOARD_AND_OPEN_QUIZ) await other.say(text);
        }),
      );
      const answering = others.map(async (other) => {
        for (let i = 0; i < 3; i++) await other.say('1');
      });
      await new Promise((resolve) => setTimeout(resolve, 15));
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await Promise.allSettled(answering);
      await exited;

      server = await startServerProcess(env, await freePort());
      try {
        const menu = await learner().say('/menu');
        expect(menu.at(-1)!.choices[0]).toContain('Học tiếp');
        expect((await learner().say('1')).map((r) => r.text).join()).toContain('Câu 2/3');
      } finally {
        await server.stop();
      }
      const rows = await readRows(setup.storage);
      expect(rows).toHaveLength(31);
      for (const row of rows) {
        expect({ learner: row.platformUserId, answers: row.answers }).toEqual({
          learner: row.platformUserId,
          answers: impliedAnswers(row.state),
        });
      }
    }, 120_000);
  });
}

killRestartSuite('kill -9 on the embedded default', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-kill-'));
  return {
    env: { DATA_DIR: dataDir },
    storage: { dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describeWithServices('kill -9 on PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  killRestartSuite('one bot process', async () => {
    const database = await createPostgresDatabase();
    const prefix = `kill-${randomUUID().slice(0, 8)}`;
    return {
      env: { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
      storage: { databaseUrl: database.url, dataDir: tmpdir() },
      cleanup: async () => {
        await database.drop();
        await deleteRedisKeys(`${prefix}:*`);
      },
    };
  });
});
