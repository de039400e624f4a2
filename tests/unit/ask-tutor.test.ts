import { describe, expect, it } from 'vitest';
import { sampleCatalog } from '../support/sample-catalog';
import { createTutorDriver, lastChoices, texts } from '../support/tutor-driver';

/** A learner in the middle of a quiz question of the first lesson. */
function atQuestion() {
  const d = createTutorDriver(sampleCatalog());
  d.onboard();
  d.send('1');
  d.send('1');
  const question = d.send('1');
  return { d, question };
}

const lessonTwo = { courseId: 'course-a', lessonId: 'lesson-2', title: 'Bài số 2' };

describe('asking the tutor', () => {
  it('takes free text at the menu as a question: a job is asked, the learner told, nothing else moves', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    const step = structuredClone(d.learner!.state.step);
    const replies = d.send('làm sao để bật wifi?');
    expect(texts(replies)).toContain('đang tìm câu trả lời');
    expect(d.last.intents).toEqual([{ kind: 'ask-tutor', question: 'làm sao để bật wifi?', language: 'vi' }]);
    expect(d.learner!.state.step).toEqual(step);
  });

  it('in a quiz: the lesson waits, the answer comes back, and the learner continues where they were', () => {
    const { d, question } = atQuestion();
    const options = lastChoices(question);
    expect(texts(question)).toContain('Câu 1/3');
    d.send('quên mật khẩu VNeID thì sao');
    expect(d.last.intents?.[0]).toMatchObject({ kind: 'ask-tutor' });
    const answer = d.send('Bạn vào VNeID, chọn Quên mật khẩu.', {
      kind: 'tutor-answer',
      tutor: { answerId: 'a1', lesson: lessonTwo },
    });
    expect(texts(answer)).toContain('Quên mật khẩu');
    expect(lastChoices(answer)).toEqual([
      '👍 Hữu ích',
      '👎 Chưa hữu ích',
      '📖 Mở bài: Bài số 2',
      '▶️ Học tiếp',
    ]);
    const back = d.send('4');
    expect(lastChoices(back)).toEqual(options);
    expect(d.answers).toHaveLength(0);
    // The question on screen still counts when answered now.
    d.send('1');
    expect(d.answers).toHaveLength(1);
  });

  it('records a rating as an intent, thanks the learner and goes back', () => {
    const { d, question } = atQuestion();
    d.send('tại sao phải khóa màn hình?');
    d.send('Để người khác không mở được máy.', { kind: 'tutor-answer', tutor: { answerId: 'a9' } });
    const thanks = d.send('1');
    expect(d.last.intents).toEqual([{ kind: 'rate-answer', answerId: 'a9', rating: 'up' }]);
    expect(texts(thanks)).toContain('Cảm ơn');
    expect(lastChoices(thanks)).toEqual(lastChoices(question));
  });

  it('opens the lesson the answer points to', () => {
    const { d } = atQuestion();
    d.send('cách nào để an toàn khi dùng wifi công cộng?');
    d.send('Dùng 4G.', { kind: 'tutor-answer', tutor: { lesson: lessonTwo } });
    const opened = d.send('1');
    expect(texts(opened)).toContain('Bài số 2');
    expect(d.learner!.state.step).toMatchObject({ at: 'card', lesson: 'lesson-2' });
  });

  it('keeps unclear answers and numbers as answers, not questions', () => {
    const { d } = atQuestion();
    expect(texts(d.send('tôi nghĩ là cái kia'))).not.toContain('đang tìm');
    expect(texts(d.send('hả?'))).not.toContain('đang tìm');
    d.send('1 và 3');
    expect(d.last.intents).toBeUndefined();
  });
});
