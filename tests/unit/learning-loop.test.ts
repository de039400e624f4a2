import { describe, expect, it } from 'vitest';
import { parseHour } from '../../bot/engine/flows/reminder-hours';
import { sendBy } from '../../bot/schedule/reminder-tick';
import { sampleCatalog } from '../support/sample-catalog';
import { createTutorDriver, lastChoices, texts } from '../support/tutor-driver';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const REMIND = { kind: 'reminder' as const, reminder: { days: 1 } };

/** Onboards and does lesson 1 of course A (q1 right, q2 right, q3 wrong then right): ends on the reminder offer. */
function firstLesson(d: ReturnType<typeof createTutorDriver>) {
  d.onboard();
  d.send('1');
  d.send('tiep');
  d.send('tiep');
  d.send('Một câu dài có số và chữ');
  d.send('sai');
  d.send('Trang web quảng cáo');
  return d.send('Cửa hàng ứng dụng chính thức');
}

describe('reminder hour', () => {
  it('is offered once after the first lesson, typed or picked, never in quiet hours', () => {
    const d = createTutorDriver(sampleCatalog());
    const end = firstLesson(d);
    expect(texts(end)).toContain('nhắc học mỗi ngày');
    expect(lastChoices(end)).toEqual(['7:00 sáng', '12:00 trưa', '19:00 tối', 'Không cần nhắc']);
    expect(texts(d.send('22'))).toContain('không nhắn tin từ 21:00 đến 7:00');
    expect(d.learner!.profile.reminderHour).toBeNull();
    const set = d.send('8 giờ tối');
    expect(texts(set)).toContain('lúc 20:00');
    expect(d.learner!.profile.reminderHour).toBe(20);
    expect(lastChoices(set)[0]).toContain('Bài tiếp');
    // Lesson 2 ends without a second offer.
    d.send('1');
    d.send('tiep');
    d.send('tiep');
    d.send('Một câu dài có số và chữ');
    d.send('sai');
    expect(lastChoices(d.send('Cửa hàng ứng dụng chính thức'))[0]).toContain('Bài tiếp');
  });

  it('/nhacnho and /reminder change it from anywhere and come back to the same step', () => {
    const d = createTutorDriver(sampleCatalog());
    firstLesson(d);
    d.send('Không cần nhắc');
    expect(d.learner!.profile.reminderHour).toBeNull();
    d.send('1'); // lesson 2, card 1
    const shown = d.send('/nhacnho');
    expect(texts(shown)).toContain('chưa đặt giờ nhắc');
    const back = d.send('2');
    expect(d.learner!.profile.reminderHour).toBe(12);
    expect(texts(back)).toContain('Thẻ 1 của bài 2');
    expect(texts(d.send('/reminder'))).toContain('lúc 12:00 mỗi ngày');
    expect(texts(d.send('không'))).toContain('Đã tắt nhắc học');
    expect(d.learner!.profile.reminderHour).toBeNull();
  });

  it('reads hours as people type them', () => {
    expect(parseHour('20')).toBe(20);
    expect(parseHour('20h')).toBe(20);
    expect(parseHour('8 giờ tối')).toBe(20);
    expect(parseHour('8h sang')).toBe(8);
    expect(parseHour('7 gio sáng')).toBe(7);
    expect(parseHour('12 trưa')).toBe(12);
    expect(parseHour('25')).toBeUndefined();
    expect(parseHour('hai mươi')).toBeUndefined();
  });
});

