/**
 * npm run bench:zalo — the Zalo channel on PostgreSQL + Redis against the fake Bot API.
 *  1. webhook intake alone (verify, validate, de-duplicate, record) vs a bare Fastify route that only
 *     parses the same JSON: autocannon, 100 connections, every event unique
 *  2. the same against the whole app (every event also starts a turn in the background)
 *  3. full turns, closed loop: 2,000 learners, event in → last reply message at the fake
 *  4. full turns, open loop at 300 turns/s: event → first and last reply message, p50/p99
 *  5. a webhook flood to the whole app (BENCH_FLOOD_RATE updates/s, default 2000, for
 *     BENCH_FLOOD_SECONDS, default 30, 10 in short mode) from a load process of its own:
 *     acknowledgement p50/p99, then how long until every update is answered, none lost or twice
 * The app runs in a child process (this file with --serve) so load and fake do not share its CPU.
 * Options (env): BENCH_PROCESSES (app processes, default 1), BENCH_SECONDS (default 10), BENCH_LEARNERS (2000), BENCH_RATE (300),
 * BENCH_SEND_RATE (20000: the per-bot send limit; ZALO_SEND_RATE caps at 1000), BENCH_ONLY
 * (intake | intake-alone | intake-whole | turns | flood; BENCH_FLOOD_TARGET=intake floods the intake-only server), BENCH_EMBEDDED=1 (the embedded default instead of PostgreSQL + Redis), BENCH_POOL (DATABASE_POOL_SIZE, default 10), BENCH_CPU_PROF (a directory: the app process writes a --cpu-prof profile there).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { deleteRedisKeys, TEST_REDIS_URL } from '../helpers/services';
import { writeContent } from '../support/content-fixture';
import { freePort, zaloUpdate } from '../support/drivers/zalo-learner';
import { createPostgresDatabase } from '../support/test-app';
import {
  backlogDrained,
  machineCheck,
  measureCpu,
  ms,
  npmStartNodeFlags,
  profileFlags,
  summarize,
} from './bench-kit';
import { atLeast, atMost, reportFigure, shortOr } from './bench-report';
import { floodRun } from './flood-run';

const SECRET = 'bench-webhook-secret';
const SECONDS = Number(process.env.BENCH_SECONDS ?? shortOr(4, 10));
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 300);
/** Bot processes sharing the database and Redis; learners are spread over them by id. */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1);
/** BENCH_EMBEDDED=1: the app as `npm start` runs it with no services (one process). */
const EMBEDDED = process.env.BENCH_EMBEDDED === '1';

