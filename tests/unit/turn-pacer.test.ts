import { describe, expect, it } from 'vitest';
import { createTurnPacer } from '../../bot/turns/turn-pacer';

/** A pacer on a fake clock and a fake loop: each `window` sets utilisation and arrivals, then ticks. */
function setup(options: { minArrivals?: number } = {}) {
  let clock = 0;
  let used = 0;
  const changes: boolean[] = [];
  let wakeups = 0;
  const pacer = createTurnPacer({
    timer: false,
    now: () => clock,
    utilization: () => used,
    onChange: (paced) => changes.push(paced),
    minArrivals: options.minArrivals,
  });
  pacer.onAllowance(() => wakeups++);
  const window = (utilization: number, arrivals: number) => {
    used = utilization;
    pacer.accepted(arrivals);
    clock += 100;
    pacer.tick();
  };
  /** Saturated windows at a steady rate, then a trial whose windows see `during` arrivals each. */
  const trial = (before: number, during: number) => {
    for (let i = 0; i < 3; i++) window(1, before);
    expect(pacer.holding).toBe(true);
    for (let i = 0; i < 3; i++) window(1, during);
  };
  return {
    pacer,
    window,
    trial,
    changes,
    wakeups: () => wakeups,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('turn pacer', () => {
  it('stays out of the way while the loop has room, however many messages arrive', () => {
    const { pacer, window } = setup();
    for (let i = 0; i < 50; i++) window(0.7, 1000);
    expect(pacer.holding).toBe(false);
    expect(pacer.allowance()).toBe(Number.POSITIVE_INFINITY);
  });

  it('paces turns when holding them back lets deliveries arrive faster (a flood)', () => {
    const { pacer, trial, changes } = setup();
    trial(200, 600);
    expect(pacer.holding).toBe(true);
    expect(changes).toEqual([true]);
  });

  it('ends the trial when arrivals do not rise (learners wait for replies) and backs off', () => {
    const { pacer, window, trial, changes, advance } = setup();
    trial(200, 60);
    expect(pacer.holding).toBe(false);
    expect(changes).toEqual([]);
    // Still saturated at the same rate: no new trial before the back-off has passed…
    for (let i = 0; i < 5; i++) window(1, 200);
    expect(pacer.holding).toBe(false);
    // …then another one; failing again doubles the wait.
    advance(1000);
    window(1, 200);
    expect(pacer.holding).toBe(true);
    for (let i = 0; i < 3; i++) window(1, 60);
    expect(pacer.holding).toBe(false);
    advance(1500);
    for (let i = 0; i < 3; i++) window(1, 200);
    expect(pacer.holding).toBe(false);
    advance(500);
    window(1, 200);
    expect(pacer.holding).toBe(true);
  });

  it('tries again at once when arrivals jump far above those of the failed trial', () => {
    const { pacer, window, trial } = setup();
    trial(100, 30);
    expect(pacer.holding).toBe(false);
    for (let i = 0; i < 2; i++) window(1, 100);
    expect(pacer.holding).toBe(false);
    for (let i = 0; i < 3; i++) window(1, 900);
    expect(pacer.holding).toBe(true);
  });

  it('never holds turns back for a backlog draining with nothing arriving', () => {
    const { pacer, window } = setup();
    for (let i = 0; i < 30; i++) window(1, 5);
    expect(pacer.holding).toBe(false);
  });

  it('allows turns in batches: a share of the messages accepted, and a floor over time', () => {
    const { pacer, trial, wakeups, advance } = setup();
    trial(200, 600);
    // The trial's arrivals granted up to two batches (no more piles up); run them.
    expect(pacer.allowance()).toBe(64);
    pacer.processed(64);
    // The floor alone (200 turns/s) grants a batch of 32 in 160 ms.
    expect(pacer.allowance()).toBe(0);
    advance(100);
    expect(pacer.allowance()).toBe(0);
    advance(60);
    expect(pacer.allowance()).toBe(32);
    pacer.processed(32);
    expect(pacer.allowance()).toBe(0);
    // One turn per ten messages: 320 messages make a batch, and the dispatcher is woken for it.
    const before = wakeups();
    pacer.accepted(319);
    expect(pacer.allowance()).toBe(0);
    expect(wakeups()).toBe(before);
    pacer.accepted(1);
    expect(wakeups()).toBe(before + 1);
    expect(pacer.allowance()).toBe(32);
    // A learner with more messages than counted leaves a debt that later allowance pays first.
    pacer.processed(80);
    pacer.accepted(320);
    expect(pacer.allowance()).toBe(0);
  });

  it('ends pacing when the flood ebbs, and at once when the loop has room', () => {
    const flood = setup();
    flood.trial(200, 600);
    for (let i = 0; i < 20; i++) flood.window(1, 600);
    flood.window(1, 100);
    expect(flood.pacer.holding).toBe(true);
    flood.window(1, 100);
    expect(flood.pacer.holding).toBe(false);
    expect(flood.changes).toEqual([true, false]);

    const quiet = setup();
    quiet.trial(200, 600);
    quiet.window(0.4, 600);
    expect(quiet.pacer.holding).toBe(false);
  });

  it('counts pacing that ends within a second as a failed trial (a closed loop that passed one)', () => {
    const { pacer, window, trial, advance } = setup();
    trial(200, 600);
    window(1, 100);
    window(1, 100);
    expect(pacer.holding).toBe(false);
    for (let i = 0; i < 5; i++) window(1, 200);
    expect(pacer.holding).toBe(false);
    advance(1000);
    window(1, 200);
    expect(pacer.holding).toBe(true);
  });
});
