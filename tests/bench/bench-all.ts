// `npm run bench:all`: every `bench:*` script of package.json in its short mode, one table at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineCheck } from './bench-kit';
import { type Figure, withUnit } from './bench-report';

const root = new URL('../..', import.meta.url).pathname;
/** The whole run stays within 10 minutes: each bench gets its share, then is stopped. */
const TOTAL_MS = 10 * 60 * 1000 - 30_000;
/**
 * Kept back for each bench still to come: a bench may use what the others before it left, so one
 * that needs longer (bench:stats, bench:broadcast) is not stopped while a quick one (bench:queue)
 * ends in seconds; a bench that hangs still leaves every later one a minute.
 */
const RESERVE_MS = 60_000;
const MIN_SHARE_MS = 30_000;

const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as object)
  .filter((name) => name.startsWith('bench:') && name !== 'bench:all')
  .sort();

function run(
  script: string,
  reportFile: string,
  timeoutMs: number,
): Promise<{ code: number | null; ms: number; timedOut: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: root,
      env: { ...process.env, BENCH_SHORT: '1', BENCH_REPORT: reportFile },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The bench and the app processes it started: the whole process group. A bench may clean up
      // on SIGTERM (bench:stats drops its database); after 15 s, SIGKILL.
      if (!child.pid) return;
      process.kill(-child.pid, 'SIGTERM');
      // Not unref'd: after the last bench, bench:all waits for this too, leaving no process behind.
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 15_000);
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started, timedOut });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'hocvuso-bench-all-'));
const startedAt = performance.now();
const check = machineCheck();
console.log(
  `bench:all: ${scripts.join(', ')}\n${check}; load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores\n`,
);
const rows: (Figure & { bench: string })[] = [];
const outcomes: string[] = [];
const deadline = Date.now() + TOTAL_MS;
for (const [index, script] of scripts.entries()) {
  const later = scripts.length - index - 1;
  const share = Math.max(MIN_SHARE_MS, deadline - Date.now() - later * RESERVE_MS);
  console.log(`\n=== ${script} (short mode, at most ${Math.round(share / 1000)} s) ===`);
  const file = join(dir, `${script.replace(':', '-')}.jsonl`);
  const result = await run(script, file, share);
  const figures = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Figure)
    : [];
  rows.push(...figures.map((figure) => ({ ...figure, bench: script })));
  outcomes.push(
    `${script}: ${result.timedOut ? 'stopped at its time limit' : `exit ${result.code}`} after ${(result.ms / 1000).toFixed(0)} s, ${figures.length} figures`,
  );
}
rmSync(dir, { recursive: true, force: true });

/** Three significant digits at most, whole numbers above 100: 12,345 · 412 · 16.8 · 0.024. */
function formatted(value: number): string {
  if (Math.abs(value) >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en');
  return String(Number(value.toPrecision(3)));
}
const cells = rows.map((row) => [
  row.bench,
  row.figure,
  row.target,
  withUnit(formatted(row.measured), row.unit),
  row.pass === undefined ? '–' : row.pass ? 'pass' : 'FAIL',
]);
const header = ['bench', 'figure', 'target', 'measured', 'pass/fail'];
const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
const minutes = (performance.now() - startedAt) / 60_000;
console.log(
  `\nbench:all took ${minutes.toFixed(1)} min. Before the run: ${check}. After: ${machineCheck()}; ` +
    `load now ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
);
console.log([format(header), format(widths.map((w) => '-'.repeat(w))), ...cells.map(format)].join('\n'));
console.log(`\n${outcomes.join('\n')}`);
const failed = rows.filter((row) => row.pass === false).length;
console.log(failed === 0 ? 'every figure with a target met it' : `${failed} figures missed their target`);
