import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../bot/content/load-content';
import { createWebLearner, type SeenReply } from '../support/drivers/web-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

const contentDir = new URL('../../content', import.meta.url).pathname;
const loaded = await loadContent(contentDir);
if (!loaded.ok) throw new Error('content/ is invalid: run npm run content:check');
const { catalog } = loaded;
const all = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n');

describe('the real curriculum, completed end to end in the web chat by a scripted learner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'pglite', env: { CONTENT_DIR: contentDir } });
  });
  afterAll(async () => t?.stop());

  it.each(catalog.courses.map((course, index) => [course.id, index] as const))(
    '%s',
    async (courseId, index) => {
      const course = catalog.course(courseId)!;
      const { token: session, id: sessionId } = await issueWebSession(t.app);
      const learner = createWebLearner({ url: t.url, session });
      for (const text of ['/start', 'có', '1', 'Huế', 'người cao tuổi']) await learner.say(text);
      let replies = await learner.say(String(index + 1));
      for (const [n, lesson] of course.lessons.entries()) {
        expect(all(replies)).toContain(lesson.title.vi);
        for (const card of lesson.cards) {
          expect(all(replies)).toContain(card.vi.trim().slice(0, 40));
          replies = await learner.say('1');
        }
        replies = await answerQuiz(learner, lesson.questions, replies);
        expect(all(replies)).toContain(
          `Đúng ngay lần đầu: ${lesson.questions.length}/${lesson.questions.length}`,
        );
        // The daily reminder is offered after the first lesson.
        if (n === 0 && n < course.lessons.length - 1) await learner.say('Không cần nhắc');
        if (n < course.lessons.length - 1) replies = await learner.say('1');
        else expect(all(replies)).toContain('hoàn thành khóa');
      }
      const row = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: sessionId } });
      const enrolment = await t.app.db.prisma.enrolment.findFirstOrThrow({
        where: { learnerId: row.id, courseId },
      });
      expect(enrolment.completedAt).toBeInstanceOf(Date);
      const answers = await t.app.db.prisma.answerEvent.count({
        where: { learnerId: row.id, correct: true },
      });
      expect(answers).toBe(course.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0));
    },
  );
});

type Learner = ReturnType<typeof createWebLearner>;
type Question = (typeof catalog.courses)[number]['lessons'][number]['questions'][number];

async function answerQuiz(learner: Learner, questions: Question[], first: SeenReply[]): Promise<SeenReply[]> {
  let replies = first;
  for (const question of questions) {
    expect(all(replies)).toContain(question.prompt.vi);
    // The scripted learner reads the right answer from the catalog and finds the number it is shown
    // with (options are shuffled per learner; true/false keeps Đúng/Sai).
    // A multi-select question is answered with every right option ("1, 3").
    const choices = replies.at(-1)!.choices;
    const shown = question.options
      .filter((option) => option.correct)
      .map((option) => choices.indexOf(option.text.vi) + 1);
    for (const number of shown) expect(number).toBeGreaterThan(0);
    replies = await learner.say(shown.join(', '));
    expect(all(replies)).toContain('Chính xác');
  }
  return replies;
}
