import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSendLimiter } from '../../bot/channels/core/send-limiter';
import { createGroupNote, GROUP_NOTE } from '../../bot/channels/zalo/group-note';
import { createZaloClient } from '../../bot/channels/zalo/zalo-client';
import { createZaloReceiver } from '../../bot/channels/zalo/zalo-receiver';
import { createZaloSender } from '../../bot/channels/zalo/zalo-sender';
import { zaloWebhookRoute } from '../../bot/channels/zalo/zalo-webhook';
import { installErrorHandler } from '../../bot/server/error-handler';
import type { InboundRecord, LearnerStore } from '../../bot/store/learner-store';
import { createIntake } from '../../bot/turns/intake';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';

const SECRET = 'webhook-secret-123';
const log = pino({ level: 'silent' });

/** The inbound half of a store, in memory: enough for intake and the group note. */
function memoryStore() {
  const rows = new Map<string, InboundRecord | 'claim'>();
  let fail = false;
  const store = {
    async recordInbound(records: InboundRecord[]) {
      if (fail) throw new Error('database down');
      const created = new Set<string>();
      for (const record of records) {
        const key = `${record.platform}:${record.externalId}`;
        if (rows.has(key)) continue;
        rows.set(key, record);
        created.add(key);
      }
      return created;
    },
    async claimOnce(platform: string, claimKey: string) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const key = `${platform}:claim:${claimKey}`;
      if (rows.has(key)) return false;
      rows.set(key, 'claim');
      return true;
    },
  } as Partial<LearnerStore> as LearnerStore;
  return { store, rows, failWrites: (value: boolean) => (fail = value) };
}

let fake: FakeZaloServer;
let server: FastifyInstance;
let memory: ReturnType<typeof memoryStore>;
let scheduled: InboundRecord[];
/** Every group note offered, settled once it was sent or declined. */
let offers: Promise<boolean>[];

const track = (offer: Promise<boolean>) => {
  offers.push(offer);
  return offer;
};

function build(store: LearnerStore): FastifyInstance {
  const app = Fastify();
  installErrorHandler(app);
  const limiter = createSendLimiter({ ratePerSecond: 100 });
  const client = createZaloClient({ token: fake.token, apiBase: fake.url, log });
  const sender = createZaloSender({ client, limiter, log });
  const intake = createIntake({ store, log, onNew: (record) => scheduled.push(record) });
  const note = createGroupNote({ store, sender, log });
  const groupNote = { offer: (chatId: string) => track(note.offer(chatId)) };
  const receiver = createZaloReceiver({ intake, groupNote, log });
  zaloWebhookRoute(app, { secret: SECRET, receiver });
  return app;
}

const update = (id: string, extra: Record<string, unknown> = {}) => ({
  event_name: 'message.text.received',
  message: {
    message_id: id,
    date: 1766619597466,
    chat: { id: 'u1', chat_type: 'PRIVATE' },
    from: { id: 'u1', display_name: 'Ông Ba' },
    text: '1',
    ...extra,
  },
});
const post = (payload: unknown, headers: Record<string, string> = { 'x-bot-api-secret-token': SECRET }) =>
  server.inject({
    method: 'POST',
    url: '/webhooks/zalo',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

beforeAll(async () => {
  fake = await startFakeZaloServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  memory = memoryStore();
  scheduled = [];
  offers = [];
  server = build(memory.store);
});

describe('POST /webhooks/zalo', () => {
  it('answers 401 to a missing or wrong secret before reading the body', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'x-bot-api-secret-token': `${SECRET}x` },
      { 'x-bot-api-secret-token': 'short' },
    ]) {
      const response = await post('{ not json', headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect(memory.rows.size).toBe(0);
  });

  it.each([
    ['broken JSON', '{"event_name": '],
    ['a JSON string', '"hello"'],
    ['an empty object', '{}'],
    [
      'a message without chat',
      JSON.stringify({ event_name: 'message.text.received', message: { message_id: 'x' } }),
    ],
    ['a text field that is not a string', JSON.stringify(update('m', { text: { big: 'x'.repeat(1000) } }))],
  ])('answers 400 JSON to %s', async (_name, body) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    expect(memory.rows.size).toBe(0);
  });

  it('records a message once and hands only the first delivery to the dispatcher', async () => {
    const first = await post(update('m-1'));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ok: true, received: 'accepted' });
    expect((await post(update('m-1'))).json()).toEqual({ ok: true, received: 'duplicate' });
    expect((await post({ ok: true, result: update('m-1') })).json()).toEqual({
      ok: true,
      received: 'duplicate',
    });
    expect(scheduled.map((record) => record.externalId)).toEqual(['message.text.received:m-1']);
    expect(scheduled[0]?.input).toMatchObject({ kind: 'text', text: '1', displayName: 'Ông Ba' });
  });

  it('treats the same message id under another event name as another message', async () => {
    await post(update('m-2'));
    await post({
      ...update('m-2', { text: undefined, sticker: 's' }),
      event_name: 'message.sticker.received',
    });
    expect(scheduled.map((record) => record.input.kind)).toEqual(['text', 'media']);
  });

  it('answers 500 when the message cannot be recorded, so Zalo delivers it again', async () => {
    memory.failWrites(true);
    const response = await post(update('m-3'));
    expect(response.statusCode).toBe(500);
    expect(response.json().message).not.toContain('database');
    memory.failWrites(false);
    expect((await post(update('m-3'))).json()).toEqual({ ok: true, received: 'accepted' });
  });

  it('sends a group chat one bilingual note, at most, across processes, and runs no turn', async () => {
    const other = build(memory.store);
    const group = (id: string) => update(id, { chat: { id: 'g-1', chat_type: 'GROUP' } });
    const answers = await Promise.all([
      post(group('g-a')),
      post(group('g-b')),
      other.inject({
        method: 'POST',
        url: '/webhooks/zalo',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
        payload: JSON.stringify(group('g-c')),
      }),
    ]);
    expect(answers.map((answer) => answer.json())).toEqual(Array(3).fill({ ok: true, received: 'group' }));
    expect((await Promise.all(offers)).filter(Boolean)).toHaveLength(1);
    expect(fake.messages('g-1').map((m) => m.text)).toEqual([GROUP_NOTE]);
    expect(scheduled).toEqual([]);
    expect([...memory.rows.values()]).toEqual(['claim']);
    await post(group('g-d'));
    await Promise.all(offers);
    expect(fake.messages('g-1')).toHaveLength(1);
  });
});
