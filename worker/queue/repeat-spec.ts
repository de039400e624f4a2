import { CronExpressionParser } from 'cron-parser';
import type { RepeatSpec } from './job-queue';

export type ValidRepeat = { kind: 'every'; everyMs: number } | { kind: 'cron'; cron: string; tz: string };

/** Rejects what BullMQ would reject later (or, worse, accept and never fire). */
export function validateRepeat(spec: RepeatSpec): ValidRepeat {
  const { everyMs, cron, tz } = spec;
  if ((everyMs === undefined) === (cron === undefined))
    throw new Error('give exactly one of everyMs or cron');
  if (everyMs !== undefined) {
    if (!(Number.isInteger(everyMs) && everyMs > 0)) throw new Error('everyMs must be a positive integer');
    if (tz !== undefined) throw new Error('tz applies to cron only');
    return { kind: 'every', everyMs };
  }
  const expression = (cron ?? '').trim();
  const fields = expression.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw new Error(`cron "${expression}" must have 5 or 6 fields`);
  const zone = tz ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`unknown time zone "${zone}"`);
  }
  nextCronRun(expression, zone, Date.now());
  return { kind: 'cron', cron: expression, tz: zone };
}

/** First cron instant strictly after `afterMs`, as BullMQ's default repeat strategy computes it. */
export function nextCronRun(cron: string, tz: string, afterMs: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(afterMs), tz })
    .next()
    .getTime();
}

/**
 * Mirrors BullMQ's every-scheduler: the first run is now; later runs keep the phase of the
 * previous one, and missed runs are skipped rather than replayed in a burst.
 */
export function nextEveryRun(everyMs: number, prevMs: number | undefined, nowMs: number): number {
  if (prevMs === undefined) return nowMs;
  const next = prevMs + everyMs;
  if (next >= nowMs) return next;
  const phase = ((prevMs % everyMs) + everyMs) % everyMs;
  const aligned = Math.floor(nowMs / everyMs) * everyMs + phase;
  return aligned <= nowMs ? aligned + everyMs : aligned;
}

/** Next planned run of a scheduler whose previous run was planned at `prevMs`. */
export function nextRun(repeat: ValidRepeat, prevMs: number | undefined, nowMs: number): number {
  if (repeat.kind === 'every') return nextEveryRun(repeat.everyMs, prevMs, nowMs);
  return nextCronRun(repeat.cron, repeat.tz, Math.max(nowMs, prevMs ?? nowMs));
}

export function sameRepeat(a: ValidRepeat, b: ValidRepeat): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
