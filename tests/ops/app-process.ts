import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAppBuilt } from '../helpers/app-build';

const root = new URL('../..', import.meta.url).pathname;

export interface AppProcess {
  url: string;
  /** Everything the process (and any child it started) wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The app as `npm start` runs it (node flags included) in `cwd`, output captured; resolves once
 * /readyz answers 200.
 */
export async function startAppProcess(options: {
  env: Record<string, string>;
  port: number;
  cwd?: string;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const cwd = options.cwd ?? root;
  if (cwd === root) await ensureAppBuilt();
  const [, ...args] = (
    JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).scripts.start as string
  ).split(' ');
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app was not ready in time:\n${output()}`);
    }
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
