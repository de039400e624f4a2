import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZaloClient } from '../../bot/channels/zalo/zalo-client';
import { createZaloPoller } from '../../bot/channels/zalo/zalo-polling';
import type { ZaloReceiver } from '../../bot/channels/zalo/zalo-receiver';
import type { ZaloUpdate } from '../../bot/channels/zalo/zalo-update';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';

const log = pino({ level: 'silent' });
let fake: FakeZaloServer;
let stops: (() => Promise<void>)[] = [];

const text = (id: string, body = 'xin chào') => ({
  event_name: 'message.text.received',
  message: {
    message_id: id,
    date: Date.now(),
    chat: { id: 'u', chat_type: 'PRIVATE' },
    from: { id: 'u' },
    text: body,
  },
});

function poller(receiver: ZaloReceiver, timeoutSeconds = 30) {
  const client = createZaloClient({ token: fake.token, apiBase: fake.url, log });
  const p = createZaloPoller({ client, receiver, log, timeoutSeconds, backoff: { baseMs: 20, maxMs: 100 } });
  stops.push(p.stop);
  return p;
}

function collecting() {
  const seen: ZaloUpdate[] = [];
  const receiver: ZaloReceiver = {
    async handle(update) {
      seen.push(update);
      return 'accepted';
    },
  };
  return { seen, receiver };
}

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

beforeAll(async () => {
  fake = await startFakeZaloServer();
});
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
  // A long poll aborted on the client is noticed by the server a moment later.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await until(() => fake.waitingPollers === 0);
  fake.reset();
});
afterAll(() => fake.close());

describe('Zalo long polling', () => {
  it('deletes the webhook first, then takes one update per getUpdates call', async () => {
    const { seen, receiver } = collecting();
    await poller(receiver).start();
    expect(fake.calls[0]?.method).toBe('deleteWebhook');
    for (const id of ['a', 'b', 'c']) fake.pushUpdate(text(id));
    await until(() => seen.length === 3);
    expect(seen.map((update) => update.message?.message_id)).toEqual(['a', 'b', 'c']);
    expect(fake.callsTo('getUpdates').every((call) => call.body.timeout === '30')).toBe(true);
  });

  it('takes a 408 (no update) as normal and polls again without backing off', async () => {
    const { seen, receiver } = collecting();
    await poller(receiver, 0).start();
    await until(() => fake.callsTo('getUpdates').filter((call) => call.status === 408).length >= 5);
    fake.pushUpdate(text('late'));
    await until(() => seen.length === 1);
  });

  it('backs off on errors and recovers', async () => {
    const { seen, receiver } = collecting();
    fake.failNext(3, { status: 502, methods: ['getUpdates'] });
    fake.pushUpdate(text('after-errors'));
    await poller(receiver).start();
    await until(() => seen.length === 1);
    const statuses = fake.callsTo('getUpdates').map((call) => call.status);
    expect(statuses).toEqual([502, 502, 502, 200]);
    const times = fake.callsTo('getUpdates').map((call) => call.at);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(20 + 40 + 80 - 10);
  });

  it('keeps retrying to record a polled update (it is gone from Zalo once returned)', async () => {
    let failures = 2;
    const seen: string[] = [];
    const receiver: ZaloReceiver = {
      async handle(update) {
        if (failures-- > 0) throw new Error('database down');
        seen.push(String(update.message?.message_id));
        return 'accepted';
      },
    };
    fake.pushUpdate(text('kept'));
    await poller(receiver).start();
    await until(() => seen.length === 1);
    expect(seen).toEqual(['kept']);
  });

  it('skips an update that is not valid and goes on', async () => {
    const { seen, receiver } = collecting();
    fake.pushUpdate({ message: { nonsense: true } });
    fake.pushUpdate(text('good'));
    await poller(receiver).start();
    await until(() => seen.length === 1);
    expect(seen[0]?.message?.message_id).toBe('good');
  });

  it('stops at once in the middle of a 30 s long poll, and leaves later updates for the next poller', async () => {
    const { seen, receiver } = collecting();
    const p = poller(receiver);
    await p.start();
    // The first long poll is waiting at the fake (it answers nothing for 30 s).
    await until(() => fake.waitingPollers === 1);
    const started = performance.now();
    await p.stop();
    expect(performance.now() - started).toBeLessThan(500);
    await until(() => fake.waitingPollers === 0);
    fake.pushUpdate(text('for-the-next-one'));
    expect(fake.pendingUpdates).toBe(1);
    expect(seen).toEqual([]);
  });
});
