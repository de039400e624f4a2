import { addDays, maxDay, minDay } from './local-days';
import { ALL_TIME_DAY, type Period } from './rollup-state';

/**
 * Rollup rows to read for a span of closed days: day rows from `from` to `to` (a run of days),
 * or one month's row (`from` its first day), or the all-time row, added (sign 1) or taken away (-1).
 */
export interface Bucket {
  period: Period;
  from: string;
  to: string;
  sign: 1 | -1;
}

/**
 * What a bucket costs to read, in day rows. A month's or all time's rows are about as many as a
 * busy day's where most combinations occur every day; where they do not (a small province, per
 * question), they are more, hence a little more than a day.
 */
const COST: Record<Period, number> = { day: 1, month: 2, all: 3 };

const cost = (buckets: Bucket[]) =>
  buckets.reduce((sum, b) => sum + (b.period === 'day' ? dayCount(b.from, b.to) : COST[b.period]), 0);

function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => addDays(monthStart(addDays(monthStart(day), 31)), -1);
const days = (from: string, to: string, sign: 1 | -1): Bucket[] =>
  from <= to ? [{ period: 'day', from, to, sign }] : [];
const negate = (buckets: Bucket[]) => buckets.map((b) => ({ ...b, sign: (b.sign === 1 ? -1 : 1) as 1 | -1 }));

/**
 * The cheapest buckets that sum to the closed days [from, to], when the rows cover the days
 * [first, through] (month and all-time rows hold exactly those). Each month is read whole, or as
 * its days, or whole less the days outside the range, whichever reads fewer rows; the whole range
 * may also be all time less the days before and after it.
 */
export function bucketsFor(from: string, to: string, covered: { first: string; through: string }): Bucket[] {
  const lo = maxDay(from, covered.first);
  const hi = minDay(to, covered.through);
  if (lo > hi) return [];
  const allTime: Bucket = { period: 'all', from: ALL_TIME_DAY, to: ALL_TIME_DAY, sign: 1 };
  if (lo === covered.first && hi === covered.through) return [allTime];
  const direct = months(lo, hi, covered);
  const complement: Bucket[] = [
    allTime,
    ...negate(months(covered.first, addDays(lo, -1), covered)),
    ...negate(months(addDays(hi, 1), covered.through, covered)),
  ];
  return cost(complement) < cost(direct) ? complement : direct;
}

/** [from, to] within the covered days, month by month. */
function months(from: string, to: string, covered: { first: string; through: string }): Bucket[] {
  const buckets: Bucket[] = [];
  for (let month = monthStart(from); month <= to; month = addDays(monthEnd(month), 1)) {
    const start = maxDay(month, covered.first);
    const end = minDay(monthEnd(month), covered.through);
    const a = maxDay(from, start);
    const b = minDay(to, end);
    if (a > b) continue;
    const whole: Bucket = { period: 'month', from: month, to: month, sign: 1 };
    if (a === start && b === end) {
      buckets.push(whole);
      continue;
    }
    const inside = days(a, b, 1);
    const outside = [whole, ...days(start, addDays(a, -1), -1), ...days(addDays(b, 1), end, -1)];
    buckets.push(...(cost(outside) < cost(inside) ? outside : inside));
  }
  return buckets;
}