describe('a reminder', () => {
  function remindedLearner() {
    const d = createTutorDriver(sampleCatalog());
    firstLesson(d);
    d.send('19:00 tối');
    return d;
  }

  it('nudges the next day with continue and a review of the due cards, and continue resumes', () => {
    const d = remindedLearner();
    d.send('1'); // lesson 2, card 1
    d.wait(DAY);
    const nudge = d.send('', REMIND);
    expect(texts(nudge)).toContain('Đến giờ học rồi');
    expect(lastChoices(nudge)).toEqual(['▶️ Học tiếp', '🔁 Ôn tập 1 câu', '⏰ Đổi giờ nhắc']);
    expect(texts(d.send('1'))).toContain('Thẻ 1 của bài 2');
  });

  it('says nothing to a learner who studied today, stopped reminders or has no hour', () => {
    const d = remindedLearner();
    d.wait(HOUR);
    expect(d.send('', REMIND)).toEqual([]);
    d.wait(DAY);
    d.send('/stop');
    expect(d.send('', REMIND)).toEqual([]);
    d.send('/start');
    d.send('/nhacnho');
    d.send('Không cần nhắc');
    expect(d.send('', REMIND)).toEqual([]);
  });

  it('gently re-engages a quiet learner and then stops asking', () => {
    const d = remindedLearner();
    d.wait(2 * DAY);
    expect(texts(d.send('', { kind: 'reminder', reminder: { days: 2 } }))).toContain('Hai hôm rồi');
    d.wait(5 * DAY);
    expect(texts(d.send('', { kind: 'reminder', reminder: { days: 7 } }))).toContain('một tuần');
    d.wait(23 * DAY);
    expect(texts(d.send('', { kind: 'reminder', reminder: { days: 30 } }))).toContain('lời nhắc cuối');
  });

  it('a typed answer past the reminder answers the question behind it', () => {
    const d = remindedLearner();
    d.send('1');
    d.send('tiep');
    d.send('tiep'); // question 1 of lesson 2 on screen
    d.wait(DAY);
    d.send('', REMIND);
    const answered = d.send('Một câu dài có số và chữ');
    expect(texts(answered)).toContain('Chính xác');
    expect(d.answers.at(-1)?.questionKey).toBe('course-a/lesson-2/q1');
  });
});

describe('spaced review', () => {
  it('turns each answered question into a card and reviews the due ones with the forgiving parser', () => {
    const d = createTutorDriver(sampleCatalog());
    firstLesson(d);
    d.send('Không cần nhắc');
    expect(Object.keys(d.learner!.state.cards ?? {})).toEqual([
      'course-a/lesson-1/q1',
      'course-a/lesson-1/q2',
      'course-a/lesson-1/q3',
    ]);
    // The missed question comes back first (next day); the right ones later.
    expect(texts(d.send('/ontap'))).toContain('Chưa có câu nào cần ôn');
    d.wait(30 * DAY);
    const first = d.send('ôn tập');
    expect(texts(first)).toContain('Ôn tập 3 câu');
    expect(texts(first)).toContain('Ôn tập câu 1/3');
    // Most overdue first: q3 (missed in the lesson), then q1 and q2.
    expect(texts(first)).toContain('Nên cài ứng dụng từ đâu?');
    d.send('cua hang ung dung chinh thuc');
    d.send('b. Một câu dài có số và chữ');
    const done = d.send('đúng'); // q2 is true/false: "đúng" is the wrong answer
    expect(texts(done)).toContain('Xong phần ôn tập: đúng 2/3');
    expect(lastChoices(done)[0]).toContain('Bài tiếp');
    // Rescheduled from the answer: the wrong one is due again before the right ones.
    const cards = d.learner!.state.cards!;
    const due = (key: string) => cards[`course-a/lesson-1/${key}`]![0]!;
    expect(due('q2')).toBeLessThan(due('q1'));
    expect(due('q1')).toBeGreaterThan(d.now / 60_000 + 24 * 60);
    // Review answers are not lesson answers: statistics do not change.
    expect(d.answers).toHaveLength(4);
    expect(d.learner!.profile.streak).toBe(1);
  });

  it('a slow right answer is scheduled sooner than a quick one', () => {
    const quick = createTutorDriver(sampleCatalog());
    const slow = createTutorDriver(sampleCatalog());
    for (const d of [quick, slow]) {
      firstLesson(d);
      d.send('4');
      d.wait(60 * DAY);
      d.send('/review');
    }
    quick.send('Một câu dài có số và chữ');
    slow.wait(60_000);
    slow.send('Một câu dài có số và chữ');
    const card = (d: typeof quick) => d.learner!.state.cards!['course-a/lesson-1/q1']!;
    expect(card(slow)[0]! - slow.now / 60_000).toBeLessThan(card(quick)[0]! - quick.now / 60_000);
  });
});

