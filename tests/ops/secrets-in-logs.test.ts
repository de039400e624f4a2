import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { createTelegramLearner } from '../support/drivers/telegram-learner';
import { createWebLearner } from '../support/drivers/web-learner';
import { createZaloLearner, freePort } from '../support/drivers/zalo-learner';
import { createPostgresDatabase } from '../support/test-app';
import { type AppProcess, startAppProcess } from './app-process';

const secret = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;
const ONBOARD = ['/start', '1', '1', '0', '1'];

/** A secret in every form it could leak in: as is, URL-encoded, base64, and a token's secret half. */
function forms(value: string): string[] {
  const out = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
  if (value.includes(':')) out.push(value.slice(value.indexOf(':') + 1));
  return out;
}

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.username ||= 'default';
  parsed.password = password;
  return parsed.toString();
}

describeWithServices(
  'no secret in any log line (full session, LOG_LEVEL=trace)',
  { postgres: true, redis: true },
  () => {
    let app: AppProcess;
    let telegram: FakeTelegram;
    let zalo: FakeZaloServer;
    let openai: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    const prefix = `secrets-${randomBytes(4).toString('hex')}`;
    const secrets: Record<string, string> = {
      TELEGRAM_WEBHOOK_SECRET: secret('tgwh_'),
      ZALO_WEBHOOK_SECRET: secret('zlwh_'),
      OPENAI_API_KEY: secret('sk-'),
      ADMIN_API_KEY: secret('adm_'),
      STATS_PSEUDONYM_KEY: secret('pseu_'),
      METRICS_TOKEN: secret('met_'),
      DATABASE_PASSWORD: secret('pgpw'),
      REDIS_PASSWORD: secret('rdpw'),
    };

    beforeAll(async () => {
      telegram = await startFakeTelegram();
      zalo = await startFakeZaloServer();
      openai = await startFakeOpenAiServer();
      openai.always({ kind: 'reply', text: 'Bạn mở Cài đặt, chọn Wi-Fi nhé.' });
      database = await createPostgresDatabase();
      secrets.TELEGRAM_BOT_TOKEN = telegram.token;
      secrets.ZALO_BOT_TOKEN = zalo.token;
      const port = await freePort();
      app = await startAppProcess({
        port,
        env: {
          LOG_LEVEL: 'trace',
          PUBLIC_URL: 'https://hocvuso.example.vn',
          DATABASE_URL: withPassword(database.url, secrets.DATABASE_PASSWORD!),
          // The test servers trust any password: it still travels in every connection's handshake.
          REDIS_URL: withPassword(TEST_REDIS_URL, secrets.REDIS_PASSWORD!),
          QUEUE_PREFIX: prefix,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          ZALO_API_BASE: zalo.url,
          OPENAI_BASE_URL: openai.url,
          CONTENT_DIR: new URL('../../content', import.meta.url).pathname,
          ...Object.fromEntries(Object.entries(secrets).filter(([key]) => !key.endsWith('_PASSWORD'))),
        },
      });
    }, 180_000);
    afterAll(async () => {
      await app?.stop();
      await telegram?.close();
      await zalo?.close();
      await openai?.close();
      await database?.drop();
      await deleteRedisKeys(`${prefix}:*`);
    });

    it('runs a session on every surface, with failures, then finds no secret in the output', async () => {
      const url = app.url;
      // Web chat: onboarding, a question for the AI, its answer fetched later, then /delete.
      const session = randomUUID();
      const web = createWebLearner({ url, session });
      for (const text of ONBOARD) await web.say(text);
      await web.say('làm sao để bật wifi trên điện thoại?');
      await expect
        .poll(
          async () =>
            (
              (await (await fetch(`${url}/api/web-chat/messages?session=${web.session()}`)).json()) as {
                replies: [];
              }
            ).replies.length,
          { timeout: 20_000, interval: 200 },
        )
        .toBeGreaterThan(0);
      await web.say('/delete');
      await web.choose(1);

      // Telegram: a 429 and a 500 on the way, and a wrong webhook secret.
      const tg = createTelegramLearner({
        settled: () => new Promise((resolve) => setTimeout(resolve, 150)),
        url,
        secret: secrets.TELEGRAM_WEBHOOK_SECRET!,
        fake: telegram,
        userId: 660_001,
      });
      telegram.failNext('sendMessage', 1, { status: 429, retryAfter: 1 });
      telegram.failNext('sendMessage', 1, { status: 500 });
      for (const text of ONBOARD) await tg.say(text);
      const wrongTelegram = await fetch(`${url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
        body: '{}',
      });
      expect(wrongTelegram.status).toBe(401);

      // Zalo: a 500 on the way.
      const zl = createZaloLearner({
        settled: () => new Promise((resolve) => setTimeout(resolve, 150)),
        url,
        secret: secrets.ZALO_WEBHOOK_SECRET!,
        fake: zalo,
        userId: 'secret-zalo-1',
      });
      zalo.failNext(1, { status: 500 });
      for (const text of ONBOARD) await zl.say(text);

      // Admin API, dashboard and metrics: the bootstrap key, a new key (shown once), wrong keys.
      const admin = { authorization: `Bearer ${secrets.ADMIN_API_KEY}`, 'content-type': 'application/json' };
      const created = await fetch(`${url}/api/v1/keys`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: 'province office', role: 'staff' }),
      });
      expect(created.status).toBe(201);
      const newKey = ((await created.json()) as { key: string }).key;
      secrets.CREATED_KEY = newKey;
      expect(
        (await fetch(`${url}/api/v1/stats/overview`, { headers: { authorization: `Bearer ${newKey}` } }))
          .status,
      ).toBe(200);
      expect(
        (await fetch(`${url}/api/v1/keys`, { headers: { authorization: 'Bearer hv_wrong' } })).status,
      ).toBe(401);
      expect((await fetch(`${url}/api/v1/stats/progress`, { headers: admin })).status).toBe(200);
      const signIn = await fetch(`${url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `key=${encodeURIComponent(secrets.ADMIN_API_KEY!)}`,
        redirect: 'manual',
      });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${url}/admin`, { headers: { cookie } })).status).toBe(200);
      const metrics = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${secrets.METRICS_TOKEN}` },
      });
      expect(metrics.status).toBe(200);

      expect(await app.stop()).toBe(0);
      const output = app.output();
      const lines = output.split('\n').filter(Boolean);
      // The capture works: trace lines of this very session are in it.
      expect(lines.length).toBeGreaterThan(50);
      expect(output).toContain('hocvuso is ready');
      expect(output).toContain('"update":"telegram:');
      expect(output).toContain('Telegram rate limit (429)');
      for (const [name, value] of Object.entries(secrets))
        for (const form of forms(value)) {
          const line = lines.find((l) => l.includes(form));
          expect(line, `${name} appears in the log`).toBeUndefined();
        }
    }, 240_000);
  },
);
