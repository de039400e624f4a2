import { afterAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { startAppProcess } from '../helpers/app-process';
import { freePort } from '../helpers/free-port';
import { writeContent } from '../support/content-fixture';
import { updates } from '../support/drivers/telegram-learner';
import { onBothStorages, type Storage } from './harness/storage-suite';

const SECRET = 'outbox-recovery-secret';

async function post(url: string, update: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

async function outboxStatuses(storage: Storage): Promise<string[]> {
  return storage.read(async (db) => {
    const rows = await db.prisma.outboundMessage.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => row.status);
  });
}

function outboxRecoverySuite(name: string, prepare: () => Promise<Storage>) {
  describe(name, () => {
    let cleanup = async () => {};
    let fake: FakeTelegram | undefined;
    afterAll(async () => {
      await fake?.close();
      await cleanup();
    });

    it('a reply committed but not sent when the process is killed arrives after the restart, once', async () => {
      const storage = await prepare();
      cleanup = storage.cleanup;
      fake = await startFakeTelegram();
      const port = await freePort();
      const env = {
        ...storage.env,
        CONTENT_DIR: writeContent(),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: `https://bot.example.test`,
        OUTBOX_LEASE_MS: '2000',
      };
      const user = { id: 777_001, is_bot: false as const, first_name: 'Bà Tư' };
      let server = await startAppProcess({ env, port });
      await post(server.url, updates.text(user, '/start'));
      await fake.waitFor(() => fake!.sentTo(user.id).length === 1, 10_000, 'the greeting');

      // The consent answer commits (state + outbox row), then its send hangs: kill -9 right then.
      fake.hangNext('sendMessage', 1);
      await post(server.url, updates.text(user, 'đồng ý'));
      await fake.waitFor(() => fake!.hung.length === 1, 10_000, 'the reply on its way');
      await server.kill9();
      expect(await outboxStatuses(storage)).toEqual(['sent', 'pending']);

      server = await startAppProcess({ env, port });
      try {
        await fake.waitFor(() => fake!.sentTo(user.id).length === 2, 40_000, 'the reply after the restart');
        const texts = fake.sentTo(user.id).map((message) => message.text);
        expect(texts[1]).toContain('ngôn ngữ');
        expect(await outboxStatuses(storage)).toEqual(['sent', 'sent']);
      } finally {
        await server.stop();
      }
      expect(fake.sentTo(user.id)).toHaveLength(2);
    }, 120_000);
  });
}

onBothStorages('outbox after kill -9', outboxRecoverySuite);
