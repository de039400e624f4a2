import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSession } from '../../bot/channels/web/web-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

interface Answer {
  status: number;
  replies: { text: string; choices?: { reply: string }[] }[];
  session?: string;
  setCookie: string | null;
}

/** Only the server issues web-chat sessions: a guessed, reused or altered id never reaches a learner. */
describe('web chat sessions', () => {
  let t: TestApp;
  let victim: WebSession;
  beforeAll(async () => {
    t = await startTestApp({ database: 'pglite', env: { PUBLIC_URL: 'https://hocvuso.example.vn' } });
    victim = await issueWebSession(t.app);
    // The victim consents, picks a province and a group, and answers a question.
    for (const text of ['/start', '1', '1', '0', '1', '1', '1', '1', '1'])
      await post({ session: victim.token, text });
    expect(await answers()).toBe(1);
  });
  afterAll(async () => t?.stop());

  async function post(body: Record<string, unknown>, cookie?: string): Promise<Answer> {
    const response = await fetch(`${t.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Omit<Answer, 'status' | 'setCookie'>;
    return { status: response.status, ...json, setCookie: response.headers.get('set-cookie') };
  }
  const pending = async (query: string, cookie?: string) =>
    (
      await fetch(`${t.url}/api/web-chat/messages${query}`, { headers: cookie ? { cookie } : {} })
    ).json() as Promise<{
      replies: unknown[];
      session?: string;
    }>;
  const victimRow = () =>
    t.app.db.prisma.learner.findFirst({ where: { platform: 'web', platformUserId: victim.id } });
  const answers = async () =>
    t.app.db.prisma.answerEvent.count({ where: { learner: { platformUserId: victim.id } } });
  const text = (answer: Answer) => answer.replies.map((r) => r.text).join('\n');
  const leaveMessageFor = async () => {
    const row = await victimRow();
    await t.app.db.prisma.outboundMessage.create({
      data: {
        platform: 'web',
        chatId: victim.id,
        learnerId: row!.id,
        replies: [{ text: 'Chỉ dành cho người học này.' }],
        leaseUntil: new Date(Date.now() - 1000),
      },
    });
  };

  const forgeries = () => [
    victim.id, // the learner id, as an old client-chosen session would be
    `w1${victim.id}${'A'.repeat(22)}`, // the right shape with a made-up signature
    `${victim.token.slice(0, -1)}${victim.token.endsWith('A') ? 'B' : 'A'}`, // one character changed
    'aaaaaaaa',
  ];

  it('answers a session it did not issue with a new one, never with the learner’s progress', async () => {
    for (const session of forgeries()) {
      const answer = await post({ session, text: '/progress' });
      expect(answer.status).toBe(200);
      expect(answer.session).toMatch(/^w1[A-Za-z0-9_-]{44}$/);
      expect(answer.session).not.toBe(victim.token);
      // A stranger who never agreed: asked for consent, shown no results.
      expect(text(answer)).toContain('Bạn có đồng ý không?');
    }
    expect((await victimRow())?.consentAt).not.toBeNull();
  });

  it('never hands a learner’s later messages to another client', async () => {
    await leaveMessageFor();
    for (const session of forgeries()) {
      const got = await pending(`?session=${encodeURIComponent(session)}`);
      expect(got.replies).toEqual([]);
      expect(got.session).not.toBe(victim.token);
    }
    expect((await pending('', `hv_chat=${victim.id}`)).replies).toEqual([]);
    const mine = await pending(`?session=${victim.token}`);
    expect(mine.replies).toEqual([{ text: 'Chỉ dành cho người học này.' }]);
    expect(mine.session).toBe(victim.token);
  });

  it('never lets another client delete the learner', async () => {
    for (const session of forgeries()) {
      const asked = await post({ session, text: '/delete' });
      await post({ session: asked.session, text: '1' });
      await post({ session, text: '1' });
    }
    for (const cookie of forgeries().map((value) => `hv_chat=${value}`)) {
      await post({ text: '/delete' }, cookie);
      await post({ text: '1' }, cookie);
    }
    expect(await victimRow()).not.toBeNull();
    expect(await answers()).toBe(1);
  });

  it('keeps the page’s session in an httpOnly, strict same-site, Secure cookie (PUBLIC_URL is https)', async () => {
    const first = await post({ text: '/start' });
    expect(first.session).toBeUndefined(); // the page names no session: the token stays in the cookie
    const cookie = first.setCookie!;
    expect(cookie).toMatch(/^hv_chat=w1[A-Za-z0-9_-]{44};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/api/web-chat');
    const jar = cookie.split(';')[0]!;
    const next = await post({ text: '1' }, jar);
    expect(text(next)).toContain('ngôn ngữ nào'); // consent given: the same learner goes on
    expect(next.setCookie?.split(';')[0]).toBe(jar);
  });

  it('lets an API client start with any id and go on with the session it is given', async () => {
    const first = await post({ session: 'my-own-client-id', text: '/start' });
    const second = await post({ session: first.session, text: '1' });
    expect(second.session).toBe(first.session);
    expect(text(second)).toContain('ngôn ngữ nào');
    const fresh = (await (await fetch(`${t.url}/api/web-chat/sessions`, { method: 'POST' })).json()) as {
      session: string;
    };
    expect(fresh.session).toMatch(/^w1[A-Za-z0-9_-]{44}$/);
    expect((await post({ session: fresh.session, text: '/start' })).session).toBe(fresh.session);
    // Another site cannot swap the page's session (its form posts are cross-site).
    const crossSite = await fetch(`${t.url}/api/web-chat/sessions`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
  });
});
