import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../helpers/free-port';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp dir, on a free port): fault tests
 * restart and freeze it, which must never happen to the machine's shared server. initdb refuses to
 * run as root, so the cluster belongs to the `postgres` user when the tests run as root.
 */
export interface PrivatePostgres {
  /** A URL of a database on this cluster. */
  urlOf(database: string): string;
  createDatabase(): Promise<string>;
  /** Stops like a crash (`-m immediate`), waits `downMs`, starts again. */
  restart(downMs?: number): Promise<void>;
  /** SIGSTOP to every postgres process: not down, just silent (a hung disk, a VM pause). */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(root, version, 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: 'ignore' });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hocvuso-fault-pg-'));
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl('-l', join(dir, 'log'), '-w', '-o', options, 'start');
  const stop = () => pgCtl('-m', 'immediate', '-w', 'stop');
  start();

  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const pids = (): number[] => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return (
            readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(postmaster)
          );
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (name: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, name);
      } catch {}
    }
  };

  let next = 0;
  return {
    urlOf,
    async createDatabase() {
      const name = `fault_${process.pid}_${next++}`;
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async restart(downMs = 0) {
      stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async close() {
      signal('SIGCONT');
      try {
        if (existsSync(join(data, 'postmaster.pid'))) stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no "${name}" user to own the private PostgreSQL cluster`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