type Autocannon = (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

/** Child: the real app (webhook mode) plus an intake-only server and a bare JSON route. */
async function serve(): Promise<void> {
  const { createApp } = await import('../../bot/app');
  const { loadConfig } = await import('../../bot/config');
  const { createLogger } = await import('../../bot/logger');
  const config = loadConfig(process.env);
  // ZALO_SEND_RATE caps at 1,000/s; a turn sends 1-3 calls, so the bench lifts the limit here.
  if (config.zalo) config.zalo.sendRate = Number(process.env.BENCH_SEND_RATE ?? 20_000);
  const log = createLogger('warn', config.secrets);
  const app = await createApp(config, 'all', log);
  const { url } = await app.start();
  const intakeUrl = await intakeOnlyServer(app.store, log);
  process.stdout.write(`${JSON.stringify({ appUrl: url, intakeUrl })}\n`);
  process.on('SIGTERM', () => {
    void app.stop().then(() => process.exit(0));
  });
}

/** The Zalo webhook route with real intake (PostgreSQL batches) but no turns, and a bare route. */
async function intakeOnlyServer(
  store: import('../../bot/store/learner-store').LearnerStore,
  log: import('../../bot/logger').Logger,
): Promise<string> {
  const { default: Fastify } = await import('fastify');
  const { installErrorHandler } = await import('../../bot/server/error-handler');
  const { createIntake } = await import('../../bot/turns/intake');
  const { createZaloReceiver } = await import('../../bot/channels/zalo/zalo-receiver');
  const { zaloWebhookRoute } = await import('../../bot/channels/zalo/zalo-webhook');
  const server = Fastify({ bodyLimit: 1024 * 1024 });
  installErrorHandler(server);
  // Timed, so the report can say how much of a request is the batched INSERT.
  const batches = { count: 0, rows: 0, ms: 0 };
  const timed = {
    ...store,
    async recordInbound(records: Parameters<typeof store.recordInbound>[0]) {
      const started = performance.now();
      try {
        return await store.recordInbound(records);
      } finally {
        batches.count++;
        batches.rows += records.length;
        batches.ms += performance.now() - started;
      }
    },
  };
  const intake = createIntake({ store: timed, log, onNew: () => {}, gatherFirst: !process.env.DATABASE_URL });
  server.get('/batches', async () => {
    const result = { ...batches };
    Object.assign(batches, { count: 0, rows: 0, ms: 0 });
    return result;
  });
  const groupNote = { offer: async () => false };
  zaloWebhookRoute(server, { secret: SECRET, receiver: createZaloReceiver({ intake, groupNote, log }) });
  server.post('/bare', async (request) => ({ ok: typeof request.body === 'object' }));
  return server.listen({ port: 0, host: '127.0.0.1' });
}

async function main(): Promise<void> {
  const fake = await startFakeZaloServer();
  const database = await createPostgresDatabase();
  databaseName = EMBEDDED ? undefined : database.url.split('/').at(-1);
  const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-bench-'));
  const content = writeContent();
  const children: Awaited<ReturnType<typeof startChild>>[] = [];
  try {
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      children.push(
        await startChild({
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          ...(EMBEDDED
            ? { DATA_DIR: dataDir }
            : {
                DATABASE_URL: database.url,
                REDIS_URL: TEST_REDIS_URL,
                QUEUE_PREFIX: `bench-${database.url.split('/').at(-1)}`,
                DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '10',
              }),
          CONTENT_DIR: content,
          ZALO_BOT_TOKEN: fake.token,
          ZALO_API_BASE: fake.url,
          ZALO_WEBHOOK_SECRET: SECRET,
          LOG_LEVEL: 'warn',
        }),
      );
    }
    appPids = children.map((child) => child.child.pid!);
    console.log(
      `Zalo bench: ${SECONDS} s per run, ${LEARNERS} learners, ${PROCESSES} app process(es)` +
        (EMBEDDED ? ', embedded default (PGlite, in-process queue)' : ', PostgreSQL + Redis'),
    );
    console.log(`${machineCheck()}\n`);
    const only = process.env.BENCH_ONLY;
    const databaseUrl = EMBEDDED ? undefined : database.url;
    if (only === undefined || only === 'intake' || only === 'intake-alone' || only === 'intake-whole')
      await intakeRuns(children[0]!.intakeUrl, children[0]!.appUrl, databaseUrl, fake);
    if (only === undefined || only === 'turns')
      await turnRuns(
        children.map((child) => child.appUrl),
        fake,
      );
    if (only === undefined || only === 'flood')
      await floodRun({
        // BENCH_FLOOD_TARGET=intake: the same flood to the intake-only server (no turns), to see
        // what this machine's load generator and intake can do without the turns.
        target: process.env.BENCH_FLOOD_TARGET === 'intake' ? 'intake' : 'app',
        appUrl: process.env.BENCH_FLOOD_TARGET === 'intake' ? children[0]!.intakeUrl : children[0]!.appUrl,
        path: '/webhooks/zalo',
        headers: { 'x-bot-api-secret-token': SECRET },
        learners: LEARNERS,
        rate: Number(process.env.BENCH_FLOOD_RATE ?? 2000),
        seconds: Number(process.env.BENCH_FLOOD_SECONDS ?? shortOr(10, 30)),
        appPids,
        databaseUrl,
      });
  } finally {
    for (const { child } of children)
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(`bench-${database.url.split('/').at(-1)}:*`);
    await fake.close();
  }
}

