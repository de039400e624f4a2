import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBullJobId, toBullJobId } from '../../worker/queue/bullmq-job-id';
import { createFifo } from '../../worker/queue/fifo';
import { createFinishedJobs } from '../../worker/queue/finished-jobs';
import { createSlidingWindow } from '../../worker/queue/sliding-window';
import { createTimerSet } from '../../worker/queue/timer-set';

describe('BullMQ job ids', () => {
  it('maps every id to a distinct BullMQ-safe id and back', () => {
    const ids = ['a:b', 'a%3Ab', 'a%b', '42', '-7', '%i42', '007', 'repeat:x:1', 'zalo:123:456', '%', ':'];
    const mapped = ids.map(toBullJobId);
    expect(new Set(mapped).size).toBe(ids.length);
    for (const bullId of mapped) {
      expect(bullId).not.toContain(':');
      expect(`${Number.parseInt(bullId, 10)}`).not.toBe(bullId);
    }
    expect(mapped.map(fromBullJobId)).toEqual(ids);
    expect(toBullJobId('learner-7')).toBe('learner-7');
  });
});

describe('finished-job retention', () => {
  it('keeps at most count ids, and drops ids past their age when another job finishes', () => {
    let now = 0;
    const finished = createFinishedJobs({ ageMs: 1000, count: 2 }, () => now);
    finished.add('a');
    finished.add('b');
    finished.add('c');
    expect([finished.has('a'), finished.has('b'), finished.has('c')]).toEqual([false, true, true]);
    now = 1500;
    expect(finished.has('b')).toBe(true);
    finished.add('d');
    expect([finished.has('b'), finished.has('c'), finished.has('d')]).toEqual([false, false, true]);
  });
});

describe('sliding-window limiter', () => {
  it('allows max starts in any window', () => {
    let now = 0;
    const window = createSlidingWindow({ max: 2, durationMs: 100 }, () => now);
    window.record();
    now = 30;
    window.record();
    expect(window.waitMs()).toBe(70);
    now = 100;
    expect(window.waitMs()).toBe(0);
    window.record();
    expect(window.waitMs()).toBe(30);
  });
});

describe('timer set', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits through delays longer than setTimeout can hold', () => {
    vi.useFakeTimers();
    const timers = createTimerSet();
    const fired = vi.fn();
    timers.after(2 ** 31 + 5000, fired);
    vi.advanceTimersByTime(2 ** 31);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5000);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('cancels one timer, clears all, and refuses new ones after clear()', () => {
    vi.useFakeTimers();
    const timers = createTimerSet();
    const fired = vi.fn();
    const cancel = timers.after(10, fired);
    timers.after(20, fired);
    cancel();
    expect(timers.size).toBe(1);
    timers.clear();
    timers.after(5, fired);
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
    expect(timers.size).toBe(0);
  });
});

describe('fifo', () => {
  it('keeps order through shifts, front inserts, removals and compaction', () => {
    const fifo = createFifo<number>();
    for (let n = 0; n < 5000; n++) fifo.push(n);
    for (let n = 0; n < 3000; n++) expect(fifo.shift()).toBe(n);
    fifo.unshift(2999);
    fifo.remove(3001);
    expect(fifo.length).toBe(2000);
    expect([fifo.shift(), fifo.shift(), fifo.shift()]).toEqual([2999, 3000, 3002]);
    while (fifo.length > 0) fifo.shift();
    expect(fifo.shift()).toBeUndefined();
  });
});
