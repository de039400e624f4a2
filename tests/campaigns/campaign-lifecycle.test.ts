import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/fake-telegram-server';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADMIN_KEY, api, seedLearners, until } from './campaign-kit';

type Report = {
  status: string;
  counts: { queued: number; sent: number; failed: Record<string, number>; waiting: number };
  progress: { etaSeconds: number | null; remaining: number };
};

describeWithServices('campaign lifecycle and bad input', { postgres: true }, () => {
  let fake: FakeTelegram;
  let test: TestApp;
  let call: ReturnType<typeof api>;
  let first = 820_000;

  beforeAll(async () => {
    fake = await startFakeTelegram({ limits: { perSecond: 30, perChatPerSecond: 1 } });
    test = await startTestApp({
      database: 'postgres',
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_SEND_RATE: '10',
        ADMIN_API_KEY: ADMIN_KEY,
        QUIET_HOURS: '',
      },
    });
    call = api(test.url);
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
    await fake?.close();
  });

  /** A fresh group of learners (their own province) and a draft campaign to them. */
  async function draft(count: number, province: string): Promise<{ id: number; chats: number[] }> {
    const chats = Array.from({ length: count }, (_, i) => first + i);
    await seedLearners(test.app.db.prisma, { count, platform: 'telegram', firstChat: first, province });
    first += count;
    const { status, body } = await call<{ id: number; recipients: number }>('POST', '/campaigns', {
      name: `to ${province}`,
      text: `Tin cho ${province}`,
      segment: { provinces: [province] },
    });
    expect(status).toBe(201);
    expect(body.recipients).toBe(count);
    return { id: body.id, chats };
  }
  const report = async (id: number) => (await call<Report>('GET', `/campaigns/${id}`)).body;
  const received = (chats: number[]) => chats.map((chat) => fake.sentTo(chat).length);

  it('pauses (nothing more goes out), resumes where it stopped, and reaches everyone once', async () => {
    const { id, chats } = await draft(80, 'ha-noi');
    // Dates in a segment survive being stored and read back at /send.
    await test.app.db.prisma.campaign.update({
      where: { id },
      data: { segment: { provinces: ['ha-noi'], activeSince: '2020-01-01T00:00:00.000Z' } },
    });
    const started = await call<{ recipients: number; status: string }>('POST', `/campaigns/${id}/send`);
    expect(started.body).toMatchObject({ recipients: 80, status: 'sending' });
    await until(async () => ((await report(id)).counts.sent >= 10 ? true : undefined), 30_000, '10 sent');
    const sending = await report(id);
    expect(sending.progress.etaSeconds).toBeGreaterThan(0);
    expect((await call<Report>('POST', `/campaigns/${id}/pause`)).body.status).toBe('paused');
    await until(
      async () => ((await report(id)).counts.queued === 0 ? true : undefined),
      30_000,
      'in flight to settle',
    );
    const paused = received(chats).reduce((a, b) => a + b, 0);
    expect(paused).toBeLessThan(80);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(received(chats).reduce((a, b) => a + b, 0)).toBe(paused);
    expect((await call('POST', `/campaigns/${id}/pause`)).status).toBe(409);
    expect((await call<Report>('POST', `/campaigns/${id}/resume`)).body.status).toBe('sending');
    await until(async () => ((await report(id)).status === 'done' ? true : undefined), 60_000, 'done');
    expect(received(chats)).toEqual(chats.map(() => 1));
  }, 120_000);

  it('cancels: those not reached yet never get it', async () => {
    const { id, chats } = await draft(80, 'ho-chi-minh');
    await call('POST', `/campaigns/${id}/send`);
    await until(async () => ((await report(id)).counts.sent >= 5 ? true : undefined), 30_000, '5 sent');
    expect((await call<Report>('POST', `/campaigns/${id}/cancel`)).body.status).toBe('cancelled');
    await until(
      async () => ((await report(id)).counts.queued === 0 ? true : undefined),
      30_000,
      'in flight to settle',
    );
    const total = received(chats).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(80);
    expect(total).toBe((await report(id)).counts.sent);
    expect((await call('POST', `/campaigns/${id}/resume`)).status).toBe(409);
  }, 60_000);

  it('retries failed sends once asked, and only those', async () => {
    const { id, chats } = await draft(6, 'da-nang');
    // The platform refuses two sends outright (not worth a retry then): two learners fail.
    fake.failNext('sendMessage', 2, { status: 400, description: 'Bad Request: try again later' });
    await call('POST', `/campaigns/${id}/send`);
    const done = await until(
      async () => {
        const r = await report(id);
        return r.status === 'done' ? r : undefined;
      },
      60_000,
      'done',
    );
    expect(done.counts.failed.other).toBe(2);
    expect(done.counts.sent).toBe(4);
    const retried = await call<Report>('POST', `/campaigns/${id}/retry-failed`);
    expect(retried.body.status).toBe('sending');
    const again = await until(
      async () => {
        const r = await report(id);
        return r.status === 'done' ? r : undefined;
      },
      60_000,
      'done again',
    );
    expect(again.counts.sent).toBe(6);
    expect(received(chats)).toEqual(chats.map(() => 1));
    const csv = await call<string>('GET', `/campaigns/${id}/deliveries?format=csv`);
    expect(csv.body).toContain('learner_id,platform,status');
  }, 120_000);

  it('refuses bad input with a clear 4xx', async () => {
    const base = { name: 'x', text: 'Xin chào', segment: {} };
    const cases: [unknown, RegExp][] = [
      [{ ...base, segment: { cities: ['HNI'] } }, /cities|unrecognized/i],
      [{ ...base, text: '   ' }, /text is empty/],
      [{ ...base, text: 'a'.repeat(2_500) }, /too long for zalo/],
      [{ ...base, sendAt: new Date(Date.now() - 60_000).toISOString() }, /in the past/],
      [{ ...base, segment: { provinces: ['Atlantis'] } }, /Unknown province/],
      [{ ...base, choices: [{ label: 'Học ngay', courseId: 'nope' }] }, /Unknown course/],
    ];
    for (const [body, message] of cases) {
      const { status, body: answer } = await call<{ message: string }>('POST', '/campaigns', body);
      expect(status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.message).toMatch(message);
    }
    // Long text is fine where only Telegram is targeted (4,096 characters).
    expect(
      (
        await call('POST', '/campaigns', {
          ...base,
          text: 'a'.repeat(2_500),
          segment: { platforms: ['telegram'] },
        })
      ).status,
    ).toBe(201);
    const supervisor = await call<{ key: string }>('POST', '/keys', { name: 'sup', role: 'supervisor' });
    expect((await call('POST', '/campaigns', base, supervisor.body.key)).status).toBe(403);
    expect((await call('GET', '/campaigns', undefined, supervisor.body.key)).status).toBe(403);
    expect((await call('GET', '/campaigns', undefined, 'wrong-key')).status).toBe(401);
    expect((await call('POST', '/campaigns/999999/send')).status).toBe(404);
  });

  it('sends a test to one chat at once, through the outbox, and records nothing for learners', async () => {
    const { body } = await call<{ id: number }>('POST', '/campaigns', {
      name: 'thử',
      text: 'Tin thử nghiệm',
      segment: {},
    });
    const result = await call<{ ok: boolean }>('POST', `/campaigns/${body.id}/test`, {
      platform: 'telegram',
      chatId: '555001',
    });
    expect(result.body).toEqual({ ok: true });
    expect(fake.sentTo(555001).map((message) => message.text)).toEqual(['Tin thử nghiệm']);
    expect(await test.app.db.prisma.campaignDelivery.count({ where: { campaignId: body.id } })).toBe(0);
    const zalo = await call<{ ok: boolean }>('POST', `/campaigns/${body.id}/test`, {
      platform: 'zalo',
      chatId: '1',
    });
    expect(zalo.status).toBe(200);
    expect(zalo.body.ok).toBe(false);
  });

  it('previews per platform: buttons on Telegram, numbered lines on Zalo', async () => {
    const { body } = await call<{ id: number }>('POST', '/campaigns', {
      name: 'preview',
      text: 'Học cách nhận diện lừa đảo',
      segment: {},
      choices: [{ label: 'Học ngay', courseId: 'demo' }, { label: 'Để sau' }],
    });
    const preview = await call<
      Record<string, { messages: { text: string; buttons?: string[][] }[]; fits: boolean }>
    >('POST', `/campaigns/${body.id}/preview`);
    expect(preview.body.telegram!.messages[0]!.buttons!.flat()).toEqual(['Học ngay', 'Để sau']);
    expect(preview.body.zalo!.messages[0]!.text).toMatch(/1\. Học ngay\n2\. Để sau/);
    expect(preview.body.zalo!.fits).toBe(true);
    const docs = await fetch(`${test.url}/docs`).then((response) => response.json());
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/campaigns',
        '/api/v1/campaigns/{id}/send',
        '/api/v1/campaigns/{id}/deliveries',
      ]),
    );
  });
});
