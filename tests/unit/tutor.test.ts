import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../bot/content/catalog';
import { createTutor } from '../../bot/engine/tutor';
import { sampleCatalog } from '../support/sample-catalog';
import { createTutorDriver, lastChoices, texts } from '../support/tutor-driver';

describe('onboarding', () => {
  it('greets, asks consent, language, province and group, then shows the courses', () => {
    const d = createTutorDriver(sampleCatalog());
    const first = d.send('xin chào', { displayName: 'Bà Tư' });
    expect(texts(first)).toContain('Xin chào Bà Tư');
    expect(lastChoices(first)).toEqual(['Đồng ý', 'Không đồng ý']);
    expect(lastChoices(d.send('co'))).toEqual(['Tiếng Việt', 'English']);
    expect(d.learner?.profile.consentAt).toBeInstanceOf(Date);
    expect(texts(d.send('1'))).toContain('tỉnh/thành');
    const merged = d.send('nam dinh');
    expect(texts(merged)).toContain('Nam Định nay thuộc Ninh Bình');
    expect(d.learner?.profile.province).toBe('ninh-binh');
    const menu = d.send('người cao tuổi');
    expect(d.learner?.profile.audience).toBe('elder');
    expect(lastChoices(menu)).toEqual(['Khóa 1', 'Khóa 2']);
  });

  it('asks the language once when the learner picked it with /language before consenting', () => {
    const d = createTutorDriver(sampleCatalog());
    d.send('/start');
    d.send('/language');
    const back = d.send('English');
    expect(lastChoices(back)).toEqual(['I agree', 'I do not agree']);
    const next = d.send('1');
    expect(texts(next)).not.toContain('Tiếng Việt');
    expect(d.learner?.state.step.at).toBe('province');
  });

  it('erases everything when consent is declined', () => {
    const d = createTutorDriver(sampleCatalog());
    d.send('/start');
    const replies = d.send('không đồng ý');
    expect(d.last.erase).toBe(true);
    expect(d.learner).toBeNull();
    expect(texts(replies)).toContain('không lưu gì');
  });

  it('answers unexpected input during onboarding with a hint and stays on the step', () => {
    const d = createTutorDriver(sampleCatalog());
    d.send('/start');
    d.send('đồng ý');
    d.send('1');
    const step = d.learner?.state.step;
    for (const weird of ['😀😀😀', '', 'Paris', '<b>xin chao</b>', 'x'.repeat(5000)]) {
      const replies = d.send(weird);
      expect(replies.length).toBeGreaterThan(0);
      expect(d.learner?.state.step).toEqual(step);
    }
  });

  it('keeps the /start payload as the referral code', () => {
    const d = createTutorDriver(sampleCatalog());
    d.send('/start vol_123');
    expect(d.last.profile.referralCode).toBe('vol_123');
  });
});

describe('a lesson', () => {
  it('goes card by card, grades with feedback, retries missed questions and records every answer', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    const card1 = d.send('1');
    expect(texts(card1)).toContain('Bài 1/5: Bài số 1 (1/2)');
    expect(d.last.lessonStarted).toEqual({ course: 'course-a', lesson: 'lesson-1' });
    expect(texts(d.send('tiếp'))).toContain('(2/2)');
    const q1 = d.send('ok');
    expect(texts(q1)).toContain('Câu 1/3');
    expect(lastChoices(q1)).toHaveLength(3);
    const afterQ1 = d.send('123456');
    const rightNo = lastChoices(q1).indexOf('Một câu dài có số và chữ') + 1;
    expect(texts(afterQ1)).toContain('Chưa đúng');
    expect(texts(afterQ1)).toContain(`Đáp án đúng: ${rightNo}. Một câu dài có số và chữ.`);
    expect(texts(d.send('sai'))).toContain('Chính xác');
    const retry = d.send('cua hang ung dung chinh thuc');
    expect(texts(retry)).toContain('ôn lại 1 câu');
    const end = d.send('Một câu dài có số và chữ');
    expect(texts(end)).toContain('Đúng ngay lần đầu: 2/3');
    expect(d.last.lessonCompleted).toEqual({ course: 'course-a', lesson: 'lesson-1', correct: 2, total: 3 });
    expect(d.answers.map((a) => [a.questionKey, a.chosen, a.correct, a.isRetry])).toEqual([
      ['course-a/lesson-1/q1', '1', false, false],
      ['course-a/lesson-1/q2', '2', true, false],
      ['course-a/lesson-1/q3', '2', true, false],
      ['course-a/lesson-1/q1', '3', true, true],
    ]);
    expect(d.answers.every((a) => a.latencyMs === 1500)).toBe(true);
    // After the first lesson: the daily reminder is offered once, then the lesson's end.
    expect(lastChoices(end)).toEqual(['7:00 sáng', '12:00 trưa', '19:00 tối', 'Không cần nhắc']);
    const set = d.send('3');
    expect(texts(set)).toContain('nhắc bạn học lúc 19:00');
    expect(d.learner!.profile.reminderHour).toBe(19);
    expect(lastChoices(set)).toEqual(['➡️ Bài tiếp: Bài số 2', '📚 Về danh sách khóa học']);
  });

  it('does not count a sticker, an unclear reply or an out-of-range number as an answer', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    d.send('1');
    d.send('1');
    expect(texts(d.send('', { kind: 'media' }))).toContain('chỉ đọc được chữ');
    expect(texts(d.send('tôi nghĩ là cái kia'))).toContain('gõ số từ 1 đến 3');
    expect(texts(d.send('7'))).toContain('chỉ có 3 lựa chọn');
    expect(d.answers).toHaveLength(0);
  });

  it('completes a course after its last lesson, once', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    for (let lesson = 1; lesson <= 5; lesson++) {
      d.send('tiep');
      d.send('tiep');
      d.send('Một câu dài có số và chữ');
      d.send('sai');
      const end = d.send('Cửa hàng ứng dụng chính thức');
      if (lesson < 5) {
        expect(d.last.courseCompleted).toBeUndefined();
        if (lesson === 1) d.send('Không cần nhắc');
        d.send('1');
      } else {
        expect(d.last.courseCompleted).toBe('course-a');
        expect(texts(end)).toContain('hoàn thành khóa');
      }
    }
    expect(Object.keys(d.learner!.state.done['course-a']!)).toHaveLength(5);
  });
});

