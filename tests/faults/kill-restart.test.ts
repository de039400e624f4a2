import { afterAll, describe, expect, it } from 'vitest';
import { startAppProcess } from '../helpers/app-process';
import { freePort } from '../helpers/free-port';
import { writeContent } from '../support/content-fixture';
import { createWebLearner } from '../support/drivers/web-learner';
import { impliedAnswers, type StepState } from './harness/ledger';
import { onBothStorages, type Storage } from './harness/storage-suite';

const ONBOARD_AND_OPEN_QUIZ = ['/start', '1', '1', '0', '1', '1', '1', '1'];

interface Row {
  platformUserId: string;
  state: StepState;
  answers: number;
}

async function readRows(storage: Storage): Promise<Row[]> {
  return storage.read(async (db) => {
    const learners = await db.prisma.learner.findMany({ include: { _count: { select: { answers: true } } } });
    return learners.map((l) => ({
      platformUserId: l.platformUserId,
      state: l.state as unknown as Row['state'],
      answers: l._count.answers,
    }));
  });
}

function killRestartSuite(name: string, prepare: () => Promise<Storage>) {
  describe(name, () => {
    let cleanup = async () => {};
    afterAll(async () => cleanup());

    it('keeps progress through kill -9 and never records an answer twice', async () => {
      const storage = await prepare();
      cleanup = storage.cleanup;
      const env = {
        ...storage.env,
        CONTENT_DIR: writeContent(),
        WEB_CHAT_SESSION_RATE: '100000',
        WEB_CHAT_CLIENT_RATE: '100000',
      };
      const port = await freePort();
      let server = await startAppProcess({ env, port });
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
      const killed = server.kill9();
      await Promise.allSettled(answering);
      await killed;

      server = await startAppProcess({ env, port });
      try {
        const menu = await learner().say('/menu');
        expect(menu.at(-1)!.choices[0]).toContain('Học tiếp');
        expect((await learner().say('1')).map((r) => r.text).join()).toContain('Câu 2/3');
      } finally {
        await server.stop();
      }
      const rows = await readRows(storage);
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

onBothStorages('kill -9', killRestartSuite);
