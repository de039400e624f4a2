import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';
import { ADMIN_KEY, api, seedLearners, until } from './campaign-kit';

/** The embedded default (PGlite, in-process queue): the same campaign path, no services needed. */
describe('a campaign on the embedded database', () => {
  let test: TestApp;
  let call: ReturnType<typeof api>;
  /** One of the learners is a page with a session the server issued (the others never fetch). */
  let session: string;

  beforeAll(async () => {
    test = await startTestApp({ database: 'pglite', env: { ADMIN_API_KEY: ADMIN_KEY, QUIET_HOURS: '' } });
    call = api(test.url);
    await seedLearners(test.app.db.prisma, { count: 29, platform: 'web', firstChat: 60_000_000 });
    const issued = await issueWebSession(test.app);
    session = issued.token;
    await test.app.db.prisma.learner.create({
      data: {
        platform: 'web',
        platformUserId: issued.id,
        chatId: issued.id,
        language: 'vi',
        consentAt: new Date(),
        state: { v: 1, seq: 3, step: { at: 'menu' }, done: {}, seed: 7 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  it('reaches every web chat learner once; each page fetches it once', async () => {
    const { body } = await call<{ id: number; recipients: number }>('POST', '/campaigns', {
      name: 'web',
      text: 'Tin cho người học trên web',
      segment: { platforms: ['web'] },
      choices: [{ label: 'Học ngay', courseId: 'demo' }],
    });
    expect(body.recipients).toBe(30);
    await call('POST', `/campaigns/${body.id}/send`);
    await until(
      async () =>
        (await call<{ status: string }>('GET', `/campaigns/${body.id}`)).body.status === 'done'
          ? true
          : undefined,
      60_000,
      'the campaign to finish',
    );
    const fetchLater = async (session: string) =>
      (await fetch(`${test.url}/api/web-chat/messages?session=${session}`).then((r) => r.json())) as {
        replies: { text: string; choices?: { label: string; reply: string }[] }[];
      };
    const first = await fetchLater(session);
    expect(first.replies.map((reply) => reply.text)).toEqual(['Tin cho người học trên web']);
    expect((await fetchLater(session)).replies).toEqual([]);
    // Picking the choice opens the lesson and counts as engaged.
    const reply = first.replies[0]!.choices![0]!.reply;
    const answer = await fetch(`${test.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, text: reply }),
    }).then((r) => r.json());
    expect(JSON.stringify(answer)).toMatch(/Bài 1/);
    await until(
      async () => {
        const r = await call<{ counts: { engaged: number; sent: number } }>('GET', `/campaigns/${body.id}`);
        return r.body.counts.engaged === 1 ? r.body.counts : undefined;
      },
      10_000,
      'the engagement',
    );
  }, 120_000);
});
