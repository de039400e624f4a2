import { readdirSync, readFileSync } from 'node:fs';
import { type AppProcess, npmStartCommand, startAppProcess } from '../helpers/app-process';

export type ServerProcess = Pick<AppProcess, 'url' | 'child' | 'readyMs' | 'rssMb'> & {
  stop(): Promise<void>;
};

/** The node flags `npm start` runs the app with (heap limits, WebAssembly tier), for bench processes started another way. */
export function npmStartNodeFlags(): string[] {
  return npmStartCommand().filter((word) => word.startsWith('--') && word !== '--import');
}

/** BENCH_CPU_PROF=<dir>: the process writes a V8 CPU profile there when it stops. */
export function profileFlags(): string[] {
  return process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
}

/** Starts `bot/main.ts` in its own process (as `npm start` does) and waits for /readyz. */
export async function startServerProcess(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const app = await startAppProcess(
    { env: { LOG_LEVEL: 'warn', ...env }, port, inheritOutput: true },
    profileFlags(),
  );
  return { ...app, stop: async () => void (await app.stop()) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarize(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** /proc/<pid>/stat fields after the command name: [state, ppid, …]; utime is index 11. */
function statOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** CPU seconds used so far by a process (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = statOf(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function comm(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

const POSTGRES_HELPERS = /postgres: .*(walwriter|checkpointer|background writer)/;

/**
 * CPU seconds used so far by PostgreSQL. With `database`: its backends (their process titles name
 * it) and the shared WAL writer, checkpointer and background writer, so other databases' work on a
 * busy machine is not counted. Without: every live postgres process, plus what the postmaster has
 * collected from backends that already exited (cutime + cstime).
 */
export function postgresSeconds(database?: string): number {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const postgres = new Set(pids.filter((pid) => comm(pid) === 'postgres'));
  let total = 0;
  for (const pid of postgres) {
    try {
      if (database) {
        const title = cmdline(pid);
        if (!title.includes(` ${database} `) && !POSTGRES_HELPERS.test(title)) continue;
      }
      const fields = statOf(Number(pid));
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      if (!database && !postgres.has(fields[1]!)) total += (Number(fields[13]) + Number(fields[14])) / 100;
    } catch {}
  }
  return total;
}

/**
 * Runs `work` and says how busy the app processes, this (load + fake) process and PostgreSQL were
 * meanwhile; `perTurn(n)` gives each one's CPU milliseconds per turn, which depends less on how
 * saturated the machine was than turns per second does.
 */
export async function measureCpu<T>(
  appPids: number[],
  work: () => Promise<T>,
  /** The bench's own database: only its PostgreSQL backends count (see postgresSeconds). */
  database?: string,
): Promise<T & { cpu: string; perTurn(turns: number): string }> {
  const appCpu = () => appPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const postgresSeconds_ = () => postgresSeconds(database);
  const before = { app: appCpu(), self: cpuSeconds(process.pid), pg: postgresSeconds_() };
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = {
    app: appCpu() - before.app,
    self: cpuSeconds(process.pid) - before.self,
    pg: postgresSeconds_() - before.pg,
  };
  const share = (value: number) => `${Math.round((100 * value) / seconds)}%`;
  const cpu = `CPU: app ${share(used.app)}, load+fake ${share(used.self)}, postgres ${share(used.pg)}`;
  const perTurn = (turns: number) => {
    const each = (value: number) => `${((1000 * value) / turns).toFixed(2)} ms`;
    return `app ${each(used.app)}, postgres ${each(used.pg)}, load+fake ${each(used.self)}`;
  };
  return { ...result, cpu, perTurn };
}

/**
 * A fixed piece of JavaScript work, timed and printed with the figures: runs whose machine check
 * differs much were made on a faster or slower (or busier) machine and are not comparable.
 */
export function machineCheck(): string {
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < 200_000; i++)
    sink += JSON.parse(JSON.stringify({ i, text: 'xin chào', list: [1, 2, 3] })).i;
  return `machine check (fixed JSON work): ${(performance.now() - started).toFixed(0)} ms${sink < 0 ? '!' : ''}`;
}

/**
 * Waits until no inbound message is pending (of learners whose platform id starts with `prefix`):
 * how many were when called, and how long they took. Webhook floods leave such a backlog.
 */
export async function backlogDrained(databaseUrl: string, prefix = '') {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const pendingNow = async () =>
    Number(
      (
        await client.query(
          'SELECT count(*) AS n FROM inbound_message WHERE processed_at IS NULL AND platform_user_id LIKE $1',
          [`${prefix}%`],
        )
      ).rows[0].n,
    );
  try {
    const started = performance.now();
    const pending = await pendingNow();
    while ((await pendingNow()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    return { pending, ms: performance.now() - started };
  } finally {
    await client.end();
  }
}
