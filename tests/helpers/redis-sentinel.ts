import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/** Debian's redis-server, which runs a sentinel with `--sentinel`; the sentinel tests skip without it. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export interface RedisSentinel {
  /** For REDIS_SENTINELS. */
  address: string;
  /** One command to the sentinel, e.g. `SENTINEL get-master-addr-by-name mymaster`. */
  command(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** A real Redis Sentinel on loopback, watching the Redis at `masterUrl` as group `name`. */
export async function startRedisSentinel(masterUrl: string, name: string): Promise<RedisSentinel> {
  const master = new URL(masterUrl);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hocvuso-sentinel-'));
  // Sentinel rewrites its own config file, so it lives in the temp dir, not on the command line.
  const file = join(dir, 'sentinel.conf');
  const lines = [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`];
  const monitor = `sentinel monitor ${name} ${master.hostname} ${master.port || 6379} 1`;
  // A master silent for 2 s is down (30 s by default), so a failover test takes seconds.
  const downAfter = `sentinel down-after-milliseconds ${name} 2000`;
  writeFileSync(file, [...lines, monitor, downAfter, ''].join('\n'));
  const child = spawn('redis-server', [file, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const command = async (...args: string[]) => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return await client.call(args[0]!, ...args.slice(1));
    } finally {
      client.disconnect();
    }
  };
  const close = async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(child, async () => {
      const address = await command('SENTINEL', 'get-master-addr-by-name', name).catch(() => null);
      return Array.isArray(address) && address.length === 2;
    });
  } catch (error) {
    await close();
    throw new Error(
      `sentinel on ${port} did not name master ${name}: ${(error as Error).message}\n${output}`,
    );
  }
  return { address: `127.0.0.1:${port}`, command, close };
}

async function until(child: ChildProcess, check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 15_000; !(await check()); ) {
    if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('no answer within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
