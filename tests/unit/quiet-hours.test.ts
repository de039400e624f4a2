import { describe, expect, it } from 'vitest';
import { isQuietHour, localHour, parseQuietHours } from '../../bot/schedule/quiet-hours';

describe('quiet hours', () => {
  it('parses a range that wraps past midnight', () => {
    const quiet = parseQuietHours('21-7')!;
    expect([20, 21, 23, 0, 6, 7].map((h) => isQuietHour(h, quiet))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('parses a range inside one day and an empty value as none', () => {
    const quiet = parseQuietHours(' 12 - 14 ')!;
    expect([11, 12, 13, 14].map((h) => isQuietHour(h, quiet))).toEqual([false, true, true, false]);
    expect(isQuietHour(3, parseQuietHours('')!)).toBe(false);
  });

  it('refuses what is not a range of hours', () => {
    expect(parseQuietHours('21')).toBeUndefined();
    expect(parseQuietHours('25-7')).toBeUndefined();
    expect(parseQuietHours('night')).toBeUndefined();
  });

  it('reads the hour in the time zone, midnight included', () => {
    expect(localHour(new Date('2026-12-05T16:59:00Z'), 'Asia/Ho_Chi_Minh')).toBe(23);
    expect(localHour(new Date('2026-12-05T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(0);
  });
});
