import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type FakeMessage,
  type FakeTelegram,
  type SendLimits,
  startFakeTelegram,
} from '../fakes/fake-telegram-server';
import { freePort } from '../helpers/free-port';
import { deleteRedisKeys, TEST_REDIS_URL } from '../helpers/services';
import { createPostgresDatabase } from '../support/test-app';
import { type ServerProcess, startServerProcess } from './bench-kit';

export const ADMIN_KEY = 'bench-broadcast-admin-key-0123456789abcdef';
export const SECRET = 'bench-secret_broadcast';
export const CAMPAIGN_TEXT =
  'Tuần này: cách nhận diện cuộc gọi giả danh công an. Cảnh giác, không chuyển tiền!';

export interface Rig {
  fake: FakeTelegram;
  app: ServerProcess;
  db: pg.Client;
  prefix: string;
  /** Campaign messages the fake accepted, with when. */
  campaignSends: number[];
  /** Every message the fake accepted, with when. */
  allSends: number[];
  /** Resolves on the next message the fake accepts for this chat. */
  nextTo(chatId: number): Promise<number>;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The fake Telegram with `limits`, a fresh database and the app (`npm start`) in its own process. */
export async function startRig(limits: SendLimits, sendRate: number): Promise<Rig> {
  const fake = await startFakeTelegram({ record: false, limits });
  const database = await createPostgresDatabase();
  const prefix = `bench-bc-${randomBytes(4).toString('hex')}`;
  const app = await startServerProcess(
    {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_SEND_RATE: String(sendRate),
      PUBLIC_URL: 'https://bench.example.vn',
      ADMIN_API_KEY: ADMIN_KEY,
      QUIET_HOURS: '',
    },
    await freePort(),
  );
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const campaignSends: number[] = [];
  const allSends: number[] = [];
  const waiting = new Map<string, (at: number) => void>();
  fake.onSend = (message: FakeMessage) => {
    const at = performance.now();
    allSends.push(at);
    if (message.text.startsWith('Tuần này')) campaignSends.push(at);
    const resolve = waiting.get(String(message.chat.id));
    waiting.delete(String(message.chat.id));
    resolve?.(at);
  };
  return {
    fake,
    app,
    db,
    prefix,
    campaignSends,
    allSends,
    nextTo: (chatId) => new Promise((resolve) => waiting.set(String(chatId), resolve)),
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${app.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      await app.stop();
      await db.end();
      await fake.close();
      await database.drop();
      await deleteRedisKeys(`${prefix}:*`);
    },
  };
}

/** Learners at the menu, consented, Telegram chats `first`…; in batches of 100,000 rows. */
export async function seed(
  db: pg.Client,
  first: number,
  count: number,
  province: string | null,
): Promise<void> {
  const state = JSON.stringify({ v: 1, seq: 3, step: { at: 'menu' }, done: {}, seed: 7 });
  for (let done = 0; done < count; done += 100_000) {
    const n = Math.min(100_000, count - done);
    await db.query(
      `INSERT INTO learner (platform, platform_user_id, chat_id, language, province, consent_at, state)
       SELECT 'telegram', ($1::bigint + g)::text, ($1::bigint + g)::text, 'vi', $2, now(), $3::jsonb
       FROM generate_series(0, $4::int - 1) AS g`,
      [first + done, province, state, n],
    );
  }
  await db.query('ANALYZE learner');
}

/** A learner writes to the bot (webhook, as Telegram delivers it). */
export async function say(app: ServerProcess, chatId: number, updateId: number, text: string): Promise<void> {
  const user = { id: chatId, is_bot: false, first_name: 'Learner' };
  const update = {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: user,
      chat: { id: chatId, type: 'private', first_name: 'Learner' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] }
        : {}),
    },
  };
  const response = await fetch(`${app.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
}

/** Messages per second between two instants. */
export function rateBetween(times: number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
}
