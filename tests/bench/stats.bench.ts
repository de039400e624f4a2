/**
 * npm run bench:stats — statistics at scale on PostgreSQL.
 *  1. seeds a dedicated database (created here, dropped at the end) with BENCH_LEARNERS learners
 *     (default 1,000,000) and 20 answers each (20,000,000 answer events), see stats-seed.ts
 *  2. rolls up the closed days and today so far (the stats-rollup job's work) and times it
 *  3. every statistics endpoint with filter combinations, through the HTTP layer (auth included):
 *     p50 / p95 of BENCH_RUNS runs each (targets: overview ≤ 50 ms, the rest ≤ 300 ms at p95),
 *     while answers keep arriving (BENCH_ARRIVALS answers/s, default 20) and today's rollup runs
 *     every 5 minutes as the job does
 *  4. the admin-only per-learner progress CSV of every learner, streamed over HTTP from the app
 *     started as `npm start` starts it (its heap flags): time and the app's peak RSS
 * BENCH_KEEP_DB=<name> keeps (and reuses) a seeded database instead of dropping it;
 * BENCH_CSV_ONLY=1 measures only the progress CSV; BENCH_NO_CSV=1 all but it.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { request } from 'undici';
import { apiV1Plugin } from '../../bot/admin/api-v1-plugin';
import { loadContent } from '../../bot/content/load-content';
import { openDatabase } from '../../bot/db/open-database';
import { createLogger } from '../../bot/logger';
import { refreshActiveLearners } from '../../bot/stats/recently-active';
import { rollUpClosedDays } from '../../bot/stats/rollup';
import { rollUpToday } from '../../bot/stats/rollup-today';
import { freePort } from '../helpers/free-port';
import { TEST_POSTGRES_URL } from '../helpers/services';
import { onServer, withDatabase } from '../helpers/test-database';
import {
  cpuSeconds,
  machineCheck,
  npmStartNodeFlags,
  percentile,
  postgresSeconds,
  startServerProcess,
} from './bench-kit';
import { atMost, reportFigure, shortOr } from './bench-report';
import { seedStatistics } from './stats-seed';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? shortOr(20_000, 1_000_000));
const RUNS = Number(process.env.BENCH_RUNS ?? shortOr(5, 20));
const ARRIVALS_PER_SECOND = Number(process.env.BENCH_ARRIVALS ?? 20);
const KEY = randomBytes(24).toString('hex');
const log = (line: string) => process.stdout.write(`${line}\n`);

const COMBINATIONS: [string, string][] = [
  ['no filter', ''],
  ['province', 'province=H%C3%A0%20N%E1%BB%99i'],
  ['audience', 'audience=elder'],
  ['platform', 'platform=zalo'],
  ['province+audience+platform', 'province=ngh%E1%BB%87%20an&audience=citizen&platform=telegram'],
  ['last 30 days', 'from=DAY30'],
  ['province+last 7 days', 'province=hue&from=DAY7'],
  ['audience+platform+dates', 'audience=student&platform=web&from=DAY90&to=DAY1'],
  // Ranges that start and end inside months: whole months plus (or less) days at each end.
  ['platform+mid-month dates', 'platform=zalo&from=DAY75&to=DAY20'],
  ['audience+province+last 60 days', 'audience=elder&province=hue&from=DAY60'],
  ['referral', 'referral=gv123'],
  ['referral+province+dates', 'referral=gv77&province=Ninh%20B%C3%ACnh&from=DAY90'],
];
const ENDPOINTS = [
  '/api/v1/stats/overview',
  '/api/v1/stats/learners?groupBy=day',
  '/api/v1/stats/learners?groupBy=week',
  '/api/v1/stats/learners?groupBy=month',
  '/api/v1/stats/learners?groupBy=province',
  '/api/v1/stats/learners?groupBy=audience',
  '/api/v1/stats/learners?groupBy=platform',
  '/api/v1/stats/learners?groupBy=referral',
  '/api/v1/stats/courses',
  '/api/v1/stats/questions',
];

function day(offset: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 - offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function main() {
  log(`bench:stats — ${machineCheck()}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  const keep = process.env.BENCH_KEEP_DB;
  const name = keep ?? `hocvuso_bench_stats_${randomBytes(4).toString('hex')}`;
  const exists = keep
    ? (await onServer((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]))).rowCount === 1
    : false;
  if (!exists) await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  // `npm run bench:all` stops a bench that overruns its time share with SIGTERM: drop the database then too.
  // (on, not once: the signal may come twice, from the process group and relayed by tsx.)
  let dropping = false;
  if (!keep)
    process.on('SIGTERM', () => {
      if (dropping) return;
      dropping = true;
      void onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).finally(() =>
        process.exit(143),
      );
    });
  const url = withDatabase(TEST_POSTGRES_URL, name);
  const db = await openDatabase({
    databaseUrl: url,
    dataDir: '/tmp',
    poolSize: 10,
    log: createLogger('silent'),
  });
  try {
    await db.migrate();
    const content = await loadContent('./content');
    if (!content.ok) throw new Error('content invalid');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const seeded = Number((await client.query('SELECT count(*) AS n FROM learner')).rows[0].n);
    if (seeded === 0) {
      const started = performance.now();
      log(
        `seeding ${LEARNERS.toLocaleString('en')} learners and ${(LEARNERS * 20).toLocaleString('en')} answers…`,
      );
      await seedStatistics(client, content.catalog, { learners: LEARNERS, answersPerLearner: 20, log });
      log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const counts = (
      await client.query(`SELECT (SELECT count(*) FROM learner) AS learners, (SELECT count(*) FROM answer_event) AS answers,
      (SELECT count(*) FROM answer_event WHERE answered_at >= now() - interval '1 day') AS answers_last_day`)
    ).rows[0];
    log(
      `database: ${Number(counts.learners).toLocaleString('en')} learners, ${Number(counts.answers).toLocaleString('en')} answer events (${Number(counts.answers_last_day).toLocaleString('en')} in the last 24 h)`,
    );
    await client.end();
    // The CSV reads the learners and their answers, not the rollups: no need to build them for it.
    if (process.env.BENCH_CSV_ONLY) {
      await measureCsv(url);
      return;
    }

    let started = performance.now();
    const written = await rollUpClosedDays(db.batchPrisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
    log(
      `rollup of closed days ${written ? `${written.from} … ${written.to}` : '(already done)'}: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    // Set back one day: the job's usual run after midnight writes one closed day.
    await db.prisma.$executeRaw`UPDATE stats_rollup SET through = ${day(2)}::date, until = NULL`;
    await rollUpClosedDays(db.batchPrisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
    log(`the job's daily run (one closed day): ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await db.prisma.$executeRaw`UPDATE stats_rollup SET active_until = NULL`;
    await refreshActiveLearners(db.batchPrisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
    log(
      `the active learners of 30 days stored (first run): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const arrivals = startArrivals(url, ARRIVALS_PER_SECOND);
    started = performance.now();
    await rollUpToday(db.batchPrisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
    log(
      `today's rollup, first run of the day (today so far): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    started = performance.now();
    const added = await rollUpToday(db.batchPrisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
    log(
      `today's rollup, a run of the job (${added ? Math.round((added.to.getTime() - added.from.getTime()) / 1000) : 0} s of answers at ${ARRIVALS_PER_SECOND}/s): ${(performance.now() - started).toFixed(0)} ms`,
    );
    // As the stats-rollup job does every 5 minutes.
    const job = setInterval(async () => {
      const options = { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() };
      await refreshActiveLearners(db.batchPrisma, options);
      await rollUpToday(db.batchPrisma, options);
    }, 5 * 60_000);

    const server = Fastify();
    await server.register(
      apiV1Plugin({
        prisma: db.prisma,
        catalog: content.catalog,
        adminApiKey: KEY,
        timeZone: 'Asia/Ho_Chi_Minh',
        publicUrl: 'http://localhost',
      }),
      { prefix: '/api/v1' },
    );
    const get = async (path: string) => {
      const t = performance.now();
      const response = await server.inject({
        method: 'GET',
        url: path,
        headers: { authorization: `Bearer ${KEY}` },
      });
      if (response.statusCode !== 200)
        throw new Error(`${path}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      return performance.now() - t;
    };
    log(
      `\nendpoint × filters: p50 / p95 of ${RUNS} runs (ms), ${ARRIVALS_PER_SECOND} answers/s arriving meanwhile`,
    );
    let worst = { p95: 0, what: '' };
    let worstOverview = 0;
    let worstToday = { p95: 0, what: '' };
    for (const endpoint of ENDPOINTS) {
      const cells: string[] = [];
      // CPU per request depends less on how busy the machine is than the wall clock does.
      const cpuBefore = { pg: postgresSeconds(name), node: cpuSeconds(process.pid) };
      let requests = 0;
      for (const [label, query] of COMBINATIONS) {
        const path = `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query.replace(/DAY(\d+)/g, (_, n) => day(Number(n)))}`;
        const times: number[] = [];
        try {
          await get(path);
          for (let i = 0; i < RUNS; i++) times.push(await get(path));
          requests += RUNS + 1;
        } catch (error) {
          // A statement over the client's 8 s query timeout is a 500: say so and go on.
          cells.push(`${label} FAILED (${(error as Error).message.slice(-60)})`);
          worst = { p95: Number.POSITIVE_INFINITY, what: `${endpoint} with ${label}` };
          continue;
        }
        times.sort((a, b) => a - b);
        const p95 = percentile(times, 95);
        if (endpoint.endsWith('overview')) worstOverview = Math.max(worstOverview, p95);
        if (p95 > worst.p95) worst = { p95, what: `${endpoint} with ${label}` };
        if (!query.includes('to=') && p95 > worstToday.p95)
          worstToday = { p95, what: `${endpoint} with ${label}` };
        cells.push(`${label} ${percentile(times, 50).toFixed(0)}/${p95.toFixed(0)}`);
      }
      const perRequest = (seconds: number) => ((1000 * seconds) / Math.max(1, requests)).toFixed(1);
      log(
        `${endpoint}: ${cells.join(' · ')} | CPU per request: postgres ${perRequest(postgresSeconds(name) - cpuBefore.pg)} ms, bench process ${perRequest(cpuSeconds(process.pid) - cpuBefore.node)} ms`,
      );
    }
    clearInterval(job);
    log(
      `worst p95: ${worst.p95.toFixed(0)} ms (${worst.what}), target ≤ 300; overview worst p95 ${worstOverview.toFixed(0)} ms, target ≤ 50`,
    );
    const scale = `${LEARNERS.toLocaleString('en')} learners`;
    reportFigure(atMost(`stats overview worst p95, ${scale}`, worstOverview, 50, 'ms'));
    reportFigure(atMost(`stats endpoints worst p95, ${scale}`, worst.p95, 300, 'ms'));
    log(`worst p95 of ranges that include today: ${worstToday.p95.toFixed(0)} ms (${worstToday.what})`);
    log(`answers arrived during the timings: ${(await arrivals.stop()).toLocaleString('en')}`);
    log(`${machineCheck()}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
    await server.close();
    if (!process.env.BENCH_NO_CSV) await measureCsv(url);
  } finally {
    await db.close();
    if (!keep) await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** Answers from random learners, now, at a steady rate: today keeps growing while reads run. */
