import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../bot/channels/channel';
import { createBudgets } from '../../bot/channels/core/budgets';
import { createTelegramChannel } from '../../bot/channels/telegram/telegram-channel';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { installErrorHandler } from '../../bot/server/error-handler';
import type { InboundRecord, LearnerKey, LearnerStore } from '../../bot/store/learner-store';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { telegramUser, updates } from '../support/drivers/telegram-learner';

const TOKEN = '555111:CHANNEL-test-token_abcdefghijkl';
const SECRET = 'webhook-secret_0123456789';

/** In-memory intake and store: what the channel hands over, and the de-duplication the database gives. */
function memoryBackend() {
  const accepted: InboundRecord[] = [];
  const inbound = new Map<string, InboundRecord>();
  const reach: string[] = [];
  const claims = new Set<string>();
  let failing = 0;
  const store = {
    async recordInbound(records: InboundRecord[]) {
      const created = new Set<string>();
      for (const record of records) {
        const id = `${record.platform}:${record.externalId}`;
        if (inbound.has(id)) continue;
        inbound.set(id, record);
        created.add(id);
      }
      return created;
    },
    async claimOnce(platform: string, claimKey: string) {
      const id = `${platform}:claim:${claimKey}`;
      if (claims.has(id)) return false;
      claims.add(id);
      return true;
    },
    async markUnreachable(key: LearnerKey) {
      reach.push(`unreachable:${key.platformUserId}`);
    },
    async markReachable(key: LearnerKey) {
      reach.push(`reachable:${key.platformUserId}`);
    },
  } as unknown as LearnerStore;
  const intake = {
    busy: () => false,
    async accept(record: InboundRecord) {
      if (failing > 0) {
        failing -= 1;
        throw new Error('database unavailable');
      }
      const isNew = (await store.recordInbound([record])).size === 1;
      if (isNew) accepted.push(record);
      return isNew;
    },
  };
  return { store, intake, accepted, inbound, claims, reach, failNext: (n: number) => (failing = n) };
}

async function startChannel(fake: FakeTelegram, backend: ReturnType<typeof memoryBackend>, webhook = true) {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(webhook ? { TELEGRAM_WEBHOOK_SECRET: SECRET } : {}),
    PUBLIC_URL: 'https://hocvuso.example.vn',
  });
  const channel = createTelegramChannel({
    config,
    intake: backend.intake,
    store: backend.store,
    log,
    receive: true,
    budgetFor: createBudgets({ prefix: 'test', log: createLogger('silent') }),
    telegram: config.telegram!,
  });
  const server = Fastify();
  installErrorHandler(server);
  channel.routes?.(server);
  await server.ready();
  return { channel, server, logs: () => lines.join('') };
}

