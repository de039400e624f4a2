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
  close(): Promise<void>;
}

/** A real Redis Sentinel on loopback, watching the Redis at `masterUrl` as group `name`. */
export async function startRedisSentinel(masterUrl: string, name: string): Promise<RedisSentinel> {
  const master = new URL(masterUrl);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hocvuso-sentinel-'));
  // Sentinel rewrites its own config file, so it lives in the temp dir, not on the command line.
  const file = join(dir, 'sentinel.conf');
  writeFileSync(
    file,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} ${master.hostname} ${master.port || 6379} 1`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [file, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const close = async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilMasterKnown(port, name, child);
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { address: `127.0.0.1:${port}`, close };
}

async function untilMasterKnown(port: number, name: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sentinel exited with ${child.exitCode}`);
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      const master = await probe.call('SENTINEL', 'get-master-addr-by-name', name);
      if (Array.isArray(master) && master.length === 2) return;
    } catch {
      // Not listening yet.
    } finally {
      probe.disconnect();
    }
    if (Date.now() > deadline) throw new Error(`sentinel on ${port} did not name master ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