describe('streaks', () => {
  it('counts study days in TIMEZONE across midnight, says so at 3 days, and shows in /progress', () => {
    // 16:45 UTC = 23:45 in Asia/Ho_Chi_Minh.
    const d = createTutorDriver(sampleCatalog(), Date.parse('2026-11-27T16:40:00Z'));
    d.onboard();
    d.send('1');
    d.send('tiep'); // studied on the 27th (local)
    expect(d.learner!.profile).toMatchObject({ studyDay: '2026-11-27', streak: 1 });
    d.wait(20 * 60_000); // 00:05 on the 28th, local
    d.send('tiep');
    expect(d.learner!.profile).toMatchObject({ studyDay: '2026-11-28', streak: 2 });
    d.wait(DAY);
    const third = d.send('Một câu dài có số và chữ');
    expect(texts(third)).toContain('học 3 ngày liền');
    const progress = texts(d.send('/progress'));
    expect(progress).toContain('Chuỗi học: 3 ngày liền');
    expect(progress).toContain('Chưa có câu cần ôn');
    d.wait(3 * DAY);
    expect(texts(d.send('/progress'))).toContain('bắt đầu chuỗi mới');
    d.send('sai');
    expect(d.learner!.profile.streak).toBe(1);
  });
});

describe('certificates', () => {
  it('asks to confirm the name when a course is finished, then asks for the certificate', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1');
    for (let lesson = 1; lesson <= 5; lesson++) {
      d.send('tiep');
      d.send('tiep');
      d.send('Một câu dài có số và chữ');
      d.send('sai');
      const end = d.send('Cửa hàng ứng dụng chính thức');
      if (lesson === 1) d.send('Không cần nhắc');
      if (lesson < 5) d.send('1');
      else expect(texts(end)).toContain('họ tên đầy đủ');
    }
    expect(texts(d.send('1234'))).toContain('chỉ chữ');
    const made = d.send('  nguyễn   Thị Hoa ');
    expect(texts(made)).toContain('Mình đang làm giấy chứng nhận cho “nguyễn Thị Hoa”');
    expect(d.last.intents).toEqual([
      { kind: 'issue-certificate', courseId: 'course-a', name: 'nguyễn Thị Hoa', language: 'vi' },
    ]);
    const sent = d.send('', {
      kind: 'certificate',
      certificate: {
        courseId: 'course-a',
        url: 'https://x.vn/verify/abc',
        imageUrl: 'https://x.vn/verify/abc.png',
      },
    });
    expect(sent).toEqual([
      expect.objectContaining({
        text: expect.stringContaining('https://x.vn/verify/abc'),
        media: { url: 'https://x.vn/verify/abc.png', caption: expect.stringContaining('Giấy chứng nhận') },
      }),
    ]);
  });
});

describe('a reminder that waits to be sent', () => {
  const at = (time: string) => new Date(`2026-12-10T${time}:00+07:00`);
  const by = (time: string) =>
    sendBy({ now: at(time), timeZone: 'Asia/Ho_Chi_Minh', quietHours: { from: 21, to: 7 } }).toISOString();

  it('is dropped once quiet hours begin, or three hours late', () => {
    expect(by('20:05')).toBe(at('21:00').toISOString());
    expect(by('19:00')).toBe(at('21:00').toISOString());
    expect(by('08:10')).toBe(at('11:10').toISOString());
  });
});
