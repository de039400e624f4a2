import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { describeWithServices } from '../helpers/services';
import { createTelegramLearner } from '../support/drivers/telegram-learner';
import { createWebLearner } from '../support/drivers/web-learner';
import { settledOf } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';
import { sample } from './prometheus-text';

const TOKEN = 'metrics-token-for-the-test';
const TG_SECRET = 'metrics-telegram-secret';
const ONBOARD = ['/start', '1', '1', '0', '1'];

describeWithServices(
  'GET /metrics (PostgreSQL, Redis, Telegram, AI)',
  { postgres: true, redis: true },
  () => {
    let t: TestApp;
    let worker: TestApp;
    let telegram: FakeTelegram;
    let openai: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
    const scrape = async (url = t.url) => {
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };

    beforeAll(async () => {
      telegram = await startFakeTelegram();
      openai = await startFakeOpenAiServer();
      openai.always({ kind: 'reply', text: 'Bạn mở Cài đặt, chọn Wi-Fi nhé.' });
      t = await startTestApp({
        database: 'postgres',
        redis: true,
        role: 'bot',
        env: {
          METRICS_TOKEN: TOKEN,
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
          PUBLIC_URL: 'https://hocvuso.example.vn',
          OPENAI_API_KEY: 'sk-test-metrics',
          OPENAI_BASE_URL: openai.url,
          CONTENT_DIR: new URL('../../content', import.meta.url).pathname,
        },
      });
      // The worker runs the jobs (tutor answers) and serves its own /metrics on WORKER_HTTP_PORT.
      worker = await startTestApp({
        database: 'postgres',
        redis: true,
        role: 'worker',
        reuse: { databaseUrl: t.env.DATABASE_URL! },
        env: { ...t.env, WORKER_HTTP_PORT: '0' },
      });
    }, 90_000);
    afterAll(async () => {
      await worker?.stop();
      await t?.stop();
      await telegram?.close();
      await openai?.close();
    });

    it('refuses a scrape without the token', async () => {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
    });

    it('counts updates by channel, turn latency, and sends by lane and result (ok, 429, 403)', async () => {
      const before = await scrape();
      const web = createWebLearner({ url: t.url, session: randomUUID() });
      for (const text of ONBOARD) await web.say(text);
      const learner = createTelegramLearner({
        settled: settledOf(t.app),
        url: t.url,
        secret: TG_SECRET,
        fake: telegram,
        userId: 770_001,
      });
      await learner.say('/start');
      telegram.failNext('sendMessage', 1, { status: 429, retryAfter: 1 });
      await learner.say('1');
      telegram.block(770_001);
      await learner.say('1').catch(() => undefined);
      await telegram.waitFor(() => telegram.callsOf('sendMessage').length >= 3, 10_000, 'the sends');
      const after = await scrape();
      const delta = (name: string, labels: Record<string, string>) =>
        (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
      expect(delta('hocvuso_updates_total', { channel: 'web', kind: 'new' })).toBe(ONBOARD.length);
      expect(delta('hocvuso_updates_total', { channel: 'telegram', kind: 'new' })).toBe(3);
      expect(delta('hocvuso_turn_seconds_count', { channel: 'web' })).toBeGreaterThanOrEqual(1);
      expect(delta('hocvuso_sends_total', { channel: 'web', lane: 'reply', result: 'ok' })).toBe(
        ONBOARD.length,
      );
      expect(delta('hocvuso_sends_total', { channel: 'telegram', lane: 'reply', result: 'ok' })).toBe(2);
      expect(delta('hocvuso_sends_total', { channel: 'telegram', lane: 'reply', result: '403' })).toBe(1);
      expect(delta('hocvuso_platform_429_total', { channel: 'telegram' })).toBe(1);
      expect(sample(after, 'hocvuso_outbox_pending', { channel: 'telegram' })).toBe(0);
      expect(sample(after, 'hocvuso_queue_jobs', { queue: 'tutor-answer', state: 'waiting' })).toBe(0);
      expect(sample(after, 'hocvuso_process_resident_memory_bytes')).toBeGreaterThan(0);
    });

    it('the worker reports job latency and the AI answers, tokens and cost', async () => {
      const session = randomUUID();
      const learner = createWebLearner({ url: t.url, session });
      for (const text of ONBOARD) await learner.say(text);
      await learner.say('làm sao để bật wifi trên điện thoại?');
      let text = '';
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        text = await scrape(worker.url);
        if (
          (sample(text, 'hocvuso_job_seconds_count', { queue: 'tutor-answer', outcome: 'completed' }) ?? 0) >=
          1
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const row = await t.app.db.prisma.aiAnswer.findFirstOrThrow();
      expect(row.promptTokens).toBeGreaterThan(0);
      expect(sample(text, 'hocvuso_ai_answers_total', { source: 'ai', reason: 'none' })).toBe(1);
      expect(sample(text, 'hocvuso_ai_tokens_total', { kind: 'prompt' })).toBe(row.promptTokens);
      expect(sample(text, 'hocvuso_ai_tokens_total', { kind: 'completion' })).toBe(row.completionTokens);
      expect(sample(text, 'hocvuso_ai_cost_usd_total')).toBeCloseTo(row.costUsd, 12);
      expect(sample(text, 'hocvuso_job_seconds_count', { queue: 'tutor-answer', outcome: 'completed' })).toBe(
        1,
      );
      // The answer waits in the outbox for the page to fetch it: depth and age, read at scrape time.
      let waiting = '';
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        waiting = await scrape();
        if (sample(waiting, 'hocvuso_outbox_pending', { channel: 'web' }) === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sample(waiting, 'hocvuso_outbox_pending', { channel: 'web' })).toBe(1);
      expect(sample(waiting, 'hocvuso_outbox_oldest_seconds', { channel: 'web' })).toBeGreaterThanOrEqual(0);
      // Once the page has fetched it, nothing waits.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        const page = await fetch(`${t.url}/api/web-chat/messages?session=${learner.session()}`);
        if (((await page.json()) as { replies: unknown[] }).replies.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sample(await scrape(), 'hocvuso_outbox_pending', { channel: 'web' })).toBe(0);
    });
  },
);
