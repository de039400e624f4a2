import { appendFileSync } from 'node:fs';

/** Test/bench-only environment (the app reads its own through bot/config.ts). */
const reportFile = process.env.BENCH_REPORT;

/** `BENCH_SHORT=1` (as `npm run bench:all` sets): a bench runs a smaller, quicker version of itself. */
export const benchShort = process.env.BENCH_SHORT === '1';

/** Picks the short-mode value of a bench setting. */
export const shortOr = <T>(short: T, full: T): T => (benchShort ? short : full);

export interface Figure {
  figure: string;
  /** Human-readable, e.g. "≤ 5 ms", "≥ 5,000/s"; "–" when there is none. */
  target: string;
  measured: number;
  unit: string;
  /** undefined when the figure has no target. */
  pass?: boolean;
}

/**
 * Records one figure for `npm run bench:all`: a JSON line in the file named by BENCH_REPORT
 * (nothing when unset, so benches run alone print as before).
 */
export function reportFigure(figure: Figure): void {
  if (reportFile) appendFileSync(reportFile, `${JSON.stringify(figure)}\n`);
}

/** `12,000 turns/s`; a count has no unit. */
export const withUnit = (value: string, unit: string) => (unit ? `${value} ${unit}` : value);

/** At most / at least `limit`: the figure with its verdict. */
export const atMost = (figure: string, measured: number, limit: number, unit: string): Figure => ({
  figure,
  target: `≤ ${withUnit(limit.toLocaleString('en'), unit)}`,
  measured,
  unit,
  pass: measured <= limit,
});
export const atLeast = (figure: string, measured: number, limit: number, unit: string): Figure => ({
  figure,
  target: `≥ ${withUnit(limit.toLocaleString('en'), unit)}`,
  measured,
  unit,
  pass: measured >= limit,
});
