import { describe, expect, it } from 'vitest';
import { nextCronRun, nextEveryRun, nextRun, validateRepeat } from '../../worker/queue/repeat-spec';

const at = (iso: string) => Date.parse(iso);

describe('repeat specs', () => {
  it('plans a 5-field cron in Asia/Ho_Chi_Minh (UTC+7, no DST)', () => {
    const repeat = validateRepeat({ cron: '0 9 * * *', tz: 'Asia/Ho_Chi_Minh' });
    expect(nextRun(repeat, undefined, at('2024-05-01T01:59:59Z'))).toBe(at('2024-05-01T02:00:00Z'));
    expect(nextRun(repeat, undefined, at('2024-05-01T02:00:00Z'))).toBe(at('2024-05-02T02:00:00Z'));
    // Planned from the previous run when the clock is behind it, so a run is never repeated.
    expect(nextRun(repeat, at('2024-05-02T02:00:00Z'), at('2024-05-02T01:59:59.990Z'))).toBe(
      at('2024-05-03T02:00:00Z'),
    );
  });

  it('reads 6 fields as seconds first, and defaults to UTC', () => {
    expect(nextCronRun('30 15 8 * * 1', 'Asia/Ho_Chi_Minh', at('2024-05-01T00:00:00Z'))).toBe(
      at('2024-05-06T01:15:30Z'),
    );
    const utc = validateRepeat({ cron: '0 9 * * *' });
    expect(nextRun(utc, undefined, at('2024-05-01T00:00:00Z'))).toBe(at('2024-05-01T09:00:00Z'));
  });

  it('follows daylight saving time in zones that have it', () => {
    // New York moves from UTC-5 to UTC-4 on 2024-03-10.
    expect(nextCronRun('0 9 * * *', 'America/New_York', at('2024-03-09T15:00:00Z'))).toBe(
      at('2024-03-10T13:00:00Z'),
    );
  });

  it('runs an every-schedule at once, then keeps its phase and skips missed runs', () => {
    expect(nextEveryRun(1000, undefined, 5_250)).toBe(5_250);
    expect(nextEveryRun(1000, 5_250, 5_300)).toBe(6_250);
    expect(nextEveryRun(1000, 5_250, 9_900)).toBe(10_250);
    expect(nextEveryRun(1000, 5_250, 10_250)).toBe(11_250);
  });

  it('rejects specs that could never fire as meant', () => {
    expect(() => validateRepeat({})).toThrow(/exactly one/);
    expect(() => validateRepeat({ everyMs: 0 })).toThrow(/positive/);
    expect(() => validateRepeat({ everyMs: 1000, tz: 'Asia/Ho_Chi_Minh' })).toThrow(/cron only/);
    expect(() => validateRepeat({ cron: '* * * * * * *' })).toThrow(/5 or 6/);
    expect(() => validateRepeat({ cron: '0 25 * * *' })).toThrow();
    expect(() => validateRepeat({ cron: '0 9 * * *', tz: 'Asia/Saigon-ish' })).toThrow(/time zone/);
  });
});