async function startChild(env: Record<string, string>) {
  // The app runs with `npm start`'s heap flags, as in production.
  const child = spawn(
    process.execPath,
    [...profileFlags(), ...npmStartNodeFlags(), '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{"appUrl"')) continue;
    lines.on('line', (rest) => process.stdout.write(`[app] ${rest}\n`));
    const ready = JSON.parse(line) as { appUrl: string; intakeUrl: string };
    return { child: child as ChildProcess, ...ready };
  }
  throw new Error('the app process exited before it was ready');
}

let appPids: number[] = [];
/** The bench's own database (unset for the embedded default). */
let databaseName: string | undefined;
const measured = <T>(work: () => Promise<T>) => measureCpu(appPids, work, databaseName);

let sequence = 0;
function uniqueEvent(prefix: string): string {
  sequence++;
  return JSON.stringify(
    zaloUpdate({
      userId: `${prefix}-${sequence % LEARNERS}`,
      messageId: `m-${process.pid}-${sequence}`,
      extra: { text: '1' },
    }),
  );
}

/** `learners` names who sends: each run has its own, so one run never drains another's backlog. */
async function cannon(url: string, path: string, learners = 'intake', seconds = SECONDS) {
  const autocannon = (await import('autocannon' as string)).default as Autocannon;
  return measured(() =>
    autocannon({
      url,
      connections: 100,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
          setupRequest: (request: Record<string, unknown>) => ({ ...request, body: uniqueEvent(learners) }),
        },
      ],
    }),
  );
}

async function intakeRuns(
  intakeUrl: string,
  appUrl: string,
  /** Unset for the embedded default: the bench cannot look into its database while it runs. */
  databaseUrl: string | undefined,
  fake: FakeZaloServer,
): Promise<void> {
  const line = (name: string, r: Awaited<ReturnType<typeof cannon>>) =>
    console.log(
      `${name.padEnd(46)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${ms(r.latency.p50)}  p99 ${ms(r.latency.p99)}  non-2xx ${r.non2xx}  errors ${r.errors}  ${r.cpu}`,
    );
  if (process.env.BENCH_ONLY !== 'intake-whole') await intakeAlone(intakeUrl, line, databaseUrl);
  if (process.env.BENCH_ONLY === 'intake-alone') return;
  // Warm up the app's whole path (a fresh process runs slower while V8 compiles), then measure.
  await cannon(appUrl, '/webhooks/zalo', 'warm', 3);
  if (databaseUrl) await backlogDrained(databaseUrl, 'warm-');
  await repliesSettled(fake, 'warm-');
  const whole = await cannon(appUrl, '/webhooks/zalo', 'whole');
  line('Zalo webhook on the whole app (turns running)', whole);
  // The turns those events started go on after the flood: report how long the backlog takes.
  if (databaseUrl) {
    const drained = await backlogDrained(databaseUrl, 'whole-');
    console.log(
      `  turns behind when the flood ended: ${drained.pending}; all turns done ${ms(drained.ms)} later ` +
        `(${((drained.pending / drained.ms) * 1000).toFixed(0)} messages/s)`,
    );
  }
  console.log(
    `  last reply to the flood: ${ms(await repliesSettled(fake, 'whole-'))} after it ended (or the turns did)`,
  );
  await waitForQuiet(appUrl);
  console.log('');
}

/**
 * Waits until the fake has had no reply to these learners for 2 s (a chat's own pace spaces its
 * replies up to a second apart); when the last one came.
 */
async function repliesSettled(fake: FakeZaloServer, prefix: string): Promise<number> {
  const since = performance.now();
  let last = since;
  const onCall = (call: { method: string; body: Record<string, unknown> }) => {
    if (call.method === 'sendMessage' && String(call.body.chat_id).startsWith(prefix))
      last = performance.now();
  };
  fake.events.on('call', onCall);
  while (performance.now() - last < 2000) await new Promise((resolve) => setTimeout(resolve, 100));
  fake.events.off('call', onCall);
  return last - since;
}

