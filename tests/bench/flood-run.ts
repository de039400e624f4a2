import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backlogDrained, cpuSeconds, ms, postgresSeconds } from './bench-kit';
import { atMost, reportFigure } from './bench-report';
import type { FloodLoad, FloodLoadResult } from './flood-load';

/** Keep-alive connections the load uses at most: Telegram's `max_connections` at its maximum. */
const CONNECTIONS = 100;

/**
 * A Zalo webhook flood at a fixed offered rate (open loop: the load never waits for the app), from
 * a load process of its own, then a check on PostgreSQL that every update was processed once and
 * answered once (one outbox row per update that needs an answer, none twice).
 */
export async function floodRun(options: {
  /** The whole app, or the intake-only server (whose turns never run: nothing to wait for). */
  target: 'app' | 'intake';
  appUrl: string;
  path: string;
  headers: Record<string, string>;
  learners: number;
  rate: number;
  seconds: number;
  /** The app's processes and database, for the CPU each side used during the flood. */
  appPids: number[];
  databaseUrl?: string;
}): Promise<void> {
  const load = (prefix: string, rate: number, seconds: number): FloodLoad => ({
    url: `${options.appUrl}${options.path}`,
    headers: options.headers,
    prefix,
    learners: options.learners,
    rate,
    total: Math.round(rate * seconds),
    connections: CONNECTIONS,
  });
  // A running app, as a platform finds it: 3 s of a quarter of the rate from other learners, answered
  // before the flood (a cold process spent its first seconds compiling and opening connections).
  const warmup = `warm${Date.now() % 100_000}`;
  await runLoad(load(warmup, options.rate / 4, 3));
  if (options.databaseUrl) await backlogDrained(options.databaseUrl, `${warmup}-`);

  const prefix = `flood${Date.now() % 100_000}`;
  const database = options.databaseUrl?.split('/').at(-1);
  const appCpu = () => options.appPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const before = { app: appCpu(), bench: cpuSeconds(process.pid), pg: postgresSeconds(database) };
  const acks = await runLoad(load(prefix, options.rate, options.seconds));
  const seconds = acks.tookMs / 1000;
  const share = (value: number) => `${Math.round((100 * value) / seconds)}%`;
  const total = Math.round(options.rate * options.seconds);
  console.log(
    `flood: ${total} updates offered at ${options.rate}/s for ${options.seconds} s over ${CONNECTIONS} connections ` +
      `(took ${ms(acks.tookMs)}): acknowledged p50 ${ms(acks.median)} p99 ${ms(acks.p99)} max ${ms(acks.max)}, ` +
      `timed from when each was due; not 200: ${acks.failed}`,
  );
  console.log(
    `  CPU during the flood: app ${share(appCpu() - before.app)}, load ${share(acks.cpuSeconds)}, ` +
      `fake platform ${share(cpuSeconds(process.pid) - before.bench)}, postgres ${share(postgresSeconds(database) - before.pg)}`,
  );
  console.log(`  slowest acknowledgement per second of the flood: ${acks.slowestBySecond.join(' ')} ms`);
  if (options.target === 'intake' || !options.databaseUrl) return;
  const what = `flood of ${options.rate.toLocaleString('en')} updates/s for ${options.seconds} s`;
  reportFigure(atMost(`${what}: acknowledgement p99`, acks.p99, 250, 'ms'));
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
    reportFigure(atMost(`${what}: every update answered, after it ended`, drained.ms / 1000, 60, 's'));
    const wrong = r.answers - r.answered + (total - r.updates) + (r.updates - r.answered);
    reportFigure(atMost(`${what}: updates lost, unanswered or answered twice`, wrong, 0, ''));
  } finally {
    await client.end();
  }
}

/** Runs the load process to its end; its figures, and the CPU it used. */
function runLoad(load: FloodLoad): Promise<FloodLoadResult & { cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./flood-load.ts', import.meta.url)), JSON.stringify(load)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    let cpu = 0;
    const sample = setInterval(() => {
      cpu = Math.max(cpu, cpuSeconds(child.pid!));
    }, 200);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      cpu = Math.max(cpu, cpuSeconds(child.pid!));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`the flood's load process exited with ${code}`));
      else resolve({ ...(JSON.parse(output) as FloodLoadResult), cpuSeconds: cpu });
    });
  });
}
