/**
 * The load generator of a webhook flood, run as a process of its own (`flood-run.ts` starts it) so
 * that the fake platform's work in the bench process never delays the offering or the reading of
 * acknowledgements. Posts `total` Zalo events at a fixed rate over at most `connections` keep-alive
 * connections (a platform delivers over a bounded set: Telegram's `max_connections` is 40 by
 * default, 100 at most), and times each acknowledgement from the moment it was due, so a request
 * that waited for a free connection counts its wait. Prints one JSON line with the figures.
 */
import http from 'node:http';
import { zaloUpdate } from '../support/drivers/zalo-learner';
import { summarize } from './bench-kit';

export interface FloodLoad {
  url: string;
  headers: Record<string, string>;
  prefix: string;
  learners: number;
  rate: number;
  total: number;
  connections: number;
}

export interface FloodLoadResult {
  tookMs: number;
  median: number;
  p99: number;
  max: number;
  failed: number;
  /** Per second of the flood: the slowest acknowledgement of an update due in it. */
  slowestBySecond: number[];
}

async function run(load: FloodLoad): Promise<FloodLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const latencies: number[] = [];
  const slowestBySecond: number[] = [];
  let failed = 0;
  const started = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < load.total; i++) {
    const due = started + (i * 1000) / load.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify(
      zaloUpdate({
        userId: `${load.prefix}-${i % load.learners}`,
        messageId: `${load.prefix}-m-${i}`,
        extra: { text: '1' },
      }),
    );
    posts.push(
      postOnce(load, agent, body).then((status) => {
        const took = performance.now() - due;
        latencies.push(took);
        const second = Math.floor((due - started) / 1000);
        slowestBySecond[second] = Math.max(slowestBySecond[second] ?? 0, Math.round(took));
        if (status !== 200) failed++;
      }),
    );
  }
  await Promise.all(posts);
  agent.destroy();
  const acks = summarize(latencies);
  return {
    tookMs: performance.now() - started,
    median: acks.median,
    p99: acks.p99,
    max: acks.max,
    failed,
    slowestBySecond,
  };
}

/** One POST; resolves with its status once the answer has been read (0: the request failed). */
function postOnce(load: FloodLoad, agent: http.Agent, body: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      load.url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...load.headers } },
      (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0)),
    );
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

const load = JSON.parse(process.argv[2] ?? '{}') as FloodLoad;
process.stdout.write(`${JSON.stringify(await run(load))}\n`);
