import http from 'node:http';
import { backlogDrained, ms, summarize } from './bench-kit';

/**
 * A webhook flood at a fixed offered rate (open loop: senders never wait for the app), then a
 * check on PostgreSQL that every update was processed once and answered once (one outbox row per
 * update that needs an answer, none twice).
 */
export async function floodRun(options: {
  appUrl: string;
  path: string;
  headers: Record<string, string>;
  /** The update JSON for the n-th event, from a learner whose id starts with `prefix`. */
  event: (n: number, prefix: string) => string;
  rate: number;
  seconds: number;
  databaseUrl?: string;
}): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const prefix = `flood${Date.now() % 100_000}`;
  const total = options.rate * options.seconds;
  // A running app, as a platform finds it: 3 s of a quarter of the rate from other learners, answered
  // before the flood (a cold process spent its first seconds compiling and opening connections).
  const warmup = `warm${Date.now() % 100_000}`;
  const warmupTotal = Math.round((options.rate / 4) * 3);
  await Promise.all(
    Array.from({ length: warmupTotal }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 4000) / options.rate));
      await postOnce(options, agent, options.event(i, warmup));
    }),
  );
  if (options.databaseUrl) await backlogDrained(options.databaseUrl, `${warmup}-`);
  const latencies: number[] = [];
  /** Per second of the flood: the slowest acknowledgement of an update sent in it. */
  const slowestBySecond: number[] = [];
  let failed = 0;
  const post = async (body: string) => {
    const sent = performance.now();
    const status = await postOnce(options, agent, body);
    const took = performance.now() - sent;
    latencies.push(took);
    const second = Math.floor((sent - started) / 1000);
    slowestBySecond[second] = Math.max(slowestBySecond[second] ?? 0, took);
    if (status !== 200) failed++;
  };
  const started = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    posts.push(post(options.event(i, prefix)));
  }
  await Promise.all(posts);
  const ended = performance.now();
  const acks = summarize(latencies.sort((a, b) => a - b));
  console.log(
    `flood: ${total} updates offered at ${options.rate}/s for ${options.seconds} s (took ${ms(ended - started)}): ` +
      `acknowledged p50 ${ms(acks.median)} p99 ${ms(acks.p99)} max ${ms(acks.max)}; not 200: ${failed}`,
  );
  console.log(
    `  slowest acknowledgement per second sent: ${slowestBySecond.map((t) => Math.round(t)).join(' ')} ms`,
  );
  if (!options.databaseUrl) return;
  const drained = await backlogDrained(options.databaseUrl, `${prefix}-`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(DISTINCT i.id)::int AS updates, count(o.id)::int AS answers,
              count(DISTINCT o.inbound_id)::int AS answered
       FROM inbound_message i LEFT JOIN outbound_message o ON o.inbound_id = i.id
       WHERE i.platform_user_id LIKE $1`,
      [`${prefix}-%`],
    );
    const r = rows[0] as { updates: number; answers: number; answered: number };
    console.log(
      `  all answered ${ms(drained.ms)} after the flood ended ` +
        `(${drained.pending} still queued then); updates recorded ${r.updates} of ${total}, ` +
        `answered ${r.answered}, answers written ${r.answers} (twice: ${r.answers - r.answered}, lost: ${total - r.updates})`,
    );
  } finally {
    await client.end();
  }
}

/** One POST; resolves with its status once the answer has been read (0: the request failed). */
function postOnce(
  options: { appUrl: string; path: string; headers: Record<string, string> },
  agent: http.Agent,
  body: string,
): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      `${options.appUrl}${options.path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...options.headers } },
      (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0)),
    );
    request.on('error', () => resolve(0));
    request.end(body);
  });
}