async function intakeAlone(
  intakeUrl: string,
  line: (name: string, r: Awaited<ReturnType<typeof cannon>>) => void,
  databaseUrl: string | undefined,
): Promise<void> {
  await cannon(intakeUrl, '/bare');
  const bare = await cannon(intakeUrl, '/bare');
  line('bare Fastify route (parse JSON only)', bare);
  await fetch(`${intakeUrl}/batches`);
  const intake = await cannon(intakeUrl, '/webhooks/zalo');
  line('Zalo webhook intake (verify+validate+record)', intake);
  reportFigure(atLeast('Zalo webhook intake alone', intake.requests.average, 5000, '/s'));
  reportFigure(atMost('Zalo webhook intake alone p99', intake.latency.p99, 50, 'ms'));
  const batches = (await (await fetch(`${intakeUrl}/batches`)).json()) as {
    count: number;
    rows: number;
    ms: number;
  };
  console.log(
    `  intake wrote ${batches.count} batches of ${(batches.rows / batches.count).toFixed(0)} rows on average, ` +
      `${(batches.ms / batches.count).toFixed(1)} ms each (up to three in flight)`,
  );
  console.log(
    `  intake / bare throughput ratio: ${(intake.requests.average / bare.requests.average).toFixed(2)}`,
  );
  // Nothing runs these turns but the app's inbox sweep, which would run tens of thousands of them
  // during the next measurements: they were only there to be recorded.
  if (databaseUrl) await markProcessed(databaseUrl, 'intake-');
}

async function markProcessed(databaseUrl: string, prefix: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      'UPDATE inbound_message SET processed_at = now() WHERE processed_at IS NULL AND platform_user_id LIKE $1',
      [`${prefix}%`],
    );
  } finally {
    await client.end();
  }
}

/**
 * Waits until the app answers a probe quickly again (the backlog of turns is done); on a busy
 * machine a probe may never be that quick, so at most 20 s.
 */
async function waitForQuiet(appUrl: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    await fetch(`${appUrl}/healthz`);
    if (performance.now() - started < 5) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log('  (the app still answered /healthz slowly after 20 s: going on)');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function postEvent(appUrl: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${appUrl}/webhooks/zalo`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Waiting {
  sentAt: number;
  first?: number;
  resolve: (times: { first: number; last: number }) => void;
}

/** Each learner always writes to the same process, as a sticky load balancer would route them. */
function urlFor(appUrls: string[], userId: string): string {
  return appUrls[Number(userId.split('-').at(-1)) % appUrls.length]!;
}

/** A turn with no complete reply by then fails the bench rather than hanging it. */
const TURN_TIMEOUT_MS = 60_000;

/**
 * Follows what the fake receives: a turn is answered when a message ending in a choice hint
 * arrives. A learner's turns are answered in order, so when the open loop comes back to a learner
 * whose previous turn is still running, the replies go to the oldest turn first.
 */
function replyTracker(fake: FakeZaloServer) {
  const waiting = new Map<string, Waiting[]>();
  fake.events.on('call', (call: { method: string; body: Record<string, unknown>; status: number }) => {
    if (call.method !== 'sendMessage' || call.status !== 200) return;
    const userId = String(call.body.chat_id);
    const turns = waiting.get(userId);
    const entry = turns?.[0];
    if (!entry) return;
    const now = performance.now();
    entry.first ??= now;
    if (/\n👉 (Trả lời|Reply) /.test(String(call.body.text))) {
      turns.shift();
      if (turns.length === 0) waiting.delete(userId);
      entry.resolve({ first: entry.first - entry.sentAt, last: now - entry.sentAt });
    }
  });
  return {
    async turn(appUrl: string, userId: string, text: string) {
      const done = new Promise<{ first: number; last: number }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no complete reply to ${userId} within ${TURN_TIMEOUT_MS / 1000} s`)),
          TURN_TIMEOUT_MS,
        );
        const entry: Waiting = {
          sentAt: performance.now(),
          resolve: (times) => {
            clearTimeout(timer);
            resolve(times);
          },
        };
        waiting.set(userId, [...(waiting.get(userId) ?? []), entry]);
      });
      const event = JSON.stringify(zaloUpdate({ userId, extra: { text } }));
      const status = await postEvent(appUrl, event);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      return done;
    },
  };
}

