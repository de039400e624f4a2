import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type App, createApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { describeWithServices, TEST_REDIS_URL } from '../helpers/services';
import { writeContent } from '../support/content-fixture';
import { createZaloLearner, zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { settledOf, waitUntilSettled } from '../support/settled';
import { createPostgresDatabase } from '../support/test-app';

const SECRET = 'secret-for-the-log-test';

describeWithServices(
  'Zalo secrets stay out of logs, errors and responses',
  { postgres: true, redis: true },
  () => {
    let fake: FakeZaloServer;
    let app: App;
    let url: string;
    let drop: () => Promise<void>;
    const lines: string[] = [];

    beforeAll(async () => {
      fake = await startFakeZaloServer();
      const database = await createPostgresDatabase();
      drop = database.drop;
      const config = loadConfig({
        ...(await zaloEnv(fake, { secret: SECRET })),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        CONTENT_DIR: writeContent(),
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      });
      // A plain pino without the app's scrubbing: the channel itself must never write a secret.
      const log = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
      app = await createApp(config, 'all', log);
      url = (await app.start()).url!;
    });
    afterAll(async () => {
      await app?.stop();
      await drop?.();
      await fake?.close();
    });

    it('logs failures (429, 5xx, resets, blocked, bad requests) without the token or the webhook secret', async () => {
      const userId = `s-${randomBytes(4).toString('hex')}`;
      const l = createZaloLearner({ url, secret: SECRET, fake, userId, settled: settledOf(app) });
      await l.say('/start');
      fake.failNext(1, { status: 429, retryAfter: 0 });
      fake.dropNext(1);
      await l.say('có');
      fake.failNext(20, { status: 500, methods: ['sendMessage'] });
      await fake.deliver(zaloUpdate({ userId, extra: { text: '1' } }));
      await fake.waitFor(
        () => fake.callsTo('sendMessage').filter((call) => call.status === 500).length >= 5,
        20_000,
      );
      fake.reset();
      // Another learner: this one's reply now waits, in order, behind the failed one for the sweep.
      const blocked = `${userId}-b`;
      fake.block(blocked);
      await fake.deliver(zaloUpdate({ userId: blocked, extra: { text: '/start' } }));
      await fake.waitFor(() => fake.callsTo('sendMessage').some((call) => call.status === 403));
      const denied = await fake.deliver(zaloUpdate({ userId, extra: { text: 'x' } }), {
        secret: 'wrong-secret',
      });
      const malformed = await fetch(`${url}/webhooks/zalo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
        body: '{"message": {"message_id": 1}}',
      }).then((response) => response.text());
      // Every send has ended, so every failure is logged.
      await waitUntilSettled(app);

      const output = lines.join('');
      expect(output).toContain('Zalo call failed; retrying');
      expect(output).toContain('ECONNRESET');
      expect(output).toContain('Zalo send failed');
      const tokenSecret = fake.token.split(':')[1]!;
      for (const text of [output, JSON.stringify(denied), malformed]) {
        for (const secret of [fake.token, tokenSecret, encodeURIComponent(fake.token), SECRET]) {
          expect(text).not.toContain(secret);
        }
        expect(text).not.toContain(`${fake.url}/bot`);
      }
    });
  },
);
