import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZaloClient } from '../../bot/channels/zalo/zalo-client';
import { ZaloApiError, ZaloNetworkError } from '../../bot/channels/zalo/zalo-errors';
import { createZaloTransport } from '../../bot/channels/zalo/zalo-transport';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';

const fast = { retries: 3, baseMs: 20, maxMs: 100, maxRetryAfterMs: 5_000 };
let fake: FakeZaloServer;
let lines: string[];
const log = () => pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
const client = (overrides: Partial<Parameters<typeof createZaloClient>[0]> = {}) =>
  createZaloClient({ token: fake.token, apiBase: fake.url, log: log(), retry: fast, ...overrides });

beforeAll(async () => {
  fake = await startFakeZaloServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  lines = [];
});

describe('Zalo client', () => {
  it('calls the documented methods with JSON bodies and unwraps the envelope', async () => {
    const zalo = client();
    expect((await zalo.getMe()).account_type).toBe('BASIC');
    const sent = await zalo.sendMessage('chat-1', 'Xin chào');
    expect(sent.message_id).toMatch(/^[0-9a-f]{20}$/);
    await zalo.sendChatAction('chat-1', 'typing');
    await zalo.sendPhoto('chat-1', 'https://example.org/a.png', 'Ảnh');
    expect(fake.calls.map((call) => [call.method, call.body])).toEqual([
      ['getMe', {}],
      ['sendMessage', { chat_id: 'chat-1', text: 'Xin chào' }],
      ['sendChatAction', { chat_id: 'chat-1', action: 'typing' }],
      ['sendPhoto', { chat_id: 'chat-1', photo: 'https://example.org/a.png', caption: 'Ảnh' }],
    ]);
  });

  it('turns { ok: false } into a ZaloApiError without retrying a permanent error', async () => {
    const error = await client()
      .sendMessage('chat-1', 'x'.repeat(2001))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(error).toMatchObject({ error_code: 400, description: 'text must be 1 to 2000 characters' });
    expect(fake.calls).toHaveLength(1);
  });

  it('retries 429 after the Retry-After wait and tells the limiter', async () => {
    fake.failNext(1, { status: 429, retryAfter: 1 });
    const waits: number[] = [];
    const started = performance.now();
    await client({ onRateLimited: (ms) => waits.push(ms) }).sendMessage('chat-1', 'hi');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(waits).toEqual([1000]);
    expect(fake.callsTo('sendMessage').map((call) => call.status)).toEqual([429, 200]);
  });

  it('retries 5xx with backoff, and gives up after the bounded number of attempts', async () => {
    fake.failNext(2, { status: 502 });
    await client().sendMessage('chat-1', 'hi');
    expect(fake.callsTo('sendMessage').map((call) => call.status)).toEqual([502, 502, 200]);
    fake.reset();
    fake.failNext(10, { status: 503 });
    await expect(client().sendMessage('chat-1', 'hi')).rejects.toMatchObject({ error_code: 503 });
    expect(fake.callsTo('sendMessage')).toHaveLength(fast.retries + 1);
  });

  it('does not wait out a Retry-After longer than the policy allows', async () => {
    fake.failNext(1, { status: 429, retryAfter: 3600 });
    const started = performance.now();
    await expect(client().sendMessage('chat-1', 'hi')).rejects.toMatchObject({ error_code: 429 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers null for a long poll with no update, whatever HTTP status carries the 408', async () => {
    expect(await client().getUpdates(0)).toBeNull();
    const other = await startFakeZaloServer({ timeoutHttpStatus: 200 });
    try {
      const zalo = createZaloClient({ token: other.token, apiBase: other.url, log: log() });
      expect(await zalo.getUpdates(0)).toBeNull();
      other.pushUpdate({ event_name: 'message.text.received' });
      expect(await zalo.getUpdates(1)).toEqual({ event_name: 'message.text.received' });
      expect(other.callsTo('getUpdates').map((call) => call.body)).toEqual([
        { timeout: '0' },
        { timeout: '1' },
      ]);
    } finally {
      await other.close();
    }
  });

  it('stops a long poll at once when aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const poll = client().getUpdates(30, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await poll.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloNetworkError);
    expect((error as ZaloNetworkError).aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up on a call that outlives its timeout, as a retryable network error', async () => {
    const transport = createZaloTransport({ token: fake.token, apiBase: fake.url, timeoutMs: 100 });
    const started = performance.now();
    // A long poll with nothing to deliver holds the answer for 30 s.
    const error = await transport.post('getUpdates', { timeout: '30' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloNetworkError);
    expect(error).toMatchObject({ code: 'ECONNABORTED', retryable: true, aborted: false });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never lets the token into errors or logs: wrong token, 5xx retries, connection refused', async () => {
    const wrong = createZaloClient({ token: `${fake.token}x`, apiBase: fake.url, log: log(), retry: fast });
    const unauthorized = await wrong.getMe().catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ error_code: 401 });
    fake.failNext(1, { status: 500 });
    await client().sendMessage('chat-1', 'hi');
    const refused = createZaloClient({
      token: fake.token,
      apiBase: 'http://127.0.0.1:1',
      log: log(),
      retry: fast,
    });
    const network = await refused.getMe().catch((e: unknown) => e);
    expect(network).toBeInstanceOf(ZaloNetworkError);
    expect((network as ZaloNetworkError).code).toBe('ECONNREFUSED');
    expect(lines.length).toBeGreaterThan(0);
    const secretPart = fake.token.split(':')[1]!;
    for (const text of [
      ...lines,
      JSON.stringify(unauthorized),
      String((unauthorized as Error).stack),
      JSON.stringify(network),
      String((network as Error).stack),
    ]) {
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain(fake.url);
    }
  });
});
