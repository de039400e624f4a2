import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeZaloServer, startFakeZaloServer } from '../fakes/fake-zalo-server';
import { createZaloLearner, type SeenReply, zaloEnv, zaloUpdate } from '../support/drivers/zalo-learner';
import { settledOf, waitUntilSettled } from '../support/settled';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'pglite-webhook-secret';
const all = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n---\n');

describe('Zalo channel on the embedded default (PGlite, in-process queue)', () => {
  let fake: FakeZaloServer;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeZaloServer();
    t = await startTestApp({ database: 'pglite', env: await zaloEnv(fake, { secret: SECRET }) });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('runs a lesson, ignores a sticker as an answer and a redelivery as a second turn', async () => {
    const userId = `e-${randomBytes(5).toString('hex')}`;
    const l = createZaloLearner({ url: t.url, secret: SECRET, fake, userId, settled: settledOf(t.app) });
    for (const text of ['/start', 'đúng rồi', '1', 'Cần Thơ', '1', '1', '1']) await l.say(text);
    expect(all(await l.say('1'))).toContain('Câu 1/3');
    expect(all(await l.send({ event: 'message.sticker.received', extra: { sticker: 's1' } }))).toContain(
      'Mình chỉ đọc được chữ',
    );
    const answer = zaloUpdate({ userId, extra: { text: 'Lựa chọn 1' } });
    const before = fake.messages(userId).length;
    await fake.deliver(answer);
    // The feedback and the next question arrive joined, as one message.
    await fake.waitFor(() => fake.messages(userId).length >= before + 1);
    expect((await fake.deliver(answer)).body).toEqual({ ok: true, received: 'duplicate' });
    await waitUntilSettled(t.app);
    const answered = fake.messages(userId).slice(before);
    expect(answered).toHaveLength(1);
    expect(answered[0]?.text).toMatch(
      /^✅ Chính xác!\nLý do: Vì sao\.\n\n❓ Câu 2\/3\n[\s\S]*👉 Trả lời 1, 2 hoặc 3$/,
    );
    const prisma = t.app.db.prisma;
    const row = await prisma.learner.findFirstOrThrow({ where: { platformUserId: userId } });
    expect(
      await prisma.answerEvent.findMany({ where: { learnerId: row.id }, select: { chosen: true } }),
    ).toEqual([{ chosen: '1' }]);
    expect(row.province).toBe('can-tho');
  });
});
