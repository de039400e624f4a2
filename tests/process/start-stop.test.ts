import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../bench/bench-kit';
import { npmStartCommand } from '../helpers/app-process';
import { freePort } from '../helpers/free-port';
import { writeContent } from '../support/content-fixture';

const root = new URL('../..', import.meta.url).pathname;
/** `npm start`'s command without `node` (the build it runs is made by the suite's global setup). */
const npmStartArgs = () => npmStartCommand().slice(1);

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...npmStartArgs()], {
      cwd: root,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('starting and stopping the process', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocvuso-proc-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stops with one clear line and exit 1 on a bad setting, without printing secrets', async () => {
    const { code, stderr } = await runMain({ PORT: 'abc', TELEGRAM_BOT_TOKEN: '999:do-not-print-me' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^Invalid configuration: PORT /);
    expect(stderr).not.toContain('do-not-print-me');
  });

  it('refuses to start on corrupted content, naming the file and line', async () => {
    const content = writeContent();
    writeFileSync(join(content, 'courses', 'demo', 'three.yaml'), 'id: three\ncards: [ {vi: "x"\n');
    const { code, stderr } = await runMain({ CONTENT_DIR: content, DATA_DIR: tempDir(), PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/three\.yaml:\d+: is not valid YAML/);
    expect(stderr).toContain('npm run content:check');
  });

  it('refuses the split roles without PostgreSQL and Redis', async () => {
    const child = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const proc = spawn(process.execPath, [...npmStartArgs(), '--role=worker'], {
        cwd: root,
        env: { PATH: process.env.PATH, DATA_DIR: tempDir() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      proc.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(child.code).toBe(1);
    expect(child.stderr).toContain('DATABASE_URL and REDIS_URL are required');
  });

  it('finishes the turns in flight on SIGTERM, then exits 0', async () => {
    const env = {
      DATA_DIR: tempDir(),
      CONTENT_DIR: writeContent(),
      WEB_CHAT_SESSION_RATE: '100000',
      WEB_CHAT_CLIENT_RATE: '100000',
    };
    const server = await startServerProcess(env, await freePort());
    const statuses: number[] = [];
    const errors: string[] = [];
    // Twenty learners keep chatting; SIGTERM lands while requests are in flight.
    const load = Array.from({ length: 20 }, async () => {
      let session = 'not-issued-yet';
      for (let i = 0; i < 200; i++) {
        try {
          const response = await fetch(`${server.url}/api/web-chat/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ session, text: i === 0 ? '/start' : 'xin chào' }),
          });
          const body = (await response.json().catch(() => null)) as { session?: string } | null;
          if (body?.session) session = body.session;
          statuses.push(response.status);
        } catch (error) {
          errors.push(String((error as Error).cause ?? error));
          return;
        }
      }
    });
    // Under way: forty answers are in and every learner keeps sending.
    while (statuses.length < 40 && errors.length === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await Promise.all(load);
    expect(await exited).toBe(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(20);
    // Every request was either answered or refused cleanly (closing: 503, or no connection).
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    for (const error of errors)
      expect(error).toMatch(/ECONNREFUSED|ECONNRESET|SocketError|other side closed/);
  }, 60_000);
});