const post = (server: FastifyInstance, body: unknown, secret: string | null = SECRET) =>
  server.inject({
    method: 'POST',
    url: '/webhooks/telegram',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('Telegram channel, webhook mode (in process)', () => {
  let fake: FakeTelegram;
  let backend: ReturnType<typeof memoryBackend>;
  let channel: Channel;
  let server: FastifyInstance;
  let logs: () => string;
  const lan = telegramUser(7001, 'Lan', 'Nguyễn');

  beforeEach(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    backend = memoryBackend();
    ({ channel, server, logs } = await startChannel(fake, backend));
  });
  afterEach(async () => {
    await channel.stop();
    await server.close();
    await fake.close();
  });

  it('answers 503 until started, then registers the webhook and the command menus', async () => {
    expect((await post(server, updates.text(lan, 'xin chào'))).statusCode).toBe(503);
    await channel.start();
    expect(fake.callsOf('getMe')).toHaveLength(1);
    expect(fake.webhook).toEqual({
      url: 'https://hocvuso.example.vn/webhooks/telegram',
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    });
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    expect(fake.commands.get('')!.map((c) => c.command)).toEqual([
      'start',
      'menu',
      'progress',
      'ontap',
      'nhacnho',
      'help',
      'language',
      'stop',
      'delete',
    ]);
    expect(fake.commands.get('')![0]!.description).toBe('Bắt đầu học');
    expect(fake.commands.get('en')!.map((c) => c.command)).toHaveLength(9);
    expect(fake.commands.get('en')![2]!.description).toBe('My progress');
  });

  describe('started', () => {
    beforeEach(() => channel.start());

    it('rejects a missing or wrong secret with 401 before reading the body', async () => {
      for (const secret of [null, '', 'wrong', `${SECRET}x`, SECRET.slice(0, -1)]) {
        const response = await post(server, '{ not json', secret);
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: 'unauthorized' });
      }
      expect((await post(server, updates.text(lan, 'hi'), 'wrong')).statusCode).toBe(401);
      expect(backend.accepted).toHaveLength(0);
    });

    it('answers malformed JSON and non-updates with 400, and keeps working', async () => {
      expect((await post(server, '{"update_id": 1, ')).statusCode).toBe(400);
      expect((await post(server, '[1,2]')).statusCode).toBe(400);
      expect((await post(server, { update_id: 'x' })).statusCode).toBe(400);
      expect((await post(server, updates.text(lan, 'Hà Nội'))).statusCode).toBe(200);
      expect(backend.accepted).toHaveLength(1);
    });

    it('maps a text message: update id as key and order, the name, the text as typed', async () => {
      const update = updates.text(lan, '/start ref_CLB-12');
      expect((await post(server, update)).statusCode).toBe(200);
      expect(backend.accepted).toEqual([
        {
          platform: 'telegram',
          platformUserId: '7001',
          externalId: String(update.update_id),
          chatId: '7001',
          order: update.update_id,
          input: {
            kind: 'text',
            text: '/start ref_CLB-12',
            displayName: 'Lan Nguyễn',
            at: expect.any(String),
          },
        },
      ]);
      expect(Date.parse(backend.accepted[0]!.input.at)).toBeGreaterThan(Date.now() - 5000);
    });

    it('records a redelivered update once', async () => {
      const update = updates.text(lan, '1');
      expect((await post(server, update)).statusCode).toBe(200);
      expect((await post(server, update)).statusCode).toBe(200);
      expect(backend.accepted).toHaveLength(1);
    });

    it('turns stickers, photos, voice, documents and locations into media input', async () => {
      for (const kind of ['sticker', 'photo', 'voice', 'document', 'location'] as const)
        expect((await post(server, updates.media(lan, kind))).statusCode).toBe(200);
      expect(backend.accepted.map((r) => r.input.kind)).toEqual([
        'media',
        'media',
        'media',
        'media',
        'media',
      ]);
      expect(backend.accepted.every((r) => r.input.text === '')).toBe(true);
    });

    it('ignores edited messages and unknown update types with 200', async () => {
      const unknown = [
        updates.edited(lan, 'sửa lại'),
        { update_id: 90001, poll: { id: 'p', question: 'q', options: [] } },
        {
          update_id: 90002,
          channel_post: { message_id: 1, chat: { id: -100, type: 'channel' }, date: 1, text: 'x' },
        },
        { update_id: 90003, something_new: { foo: 1 } },
        {
          update_id: 90004,
          message: {
            message_id: 1,
            date: 1,
            chat: { id: 7001, type: 'private' },
            from: lan,
            pinned_message: {},
          },
        },
      ];
      for (const update of unknown) expect((await post(server, update)).statusCode).toBe(200);
      expect(backend.accepted).toHaveLength(0);
    });

    it('answers every press, passes it on with its prompt, and marks the chosen answer', async () => {
      const prompt = await sendPrompt(fake, 7001);
      expect((await post(server, updates.press(lan, prompt, 'v1:5:2'))).statusCode).toBe(200);
      expect(backend.accepted[0]!.input).toMatchObject({ kind: 'text', text: '2', promptSeq: 5 });
      await fake.waitFor(
        () =>
          fake.callsOf('editMessageText').length === 1 && fake.callsOf('answerCallbackQuery').length === 1,
      );
      const edited = fake.message(7001, prompt.message_id)!;
      expect(edited.text).toBe('Bạn có đồng ý không?\n\n✔️ Không đồng ý');
      expect(edited.reply_markup).toBeUndefined();
    });

    it('answers a redelivered press again but does not record or edit it twice', async () => {
      const prompt = await sendPrompt(fake, 7001);
      const press = updates.press(lan, prompt, 'v1:5:1');
      await post(server, press);
      await post(server, press);
      await fake.waitFor(() => fake.callsOf('answerCallbackQuery').length === 2);
      await channel.stop();
      expect(backend.accepted).toHaveLength(1);
      expect(fake.callsOf('editMessageText')).toHaveLength(1);
    });

    it('passes an unparseable or old-version press as stale and removes that keyboard', async () => {
      const prompt = await sendPrompt(fake, 7001);
      await post(server, updates.press(lan, prompt, 'v0:garbage'));
      expect(backend.accepted[0]!.input).toMatchObject({ kind: 'text', text: '', promptSeq: -1 });
      await fake.waitFor(() => fake.callsOf('editMessageReplyMarkup').length === 1);
      expect(fake.message(7001, prompt.message_id)!.reply_markup).toBeUndefined();
      expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    });

    it('follows blocking and unblocking', async () => {
      await post(server, updates.memberStatus(lan, 'kicked'));
      await post(server, updates.memberStatus(lan, 'member'));
      expect(backend.reach).toEqual(['unreachable:7001', 'reachable:7001']);
      expect(backend.accepted).toHaveLength(0);
    });

    it('answers in a group once, with a private-chat link in both languages', async () => {
      const group = -1001234;
      for (const text of ['/start', 'bot ơi', '/menu@hocvuso_test_bot'])
        expect((await post(server, updates.groupText(lan, group, text))).statusCode).toBe(200);
      await channel.stop();
      const hints = fake.sentTo(group);
      expect(hints).toHaveLength(1);
      expect(hints[0]!.text).toContain('https://t.me/hocvuso_test_bot?start=group');
      expect(hints[0]!.text).toMatch(/trò chuyện riêng/);
      expect(hints[0]!.text).toMatch(/private chat/);
      expect(backend.accepted).toHaveLength(0);
      expect(backend.inbound.size).toBe(0);
      expect([...backend.claims]).toEqual(['telegram:claim:group:-1001234']);
    });

    it('answers 500 when recording fails (Telegram redelivers), without the token in the logs', async () => {
      backend.failNext(1);
      const update = updates.text(lan, 'tiến độ');
      const failed = await post(server, update);
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toContain(TOKEN);
      expect(logs()).toContain('recording a Telegram update failed');
      expect(logs()).not.toContain(TOKEN.split(':')[1]);
      expect((await post(server, update)).statusCode).toBe(200);
      expect(backend.accepted).toHaveLength(1);
    });
  });
});

