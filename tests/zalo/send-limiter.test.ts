import { describe, expect, it } from 'vitest';
import { createChatPacer } from '../../bot/channels/zalo/chat-pacer';
import { createRateGate } from '../../bot/channels/zalo/rate-gate';
import { createSendLimiter } from '../../bot/channels/zalo/send-limiter';

describe('chat pacer', () => {
  it('lets a burst through, then one message a second', () => {
    let t = 0;
    const pacer = createChatPacer({ perSecond: 1, burst: 4, now: () => t });
    expect([1, 2, 3, 4].map(() => pacer.reserve('a'))).toEqual([0, 0, 0, 0]);
    expect(pacer.reserve('a')).toBe(1000);
    expect(pacer.reserve('a')).toBe(2000);
    expect(pacer.reserve('b')).toBe(0);
    t = 10_000;
    expect(pacer.reserve('a')).toBe(0);
  });
});

describe('rate gate', () => {
  it('holds bulk sends to the bot-wide rate and never holds a reply to it', async () => {
    const gate = createRateGate({ ratePerSecond: 5 });
    const order: string[] = [];
    const started = performance.now();
    const bulk = Array.from({ length: 7 }, (_, i) =>
      gate.acquire({ priority: 'bulk' }).then(() => order.push(`bulk${i}`)),
    );
    await gate.acquire({ priority: 'reply' });
    order.push('reply');
    expect(performance.now() - started).toBeLessThan(50);
    await Promise.all(bulk);
    // 5 bulk sends go at once (one second's burst); the reply went at once too; the rest wait their turn.
    expect(order.slice(0, 6)).toEqual(['bulk0', 'bulk1', 'bulk2', 'bulk3', 'bulk4', 'reply']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('pauses everyone after a 429 and lets an aborted waiter go', async () => {
    const gate = createRateGate({ ratePerSecond: 1000 });
    gate.pause(200);
    const started = performance.now();
    const controller = new AbortController();
    const aborted = gate.acquire({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await gate.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(gate.waiting).toBe(0);
  });
});

describe('send limiter', () => {
  it('never slows a reply, but makes a bulk send wait behind a busy conversation', async () => {
    const limiter = createSendLimiter({ ratePerSecond: 100 });
    const started = performance.now();
    for (let i = 0; i < 6; i++) await limiter.acquire('chat');
    expect(performance.now() - started).toBeLessThan(100);
    await limiter.acquire('other', { priority: 'bulk' });
    expect(performance.now() - started).toBeLessThan(100);
    await limiter.acquire('chat', { priority: 'bulk' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
  });
});
