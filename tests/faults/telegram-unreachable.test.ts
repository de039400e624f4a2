import { afterAll, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { freePort } from '../helpers/free-port';
import { createWebLearner } from '../support/drivers/web-learner';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp | undefined;
let fake: FakeTelegram | undefined;
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

it('keeps serving while Telegram is unreachable at start, says so in /readyz, and connects once it is back', async () => {
  const port = await freePort();
  const token = '111222:UNREACHABLE-token_abcdefghijklmnop';
  t = await startTestApp({
    database: 'pglite',
    env: {
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
      TELEGRAM_WEBHOOK_SECRET: 'unreachable-secret',
      PUBLIC_URL: 'https://hocvuso.example.vn',
    },
  });
  const ready = async () => (await (await fetch(`${t!.url}/readyz`)).json()) as Record<string, unknown>;
  expect(await ready()).toEqual({ status: 'ready', channels: { web: 'up', telegram: 'connecting' } });
  const learner = createWebLearner({ url: t.url });
  expect((await learner.say('/start')).map((r) => r.text).join()).toContain('Xin chào');

  fake = await startFakeTelegram({ token, port });
  await fake.waitFor(
    () => fake!.webhook !== undefined,
    30_000,
    'the webhook registered by the background retry',
  );
  expect((await ready()).channels).toEqual({ web: 'up', telegram: 'up' });
}, 60_000);
