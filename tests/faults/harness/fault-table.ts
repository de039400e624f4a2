import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Ledger } from './ledger';

const root = new URL('../../..', import.meta.url).pathname;
/** Each test file runs in its own process: rows meet in this file, printed once at the end. */
export const FAULT_TABLE_FILE = join(root, 'coverage', 'faults.jsonl');

export interface FaultRow {
  scenario: string;
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  /** Seconds from the end of the fault until a new learner is answered end to end. */
  recoveryS: number;
  /** Seconds from the end of the fault until every learner had every reply. */
  allRepliesS?: number;
  note?: string;
}

export function recordFault(
  scenario: string,
  ledger: Ledger,
  times: { recoveryMs: number; allRepliesMs?: number },
  note?: string,
): FaultRow {
  const row: FaultRow = {
    scenario,
    sent: ledger.sent,
    received: ledger.received,
    lost: ledger.lost,
    duplicated: ledger.duplicated,
    recoveryS: Math.round(times.recoveryMs / 100) / 10,
    ...(times.allRepliesMs === undefined
      ? {}
      : { allRepliesS: Math.round(Math.max(0, times.allRepliesMs) / 100) / 10 }),
    ...(note ? { note } : {}),
  };
  mkdirSync(dirname(FAULT_TABLE_FILE), { recursive: true });
  appendFileSync(FAULT_TABLE_FILE, `${JSON.stringify(row)}\n`);
  return row;
}

export function resetFaultTable(): void {
  rmSync(FAULT_TABLE_FILE, { force: true });
}

export function faultTable(): string {
  if (!existsSync(FAULT_TABLE_FILE)) return 'no fault scenario recorded a row';
  const rows = readFileSync(FAULT_TABLE_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FaultRow);
  const header = ['scenario', 'sent', 'received', 'lost', 'duplicated', 'recovery (s)', 'all replies (s)'];
  const lines = rows.map((row) => [
    row.note ? `${row.scenario} (${row.note})` : row.scenario,
    String(row.sent),
    String(row.received),
    String(row.lost),
    String(row.duplicated),
    row.recoveryS.toFixed(1),
    row.allRepliesS === undefined ? '–' : row.allRepliesS.toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}
