import { describe, expect, it } from 'vitest';
import { createChatPacer } from '../../bot/channels/core/chat-pacer';
import { gcraTake } from '../../bot/channels/core/rate-budget';
import { createSendLimiter } from '../../bot/channels/core/send-limiter';

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

describe('message budget (GCRA)', () => {
  it('lets a quarter second’s burst of bulk sends through, then one per interval', () => {
    const state = { theoretical: 0, pausedUntil: 0 };
    const waits = Array.from({ length: 7 }, () => gcraTake(state, 'bulk', 1000, 20));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBeGreaterThan(0);
    expect(gcraTake(state, 'bulk', 1000 + waits[5]!, 20)).toBe(0);
  });

  it('never holds a reply to the rate, but its share slows bulk sends', () => {
    const state = { theoretical: 0, pausedUntil: 0 };
    for (let i = 0; i < 10; i++) expect(gcraTake(state, 'reply', 1000, 5)).toBe(0);
    // Replies used up a second of budget (never more): bulk waits for it.
    expect(gcraTake(state, 'bulk', 1000, 5)).toBeGreaterThan(0);
    expect(gcraTake(state, 'bulk', 2000, 5)).toBe(0);
  });

  it('holds everyone, replies too, while the platform asked to pause (429)', () => {
    const state = { theoretical: 0, pausedUntil: 1500 };
    expect(gcraTake(state, 'reply', 1000, 5)).toBe(500);
    expect(gcraTake(state, 'bulk', 1000, 5)).toBe(500);
    expect(gcraTake(state, 'reply', 1500, 5)).toBe(0);
  });
});

describe('send limiter lanes', () => {
  it('holds bulk sends to the bot-wide rate and never holds a reply to it', async () => {
    const limiter = createSendLimiter({ ratePerSecond: 5, perChat: { perSecond: 1000, burst: 1000 } });
    const order: string[] = [];
    const started = performance.now();
    const bulk = Array.from({ length: 7 }, (_, i) =>
      limiter.acquire(`c${i}`, { priority: 'bulk' }).then(() => order.push(`bulk${i}`)),
    );
    await limiter.acquire('r', { priority: 'reply' });
    order.push('reply');
    expect(performance.now() - started).toBeLessThan(50);
    await Promise.all(bulk);
    expect(order.indexOf('reply')).toBeLessThan(order.indexOf('bulk5'));
    expect(order.filter((o) => o.startsWith('bulk'))).toEqual([
      'bulk0',
      'bulk1',
      'bulk2',
      'bulk3',
      'bulk4',
      'bulk5',
      'bulk6',
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('pauses everyone after a 429 and lets an aborted waiter go', async () => {
    const limiter = createSendLimiter({ ratePerSecond: 1000 });
    limiter.pause(200);
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    const controller = new AbortController();
    const aborted = limiter.acquire('a', { priority: 'bulk', signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await limiter.acquire('b');
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(limiter.waiting).toBe(0);
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

describe('bulk sends against a shared budget', () => {
  it('take several sends per round trip when many wait, so the round trip does not cap the rate', async () => {
    let calls = 0;
    const state = { theoretical: 0, pausedUntil: 0 };
    // A budget 20 ms away (Redis on a busy machine): one send per round trip would be 50/s.
    const budget = {
      async take(priority: 'reply' | 'bulk', rate = 1000, count = 1) {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return gcraTake(state, priority, performance.now(), rate, count);
      },
      async pause() {},
    };
    const limiter = createSendLimiter({
      ratePerSecond: 1000,
      budget,
      perChat: { perSecond: 1000, burst: 1000 },
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => limiter.acquire(`c${i}`, { priority: 'bulk' })));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(calls).toBeLessThan(60);
  });
});
