import { describe, expect, it } from 'vitest';
import { createIntakeFirst } from '../../bot/turns/intake-first';

/** Keeps the event loop busy (this callback running) for `ms`: the loop's utilization goes to 1. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

describe('intake first', () => {
  it('lets every batch start while intake is idle, however busy the loop', () => {
    const gate = createIntakeFirst({ intakeBusy: () => false, onRoom: () => {}, windowMs: 20 });
    spin(30);
    expect(gate.mayStartBatch(0)).toBe(true);
    expect(gate.mayStartBatch(5)).toBe(true);
  });

  it('runs one batch at a time while intake is busy and the loop has room', async () => {
    const gate = createIntakeFirst({ intakeBusy: () => true, onRoom: () => {}, windowMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(gate.mayStartBatch(0)).toBe(true);
    expect(gate.mayStartBatch(1)).toBe(false);
  });

  it('holds batches while intake is busy and the loop saturated, retries a window later, and still starts one per pause', async () => {
    let rooms = 0;
    const gate = createIntakeFirst({
      intakeBusy: () => true,
      onRoom: () => rooms++,
      windowMs: 20,
      maxPauseMs: 300,
    });
    expect(gate.mayStartBatch(0)).toBe(true);
    spin(30);
    expect(gate.mayStartBatch(0)).toBe(false);
    expect(gate.mayStartBatch(0)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    // One retry for the held batches, not one per refusal; the loop idled meanwhile: room again.
    expect(rooms).toBe(1);
    expect(gate.mayStartBatch(0)).toBe(true);
    spin(30);
    expect(gate.mayStartBatch(0)).toBe(false);
    // A flood the process cannot keep up with: the loop stays saturated, yet turns go on.
    spin(300);
    expect(gate.mayStartBatch(0)).toBe(true);
    expect(gate.mayStartBatch(0)).toBe(false);
  });
});
