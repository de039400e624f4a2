import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureAppBuilt } from './app-build';

const root = new URL('../..', import.meta.url).pathname;

/** The app in a process of its own, exactly as `npm start` (or start:bot / start:worker) runs it. */
export interface AppProcess {
  role: 'all' | 'bot' | 'worker';
  /** Base URL (bot roles). */
  url: string;
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to ready. */
  readyMs: number;
  /** The process's log lines so far (JSON, pino), newest last; kept with `LOG_LEVEL` from env. */
  logs: string[];
  rssMb(): number;
  /** kill -9: no shutdown, no last send. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, the graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface AppProcessOptions {
  env: Record<string, string>;
  port: number;
  role?: AppProcess['role'];
  /** Output straight to this process's (benchmarks); otherwise kept in `logs`. */
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
}

/** The words of `npm start`'s command: `node`, its flags (heap sizes), then the script. */
export function npmStartCommand(): string[] {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).split(' ');
}

/** Starts `bot/main.ts` and waits until it is ready: /readyz for bot roles, its ready log line for a worker. */
export async function startAppProcess(options: AppProcessOptions, extraNodeFlags: string[] = []) {
  const role = options.role ?? 'all';
  const started = performance.now();
  await ensureAppBuilt();
  const [, ...args] = npmStartCommand();
  const child = spawn(process.execPath, [...extraNodeFlags, ...args, `--role=${role}`], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      ...options.env,
    },
    stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
  });
  const logs: string[] = [];
  let readyLine = false;
  const keep = (line: string) => {
    if (line.includes('"hocvuso is ready"')) readyLine = true;
    logs.push(line);
    if (logs.length > 5000) logs.splice(0, 1000);
  };
  for (const stream of [child.stdout, child.stderr])
    if (stream) createInterface({ input: stream }).on('line', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`app (${role}) exited with ${child.exitCode}:\n${logs.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app (${role}) not ready in time:\n${logs.slice(-20).join('\n')}`);
    }
    if (role === 'worker' ? readyLine : await isReady(url)) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const app: AppProcess = {
    role,
    url,
    port: options.port,
    child,
    readyMs: performance.now() - started,
    logs,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  return app;
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
