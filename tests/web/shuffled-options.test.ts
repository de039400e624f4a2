import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebLearner, type SeenReply } from '../support/drivers/web-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

const all = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n');
const choices = (replies: SeenReply[]) => replies.findLast((reply) => reply.choices.length > 0)!.choices;

/**
 * Lesson `two` of the content fixture is shuffled per learner; its right options are, in the file,
 * q1: 2, q2: 3, q3: 1. The learner answers by the numbers they see; the database keeps file numbers.
 */
describe('shuffled options in the web chat, stored as the content file numbers them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'pglite' });
  });
  afterAll(async () => t?.stop());

  it('maps the shown numbers back, keeps the order on the way back from the menu', async () => {
    const { token: session, id: sessionId } = await issueWebSession(t.app);
    const learner = createWebLearner({ url: t.url, session });
    // Lesson one, then the daily reminder offered after it is declined.
    for (const text of ['/start', '1', '1', '0', '1', '1', '1', '1', '1', '1', '1', 'Không cần nhắc'])
      await learner.say(text);
    let replies = await learner.say('1');
    expect(all(replies)).toContain('Bài 2/5');
    replies = await learner.say('1');
    replies = await learner.say('1');
    expect(all(replies)).toContain('Câu 1/3');
    const shown = choices(replies);
    expect([...shown].sort()).toEqual(['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3']);
    await learner.say('/menu');
    replies = await learner.say('1');
    expect(choices(replies)).toEqual(shown);
    // q1: a wrong one (file option 3); q2: the right one (file option 3); q3: file option 2 (wrong).
    const answer = async (label: string) => {
      const seen = choices(replies);
      replies = await learner.say(String(seen.indexOf(label) + 1));
      return all(replies);
    };
    const q1 = await answer('Lựa chọn 3');
    expect(q1).toContain(`Đáp án đúng: ${shown.indexOf('Lựa chọn 2') + 1}. Lựa chọn 2.`);
    expect(await answer('Lựa chọn 3')).toContain('Chính xác');
    await answer('Lựa chọn 2');
    const row = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: sessionId } });
    const events = await t.app.db.prisma.answerEvent.findMany({
      where: { learnerId: row.id, questionId: { startsWith: 'demo/two/' } },
      orderBy: { id: 'asc' },
      select: { questionId: true, chosen: true, correct: true },
    });
    expect(events).toEqual([
      { questionId: 'demo/two/q1', chosen: '3', correct: false },
      { questionId: 'demo/two/q2', chosen: '3', correct: true },
      { questionId: 'demo/two/q3', chosen: '2', correct: false },
    ]);
  });
});