async function turnRuns(appUrls: string[], fake: FakeZaloServer): Promise<void> {
  const tracker = replyTracker(fake);
  const users = Array.from({ length: LEARNERS }, (_, i) => `turns-${i}`);
  // Each learner is onboarded by the first turns; "1" then walks on: consent, language, province,
  // group, course, cards, answers, next lesson…
  const started = performance.now();
  await Promise.all(users.map((userId) => tracker.turn(urlFor(appUrls, userId), userId, '/start')));
  console.log(`first turn of ${LEARNERS} new learners (greeting): ${ms(performance.now() - started)} in all`);

  const callsBefore = fake.calls.length;
  const closed = await measured(() => closedLoop(appUrls, tracker, users));
  const calls = fake.calls
    .slice(callsBefore)
    .filter((call) => String(call.body.chat_id).startsWith('turns-'));
  const per = (method: string) =>
    (calls.filter((call) => call.method === method).length / closed.turns).toFixed(2);
  console.log(
    `closed loop, ${LEARNERS} learners: ${closed.turnsPerSecond.toFixed(0)} turns/s (event → last reply ` +
      `p50 ${ms(closed.last.median)}, p99 ${ms(closed.last.p99)}; → first reply p99 ${ms(closed.first.p99)})  ${closed.cpu}`,
  );
  console.log(`  CPU per turn: ${closed.perTurn(closed.turns)}`);
  reportFigure(
    atLeast(
      `Zalo full turns, closed loop, ${LEARNERS.toLocaleString('en')} learners, ${PROCESSES} process(es)`,
      closed.turnsPerSecond,
      1000,
      'turns/s',
    ),
  );
  console.log(
    `Bot API calls per turn: sendMessage ${per('sendMessage')}, sendChatAction ${per('sendChatAction')}`,
  );
  for (const url of appUrls) await waitForQuiet(url);
  const open = await measured(() => openLoop(appUrls, tracker, users));
  console.log(
    `open loop at ${RATE} turns/s for ${SECONDS} s: ${open.last.count} turns; event → first reply ` +
      `p50 ${ms(open.first.median)} p99 ${ms(open.first.p99)}; → last reply p50 ${ms(open.last.median)} ` +
      `p99 ${ms(open.last.p99)} max ${ms(open.last.max)}  ${open.cpu}`,
  );
  reportFigure(atMost(`Zalo event → last reply p99, open loop at ${RATE} turns/s`, open.last.p99, 150, 'ms'));
}

/** Every learner answers as soon as the previous reply is complete, for SECONDS. */
async function closedLoop(appUrls: string[], tracker: ReturnType<typeof replyTracker>, users: string[]) {
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const lasts: number[] = [];
  const firsts: number[] = [];
  await Promise.all(
    users.map(async (userId) => {
      while (performance.now() < deadline) {
        const times = await tracker.turn(urlFor(appUrls, userId), userId, '1');
        lasts.push(times.last);
        firsts.push(times.first);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    turns: lasts.length,
    turnsPerSecond: lasts.length / seconds,
    first: summarize(firsts),
    last: summarize(lasts),
  };
}

async function openLoop(appUrls: string[], tracker: ReturnType<typeof replyTracker>, users: string[]) {
  const total = RATE * SECONDS;
  const started = performance.now();
  const firsts: number[] = [];
  const lasts: number[] = [];
  const turns: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    turns.push(
      tracker.turn(urlFor(appUrls, users[i % users.length]!), users[i % users.length]!, '1').then((times) => {
        firsts.push(times.first);
        lasts.push(times.last);
      }),
    );
  }
  await Promise.all(turns);
  return { first: summarize(firsts), last: summarize(lasts) };
}

if (process.argv.includes('--serve')) await serve();
else await main();
