import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { startAppProcess } from './app-process';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * What the Dockerfile does, without a docker daemon: the repository's files (as a checkout has
 * them) in a clean folder, `npm ci --omit=dev`, then `npm start` on the embedded default answers
 * in the web chat. Slow (a real install from the npm registry or its cache).
 */
it('installs with --omit=dev in a clean copy, starts and answers', async () => {
  dir = await mkdtemp(join(tmpdir(), 'hocvuso-prod-'));
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(root, file), join(dir, file));
  }
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 64 * 1024 * 1024,
  });
  // What `npm start` runs first (its prestart): the build, with run-time dependencies only.
  await run('npm', ['run', '--silent', 'build'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  expect(existsSync(join(dir, 'dist', 'main.mjs'))).toBe(true);
  // Only run-time dependencies: no test runner, no linter.
  expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(true);
  expect(existsSync(join(dir, 'node_modules', 'vitest'))).toBe(false);
  expect(existsSync(join(dir, 'node_modules', '@biomejs'))).toBe(false);

  const app = await startAppProcess({
    cwd: dir,
    port: await freePort(),
    env: { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
    timeoutMs: 180_000,
  });
  try {
    const response = await fetch(`${app.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: 'production-install', text: '/start' }),
    });
    expect(response.status).toBe(200);
    const { replies } = (await response.json()) as { replies: { text: string }[] };
    expect(replies.map((reply) => reply.text).join('\n')).toContain('Xin chào');
  } finally {
    expect(await app.stop()).toBe(0);
  }
}, 600_000);