describe('commands and navigation', () => {
  it('resumes the question the learner left for the menu', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    d.send('1');
    d.send('1');
    d.send('3');
    const menu = d.send('/menu');
    expect(lastChoices(menu)[0]).toBe('▶️ Học tiếp: Bài số 1');
    const resumed = d.send('học tiếp');
    expect(texts(resumed)).toContain('Câu 2/3');
  });

  it('answers a button from an older message politely without grading it', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    const oldSeq = d.learner!.state.seq;
    d.send('1');
    d.send('1');
    const replies = d.send('1', { promptSeq: oldSeq });
    expect(texts(replies)).toContain('câu hỏi cũ');
    expect(d.answers).toHaveLength(0);
    const currentSeq = replies.at(-1)!.promptSeq;
    d.send('3', { promptSeq: currentSeq });
    expect(d.answers).toHaveLength(1);
  });

  it('erases the learner only after a clear confirmation', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    expect(lastChoices(d.send('/delete'))).toEqual(['Xóa dữ liệu', 'Không, giữ lại']);
    expect(texts(d.send('thôi'))).toContain('giữ nguyên');
    expect(d.learner).not.toBeNull();
    d.send('xóa dữ liệu');
    d.send('1');
    expect(d.last.erase).toBe(true);
    expect(d.learner).toBeNull();
  });

  it('stops and restarts reminders, and switches language', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('dừng');
    expect(d.learner!.profile.optedOutAt).toBeInstanceOf(Date);
    expect(texts(d.send('/start'))).toContain('bật lại');
    expect(d.learner!.profile.optedOutAt).toBeNull();
    d.send('/language');
    const english = d.send('English');
    expect(d.learner!.profile.language).toBe('en');
    expect(texts(english)).toContain('Courses');
  });

  it('shows progress with first-try scores', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    expect(texts(d.send('tiến độ'))).toContain('chưa học bài nào');
    d.send('1');
    d.send('1');
    d.send('1');
    d.send('Một câu dài có số và chữ');
    d.send('sai');
    d.send('Cửa hàng ứng dụng chính thức');
    expect(texts(d.send('/progress'))).toContain('Khóa 1: 1/5 bài');
  });

  it('recovers from a corrupted state or content that changed under it', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    const shrunk = createCatalog(sampleCatalog().courses.slice(1), []);
    const outcome = createTutor(shrunk).handle(d.learner, { kind: 'text', text: 'tiếp', at: new Date() });
    expect(outcome.state.step).toEqual({ at: 'menu' });
    expect(lastChoices(outcome.replies)).toEqual(['Khóa 2']);
    const broken = createTutorDriver(sampleCatalog());
    broken.onboard();
    (broken.learner!.state as unknown as Record<string, unknown>).step = 'garbage';
    expect(broken.send('1').length).toBeGreaterThan(0);
  });
});
