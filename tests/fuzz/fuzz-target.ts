import { connect } from 'node:net';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { zaloEnv } from '../support/drivers/zalo-learner';
import { startTestApp, type TestApp } from '../support/test-app';

export const TG_SECRET = 'fuzz-telegram-secret';
export const ZALO_SECRET = 'fuzz-zalo-secret';
export const ADMIN_KEY = 'fuzz-admin-key-0123456789';
/** Longer than the server's request timeout (5 s) and its check interval: past this, a request hangs. */
export const HANG_MS = 10_000;

export interface FuzzTarget {
  t: TestApp;
  telegram: FakeTelegram;
  zalo: FakeZaloServer;
  /** Sends a raw body; fails the test (instead of waiting) if the server takes longer than HANG_MS. */
  send(
    method: string,
    path: string,
    options?: { body?: string; headers?: Record<string, string> },
  ): Promise<number>;
  telegramUpdate(update: unknown): Promise<number>;
  zaloEvent(event: unknown): Promise<number>;
  /** Writes raw bytes on a socket; resolves with what came back and when the server answered or closed. */
  raw(bytes: string): Promise<{ response: string; ms: number }>;
  stop(): Promise<void>;
}

/** The whole app with Telegram and Zalo in webhook mode (fake platforms) and an admin key. */
export async function startFuzzTarget(database: 'postgres' | 'pglite'): Promise<FuzzTarget> {
  const telegram = await startFakeTelegram();
  const zalo = await startFakeZaloServer();
  const t = await startTestApp({
    database,
    redis: database === 'postgres',
    env: {
      ...(await zaloEnv(zalo, { secret: ZALO_SECRET })),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      ADMIN_API_KEY: ADMIN_KEY,
      PUBLIC_URL: 'https://hocvuso.example.vn',
    },
  });
  const send: FuzzTarget['send'] = async (method, path, options = {}) => {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.timeout(HANG_MS),
    }).catch((error: Error) => {
      throw new Error(`${method} ${path.slice(0, 200)}: ${error.name} (a hang or a dropped connection)`);
    });
    await response.arrayBuffer();
    return response.status;
  };
  const json = (secret: Record<string, string>) => ({ 'content-type': 'application/json', ...secret });
  return {
    t,
    telegram,
    zalo,
    send,
    telegramUpdate: (update) =>
      send('POST', '/webhooks/telegram', {
        body: JSON.stringify(update),
        headers: json({ 'x-telegram-bot-api-secret-token': TG_SECRET }),
      }),
    zaloEvent: (event) =>
      send('POST', '/webhooks/zalo', {
        body: JSON.stringify(event),
        headers: json({ 'x-bot-api-secret-token': ZALO_SECRET }),
      }),
    raw: (bytes) => rawExchange(new URL(t.url).port, bytes),
    async stop() {
      await t?.stop();
      await telegram?.close();
      await zalo?.close();
    },
  };
}

function rawExchange(port: string, bytes: string): Promise<{ response: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let response = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ response, ms: performance.now() - started }));
    socket.setTimeout(HANG_MS + 5_000, () => socket.destroy());
  });
}
