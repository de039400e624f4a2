/**
 * npm run bench:memory — RSS of the embedded default (`npm start`'s command, PGlite, in-process queue)
 * from its very FIRST start (which creates the database and applies the migrations), after learners
 * have used it, and on a second start. Target: ≤ 400 MB RSS in every case.
 * BENCH_LEARNERS (default 1000) learners each complete onboarding and a lesson. The real curriculum
 * in content/ by default (what a volunteer runs); BENCH_CONTENT=fixture for the small test courses.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port';
import { writeContent } from '../support/content-fixture';
import { machineCheck, ms, type ServerProcess, startServerProcess } from './bench-kit';
import { atMost, reportFigure } from './bench-report';

const TARGET_MB = 400;
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 1000);
const FIXTURE = process.env.BENCH_CONTENT === 'fixture';
const TURNS = ['/start', '1', '1', FIXTURE ? 'Hà Nội' : '0', '1', '1', '1', '1', '1', '1', '1', '1'];

async function learn(url: string, learners: number): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (started < learners) {
        started++;
        const session = randomUUID();
        for (const text of TURNS) {
          const response = await fetch(`${url}/api/web-chat/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ session, text }),
          });
          if (!response.ok) throw new Error(`web chat answered ${response.status}`);
          await response.arrayBuffer();
        }
      }
    }),
  );
}

/** Resident memory now and its peak so far, from /proc. */
function memory(server: ServerProcess): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const rows: string[][] = [];
const curriculum = FIXTURE ? 'test courses' : 'real curriculum';
function record(what: string, server: ServerProcess, readyMs?: number): void {
  const { rss, peak } = memory(server);
  reportFigure(atMost(`embedded RSS, ${what} (${curriculum})`, rss, TARGET_MB, 'MB'));
  rows.push([
    readyMs === undefined ? what : `${what}, ready in ${ms(readyMs)}`,
    `${rss.toFixed(0)} MB (peak ${peak.toFixed(0)})`,
    `≤ ${TARGET_MB} MB`,
    rss <= TARGET_MB ? 'pass' : 'FAIL',
  ]);
}

console.log(`bench:memory (${curriculum}) — ${machineCheck()}`);
const env = {
  CONTENT_DIR: FIXTURE ? writeContent() : new URL('../../content', import.meta.url).pathname,
  WEB_CHAT_SESSION_RATE: '1000000',
  WEB_CHAT_CLIENT_RATE: '100000000',
};
const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-bench-memory-'));
try {
  const port = await freePort();
  const first = await startServerProcess({ ...env, DATA_DIR: dataDir }, port);
  record('first start, just ready', first, first.readyMs);
  await learn(first.url, LEARNERS);
  record(`first start, after ${LEARNERS} learners each did a lesson`, first);
  await first.stop();
  const second = await startServerProcess({ ...env, DATA_DIR: dataDir }, port);
  record('second start, just ready', second, second.readyMs);
  await second.stop();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log('| figure | measured RSS | target | result |\n| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
