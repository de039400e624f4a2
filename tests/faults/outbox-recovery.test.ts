import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/db/open-database';
import { createLogger } from '../../bot/logger';
import { startServerProcess } from '../bench/bench-kit';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { deleteRedisKeys, describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { writeContent } from '../support/content-fixture';
import { updates } from '../support/drivers/telegram-learner';
import { createPostgresDatabase } from '../support/test-app';

const SECRET = 'outbox-recovery-secret';

async function post(url: string, update: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

async function outboxStatuses(storage: { databaseUrl?: string; dataDir: string }): Promise<string[]> {
  const db = await openDatabase({ ...storage, log: createLogger('silent') });
  try {
    const rows = await db.prisma.outboundMessage.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => row.status);
  } finally {
    await db.close();
  }
}

function outboxRecoverySuite(
  name: string,
  prepare: () => Promise<{
    env: Record<string, string>;
    storage: { databaseUrl?: string; dataDir: string };
    cleanup: () => Promise<void>;
  }>,
) {
  describe(name, () => {
    let cleanup = async () => {};
    let fake: FakeTelegram | undefined;
    afterAll(async () => {
      await fake?.close();
      await cleanup();
    });

    it('a reply committed but not sent when the process is killed arrives after the restart, once', async () => {
      const setup = await prepare();
      cleanup = setup.cleanup;
      fake = await startFakeTelegram();
      const port = 3900 + Math.floor(Math.random() * 500);
      const env = {
        ...setup.env,
        CONTENT_DIR: writeContent(),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: `https://bot.example.test`,
        OUTBOX_LEASE_MS: '2000',
      };
      const user = { id: 777_001, is_bot: false as const, first_name: 'Bà Tư' };
      let server = await startServerProcess(env, port);
      await post(server.url, updates.text(user, '/start'));
      await fake.waitFor(() => fake!.sentTo(user.id).length === 1, 10_000, 'the greeting');

      // The consent answer commits (state + outbox row), then its send hangs: kill -9 right then.
      fake.hangNext('sendMessage', 1);
      await post(server.url, updates.text(user, 'đồng ý'));
      await fake.waitFor(() => fake!.hung.length === 1, 10_000, 'the reply on its way');
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;
      expect(await outboxStatuses(setup.storage)).toEqual(['sent', 'pending']);

      server = await startServerProcess(env, port);
      try {
        await fake.waitFor(() => fake!.sentTo(user.id).length === 2, 40_000, 'the reply after the restart');
        const texts = fake.sentTo(user.id).map((message) => message.text);
        expect(texts[1]).toContain('ngôn ngữ');
        expect(await outboxStatuses(setup.storage)).toEqual(['sent', 'sent']);
      } finally {
        await server.stop();
      }
      expect(fake.sentTo(user.id)).toHaveLength(2);
    }, 120_000);
  });
}

outboxRecoverySuite('outbox after kill -9, embedded default', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocvuso-outbox-'));
  return {
    env: { DATA_DIR: dataDir },
    storage: { dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describeWithServices('outbox after kill -9, PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  outboxRecoverySuite('one bot process', async () => {
    const database = await createPostgresDatabase();
    const prefix = `outbox-${randomUUID().slice(0, 8)}`;
    return {
      env: { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
      storage: { databaseUrl: database.url, dataDir: tmpdir() },
      cleanup: async () => {
        await database.drop();
        await deleteRedisKeys(`${prefix}:*`);
      },
    };
  });
});
