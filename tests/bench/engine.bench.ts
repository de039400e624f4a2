/**
 * npm run bench:engine — learner turns through the web chat API, server in its own process.
 *  1. sequential turns of one learner: median / p99 (PostgreSQL: targets median ≤ 5 ms, p99 ≤ 25 ms;
 *     then embedded PGlite: median ≤ 20 ms)
 *  2. 200 concurrent learners for 15 s on PostgreSQL: turns/s and errors
 *  3. embedded default: ready time of a second start, RSS after 1,000 learners each completed a lesson
 * Needs PostgreSQL and Redis (TEST_POSTGRES_URL / TEST_REDIS_URL) for 1 and 2.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { deleteRedisKeys, TEST_REDIS_URL } from '../helpers/services';
import { writeContent } from '../support/content-fixture';
import { createPostgresDatabase } from '../support/test-app';
import { machineCheck, ms, startServerProcess, summarize } from './bench-kit';
import { atLeast, atMost, reportFigure, shortOr } from './bench-report';

const ONBOARD = ['/start', '1', '1', 'Hà Nội', '1'];
const LESSON = ['1', '1', '1', '1', '1', '1', '1'];

// undici's pool directly: a lighter client than fetch, so the load generator takes less of the CPU
// it shares with the server and PostgreSQL on this machine.
const agent = new Agent({ connections: 256, pipelining: 1 });

/** One learner as an API client: the first answer issues its session, later messages send it back. */
interface Learner {
  session: string;
}
const newLearner = (): Learner => ({ session: randomUUID() });

async function turn(url: string, learner: Learner, text: string): Promise<number> {
  const started = performance.now();
  const response = await request(`${url}/api/web-chat/messages`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session: learner.session, text }),
  });
  const body = (await response.body.json()) as { session?: string };
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  if (body.session) learner.session = body.session;
  return performance.now() - started;
}

async function sequential(url: string, turns: number): Promise<number[]> {
  const latencies: number[] = [];
  while (latencies.length < turns) {
    const session = newLearner();
    for (const text of [...ONBOARD, ...LESSON, ...LESSON, ...LESSON])
      latencies.push(await turn(url, session, text));
  }
  return latencies.slice(50);
}

async function concurrent(url: string, learners: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  let turns = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: learners }, async () => {
      while (performance.now() < deadline) {
        const session = newLearner();
        for (const text of [...ONBOARD, ...LESSON, ...LESSON]) {
          if (performance.now() >= deadline) break;
          try {
            latencies.push(await turn(url, session, text));
            turns++;
          } catch {
            errors++;
          }
        }
      }
    }),
  );
  return { turnsPerSecond: turns / seconds, errors, ...summarize(latencies) };
}

const common = {
  CONTENT_DIR: writeContent(),
  WEB_CHAT_SESSION_RATE: '1000000',
  WEB_CHAT_CLIENT_RATE: '100000000',
};

async function postgresScenarios() {
  const database = await createPostgresDatabase();
  const queuePrefix = `bench-${Date.now()}`;
  const server = await startServerProcess(
    {
      ...common,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      DATABASE_POOL_SIZE: '20',
    },
    3101,
  );
  try {
    await sequential(server.url, shortOr(60, 200));
    const one = summarize(await sequential(server.url, shortOr(300, 1000)));
    reportFigure(atMost('web-chat turn median, one learner, PostgreSQL', one.median, 5, 'ms'));
    reportFigure(atMost('web-chat turn p99, one learner, PostgreSQL', one.p99, 25, 'ms'));
    console.log(
      `PostgreSQL, one learner at a time: median ${ms(one.median)}, p99 ${ms(one.p99)} (${one.count} turns)`,
    );
    await concurrent(server.url, 200, shortOr(1, 3));
    const load = await concurrent(server.url, 200, shortOr(5, 15));
    reportFigure(atLeast('web-chat turns, 200 learners, PostgreSQL', load.turnsPerSecond, 1000, 'turns/s'));
    reportFigure(atMost('web-chat errors under load', load.errors, 0, ''));
    console.log(
      `PostgreSQL, 200 concurrent learners for ${shortOr(5, 15)} s: ${load.turnsPerSecond.toFixed(0)} turns/s, ${load.errors} errors, median ${ms(load.median)}, p99 ${ms(load.p99)}`,
    );
  } finally {
    await server.stop();
    await database.drop();
    await deleteRedisKeys(`${queuePrefix}:*`);
  }
}

async function embeddedScenarios() {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-bench-'));
  try {
    const first = await startServerProcess({ ...common, DATA_DIR: dataDir }, 3102);
    console.log(`Embedded, first start (creates and migrates the database): ready in ${ms(first.readyMs)}`);
    reportFigure({ figure: 'embedded first start, ready', target: '–', measured: first.readyMs, unit: 'ms' });
    await first.stop();
    const server = await startServerProcess({ ...common, DATA_DIR: dataDir }, 3102);
    console.log(
      `Embedded, second start: ready in ${ms(server.readyMs)}, RSS ${server.rssMb().toFixed(0)} MB`,
    );
    reportFigure(atMost('embedded second start, ready', server.readyMs, 5000, 'ms'));
    try {
      const one = summarize(await sequential(server.url, shortOr(300, 1000)));
      console.log(`Embedded, one learner at a time: median ${ms(one.median)}, p99 ${ms(one.p99)}`);
      reportFigure(atMost('web-chat turn median, one learner, embedded', one.median, 20, 'ms'));
      reportFigure({
        figure: 'web-chat turn p99, one learner, embedded',
        target: '–',
        measured: one.p99,
        unit: 'ms',
      });
      const learners = shortOr(100, 1000);
      let done = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (done < learners) {
            done++;
            const session = newLearner();
            for (const text of [...ONBOARD, ...LESSON]) await turn(server.url, session, text);
          }
        }),
      );
      console.log(
        `Embedded, after ${learners.toLocaleString('en')} learners each completed a lesson: RSS ${server.rssMb().toFixed(0)} MB`,
      );
      reportFigure(atMost(`embedded RSS after ${learners} learners`, server.rssMb(), 400, 'MB'));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `bench:engine on ${(await import('node:os')).cpus().length} cores — figures vary with machine load`,
);
console.log(machineCheck());
if (!process.argv.includes('--embedded-only')) await postgresScenarios();
await embeddedScenarios();
