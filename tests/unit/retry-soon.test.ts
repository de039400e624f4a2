import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LearnerKey } from '../../bot/store/learner-store';
import { createRetrySoon } from '../../bot/turns/retry-soon';

const key = (id: string): LearnerKey => ({ platform: 'zalo', platformUserId: id });

describe('retry soon', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('schedules failed learners again, once each, after a pause that doubles up to its cap', () => {
    const scheduled: string[] = [];
    const retry = createRetrySoon({
      schedule: (k) => scheduled.push(k.platformUserId),
      firstMs: 100,
      maxMs: 300,
    });
    retry.failed(key('a'));
    retry.failed(key('b'));
    retry.failed(key('a'));
    vi.advanceTimersByTime(99);
    expect(scheduled).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(scheduled).toEqual(['a', 'b']);
    retry.failed(key('a'));
    vi.advanceTimersByTime(199);
    expect(scheduled).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(scheduled).toEqual(['a', 'b', 'a']);
    retry.failed(key('a'));
    vi.advanceTimersByTime(300);
    expect(scheduled).toHaveLength(4);
    retry.failed(key('a'));
    vi.advanceTimersByTime(300);
    expect(scheduled).toHaveLength(5);
  });

  it('starts from the first pause again after a success, and schedules nothing once stopped', () => {
    const scheduled: string[] = [];
    const retry = createRetrySoon({
      schedule: (k) => scheduled.push(k.platformUserId),
      firstMs: 100,
      maxMs: 1000,
    });
    retry.failed(key('a'));
    vi.advanceTimersByTime(100);
    retry.succeeded();
    retry.failed(key('b'));
    vi.advanceTimersByTime(100);
    expect(scheduled).toEqual(['a', 'b']);
    retry.failed(key('c'));
    retry.stop();
    vi.advanceTimersByTime(10_000);
    expect(scheduled).toEqual(['a', 'b']);
  });
});
