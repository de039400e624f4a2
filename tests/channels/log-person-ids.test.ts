import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger, personRef, personRefKey } from '../../bot/logger';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { writeContent } from '../support/content-fixture';
import { createTelegramLearner, nextUpdateId, postUpdate } from '../support/drivers/telegram-learner';
import { createZaloLearner, zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { settledOf } from '../support/settled';

const TELEGRAM_SECRET = 'log-test-telegram-secret';
const ZALO_SECRET = 'log-test-zalo-secret';

/** Chat and user ids never reach the logs: a Telegram and a Zalo session, with failures, at trace level. */
describe('logs name chats only by a keyed hash', () => {
  let telegram: FakeTelegram;
  let zalo: FakeZaloServer;
  let app: App;
  let url: string;
  let dataDir: string;
  let secrets: string[];
  const lines: string[] = [];
  const output = () => lines.join('');
  const logged = (text: string) => () => output().includes(text);
  /** Log lines come after the last platform call, so this watches the log itself. */
  const until = async (condition: () => boolean, timeoutMs = 30_000) => {
    for (const deadline = Date.now() + timeoutMs; !condition(); ) {
      if (Date.now() > deadline) throw new Error('the expected log line never came');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    zalo = await startFakeZaloServer();
    dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-logs-'));
    const zaloMode = await zaloEnv(zalo, { secret: ZALO_SECRET });
    const config = loadConfig({
      ...zaloMode,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      CONTENT_DIR: writeContent(),
      DATA_DIR: dataDir,
      QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      PUBLIC_URL: 'https://hocvuso.example.vn',
    });
    secrets = config.secrets;
    const log = createLogger(config.logLevel, config.secrets, { write: (line: string) => lines.push(line) });
    app = await createApp(config, 'all', log);
    url = (await app.start()).url!;
  });
  afterAll(async () => {
    await app?.stop();
    await telegram?.close();
    await zalo?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes hashes, never the ids, of a Telegram and a Zalo learner through failures', async () => {
    const telegramId = 7_000_000_000 + Math.floor(Math.random() * 900_000_000);
    const tg = createTelegramLearner({
      url,
      secret: TELEGRAM_SECRET,
      fake: telegram,
      userId: telegramId,
      settled: settledOf(app),
    });
    await tg.say('/start');
    telegram.failNext('sendMessage', 30, { status: 500 });
    expect(await postUpdate(url, TELEGRAM_SECRET, textUpdate(telegramId, 'có'))).toBe(200);
    await until(logged('Telegram send failed'));
    telegram.clearFailures();
    // Another learner blocks the bot (this one's next reply would wait, in order, behind the failed one).
    const blockedTelegramId = telegramId + 1;
    telegram.block(blockedTelegramId);
    expect(await postUpdate(url, TELEGRAM_SECRET, textUpdate(blockedTelegramId, '/start'))).toBe(200);
    await until(logged('learner unreachable on Telegram'));
    // A message without `from`: acknowledged and dropped, with no id in the log either.
    const noFrom = textUpdate(telegramId, 'hello') as { message: Record<string, unknown> };
    delete noFrom.message.from;
    expect(await postUpdate(url, TELEGRAM_SECRET, noFrom)).toBe(200);

    const zaloId = `zl${randomBytes(6).toString('hex')}`;
    const zl = createZaloLearner({
      url,
      secret: ZALO_SECRET,
      fake: zalo,
      userId: zaloId,
      settled: settledOf(app),
    });
    await zl.say('/start');
    zalo.failNext(40, { status: 500, methods: ['sendMessage'] });
    await postZalo(zaloUpdate({ userId: zaloId, extra: { text: 'có' } }));
    await until(logged('Zalo send failed'));
    zalo.reset();
    const blockedZaloId = `${zaloId}b`;
    zalo.block(blockedZaloId);
    await postZalo(zaloUpdate({ userId: blockedZaloId, extra: { text: '/start' } }));
    await zalo.waitFor(() => zalo.callsTo('sendMessage').some((call) => call.status === 403));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const text = output();
    const key = personRefKey(secrets.filter((secret) => secret.length >= 6));
    expect(text).toContain(personRef(key, String(telegramId)));
    expect(text).toContain(personRef(key, zaloId));
    expect(text).toContain(personRef(key, String(blockedTelegramId)));
    for (const id of [String(telegramId), zaloId, String(blockedTelegramId), blockedZaloId])
      expect(text).not.toContain(id);
  }, 120_000);

  async function postZalo(event: unknown) {
    const response = await fetch(`${url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(200);
  }
});

function textUpdate(userId: number, text: string) {
  const user = { id: userId, is_bot: false, first_name: 'Lan' };
  return {
    update_id: nextUpdateId(),
    message: {
      message_id: nextUpdateId(),
      from: user,
      chat: { id: userId, type: 'private', first_name: 'Lan' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  };
}