function startArrivals(url: string, perSecond: number) {
  const client = new pg.Client({ connectionString: url });
  let count = 0;
  let stopped = false;
  const running = (async () => {
    await client.connect();
    while (!stopped) {
      const tick = performance.now();
      const result = await client.query(
        `INSERT INTO answer_event (learner_id, course_id, lesson_id, question_id, chosen, correct, is_retry, platform, province, audience, answered_at)
         SELECT l.id, split_part(q.question_id, '/', 1), split_part(q.question_id, '/', 2), q.question_id, '2', random() < 0.6, false,
           l.platform, l.province, l.audience, now() AT TIME ZONE 'UTC'
         FROM (SELECT 1 + (random() * (SELECT max(id) - 1 FROM learner))::int AS id FROM generate_series(1, $1)) r
         JOIN learner l USING (id), LATERAL (SELECT question_id FROM answer_event WHERE learner_id = l.id LIMIT 1) q`,
        [Math.max(1, Math.round(perSecond / 5))],
      );
      count += result.rowCount ?? 0;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 200 - (performance.now() - tick))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      await client.end();
      return count;
    },
  };
}

/** The progress CSV of every learner from the app as `npm start` runs it, and the app's RSS meanwhile. */
async function measureCsv(url: string) {
  const app = await startServerProcess(
    { DATABASE_URL: url, ADMIN_API_KEY: KEY, DATA_DIR: '/tmp', LOG_LEVEL: 'warn' },
    await freePort(),
  );
  try {
    const rss = () => {
      if (app.child.exitCode !== null || app.child.signalCode !== null)
        throw new Error(`the app exited (${app.child.exitCode ?? app.child.signalCode})`);
      return app.rssMb();
    };
    const before = rss();
    let peak = before;
    let lost: unknown;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rss());
      } catch (error) {
        lost ??= error;
      }
    }, 50);
    const started = performance.now();
    const response = await request(`${app.url}/api/v1/stats/progress`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
    }
    clearInterval(sampler);
    if (lost) throw lost;
    log(
      `\nprogress CSV: ${(lines - 1).toLocaleString('en')} learners, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s; app (${npmStartNodeFlags().join(' ')}) RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB while streaming (target ≤ 200)`,
    );
    const scale = `${LEARNERS.toLocaleString('en')} learners`;
    reportFigure(atMost(`progress CSV peak RSS (npm start heap), ${scale}`, peak, 200, 'MB'));
  } finally {
    await app.stop();
  }
}

await main();