describe('Telegram channel in a worker process (receive: false)', () => {
  it('only sends: no getMe, no webhook, no polling, no route', async () => {
    const fake = await startFakeTelegram({ token: TOKEN });
    const backend = memoryBackend();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const log = pino({ level: 'silent' });
    const channel = createTelegramChannel({
      config,
      intake: backend.intake,
      store: backend.store,
      log,
      receive: false,
      budgetFor: createBudgets({ prefix: 'test', log: createLogger('silent') }),
      telegram: config.telegram!,
    });
    expect(channel.routes).toBeUndefined();
    await channel.start();
    expect(await channel.sender.send('9001', [{ text: 'Đến giờ học rồi!' }])).toEqual({ ok: true });
    await channel.stop();
    expect(fake.calls.map((call) => call.method)).toEqual(['sendMessage']);
    await fake.close();
  });
});

describe('Telegram channel, long polling (in process)', () => {
  it('deletes the webhook, polls, records updates in order, survives a recording failure, and stops', async () => {
    const fake = await startFakeTelegram({ token: TOKEN });
    const backend = memoryBackend();
    const { channel, server } = await startChannel(fake, backend, false);
    expect(server.hasRoute({ method: 'POST', url: '/webhooks/telegram' })).toBe(false);
    fake.webhook = { url: 'https://old.example/hook' };
    await channel.start();
    expect(fake.webhook).toBeUndefined();
    const user = telegramUser(8001);
    backend.failNext(2);
    const sent = [updates.text(user, '/start'), updates.text(user, '1'), updates.text(user, '2')];
    fake.enqueue(...sent);
    await fake.waitFor(() => backend.accepted.length === 3);
    expect(backend.accepted.map((r) => r.input.text)).toEqual(['/start', '1', '2']);
    fake.redeliver(sent[1]!);
    fake.enqueue(updates.text(user, '3'));
    await fake.waitFor(() => backend.accepted.length === 4);
    await channel.stop();
    const polls = fake.callsOf('getUpdates').length;
    // "Never polls again" has no signal to wait for: a stray poll would come within this.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.callsOf('getUpdates')).toHaveLength(polls);
    expect(fake.callsOf('getUpdates').at(-1)!.body).toMatchObject({
      timeout: 30,
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    });
    await server.close();
    await fake.close();
  });
});

async function sendPrompt(fake: FakeTelegram, chatId: number) {
  const response = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chat_id: chatId,
      text: 'Bạn có đồng ý không?',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Đồng ý', callback_data: 'v1:5:1' },
            { text: 'Không đồng ý', callback_data: 'v1:5:2' },
          ],
        ],
      },
    }),
  });
  return ((await response.json()) as { result: import('../fakes/fake-telegram-server').FakeMessage }).result;
}
