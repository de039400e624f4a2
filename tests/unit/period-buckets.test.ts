import { describe, expect, it } from 'vitest';
import { addDays } from '../../bot/stats/local-days';
import { type Bucket, bucketsFor } from '../../bot/stats/period-buckets';

/** How many times each day is counted by the buckets, as the rollup tables would sum them. */
function coverage(buckets: Bucket[], covered: { first: string; through: string }): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (day: string, sign: number) => counts.set(day, (counts.get(day) ?? 0) + sign);
  for (let day = covered.first; day <= covered.through; day = addDays(day, 1))
    for (const b of buckets) {
      const inBucket =
        b.period === 'all' ||
        (b.period === 'month' && day.slice(0, 7) === b.from.slice(0, 7)) ||
        (b.period === 'day' && day >= b.from && day <= b.to);
      if (inBucket) add(day, b.sign);
    }
  return counts;
}

const daysRead = (buckets: Bucket[]) =>
  buckets
    .filter((b) => b.period === 'day')
    .reduce((n, b) => n + (Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 + 1, 0);

function expectExact(from: string, to: string, covered: { first: string; through: string }) {
  const buckets = bucketsFor(from, to, covered);
  for (const b of buckets) {
    if (b.period === 'month') expect(b.from.endsWith('-01')).toBe(true);
    if (b.period === 'day') expect(b.from <= b.to).toBe(true);
  }
  const counts = coverage(buckets, covered);
  for (let day = covered.first; day <= covered.through; day = addDays(day, 1))
    expect([day, counts.get(day) ?? 0]).toEqual([day, day >= from && day <= to ? 1 : 0]);
  return buckets;
}

describe('rollup buckets for a range of closed days', () => {
  const covered = { first: '2025-11-17', through: '2026-03-14' };

  it('count every day in the range once and no day outside it, for every range', () => {
    const starts: string[] = [];
    for (let day = '2025-11-10'; day <= '2026-03-20'; day = addDays(day, 3)) starts.push(day);
    for (const from of starts)
      for (const to of starts.filter((d) => d >= from)) expectExact(from, addDays(to, 1), covered);
  });

  it('count month boundaries and months cut by the first or last rolled-up day exactly', () => {
    for (const [from, to] of [
      ['2026-01-31', '2026-02-01'],
      ['2026-02-01', '2026-02-28'],
      ['2026-02-28', '2026-03-01'],
      ['2025-11-17', '2025-11-30'],
      ['2025-11-01', '2025-11-17'],
      ['2026-03-01', '2026-03-14'],
      ['2026-03-14', '2026-03-14'],
      ['2000-01-01', '2026-03-15'],
    ] as const)
      expectExact(from, to, covered);
  });

  it('read whole months and all time instead of their days', () => {
    const year = { first: '2025-01-01', through: '2025-12-31' };
    expect(bucketsFor('2000-01-01', '2026-01-01', year)).toEqual([
      { period: 'all', from: '2000-01-01', to: '2000-01-01', sign: 1 },
    ]);
    // Mid-month to mid-month over a year: months, and at most half a month of days at each end.
    for (const [from, to] of [
      ['2025-01-16', '2025-12-15'],
      ['2025-02-02', '2025-11-29'],
      ['2025-03-10', '2025-09-20'],
      ['2025-06-15', '2025-08-17'],
    ] as const) {
      const buckets = expectExact(from, to, year);
      expect(daysRead(buckets)).toBeLessThanOrEqual(32);
      expect(buckets.length).toBeLessThanOrEqual(16);
    }
  });

  it('read nothing outside the rolled-up days', () => {
    expect(bucketsFor('2026-03-15', '2026-03-20', covered)).toEqual([]);
    expect(bucketsFor('2025-01-01', '2025-11-16', covered)).toEqual([]);
  });
});
