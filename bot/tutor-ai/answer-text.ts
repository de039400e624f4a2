import type { Language } from '../content/catalog';
import type { LessonRef } from './lesson-index';
import type { Passage } from './passages';

const TEXT = {
  vi: {
    found: '📖 Mình tìm thấy trong bài học (không phải do AI viết):',
    seeAlso: 'Xem thêm',
    related: 'Bài liên quan:',
    quota:
      'Hôm nay bạn đã hỏi nhiều câu rồi, nên mình trả lời bằng bài học có sẵn. Ngày mai bạn hỏi tiếp nhé.',
    noMatch:
      'Mình chưa tìm thấy bài học nào nói về điều này. Bạn thử hỏi bằng từ khác, ví dụ “làm sao để bật Wi-Fi”, hoặc gõ /menu để xem các khóa học.',
  },
  en: {
    found: '📖 Found in the lessons (not written by AI):',
    seeAlso: 'See also',
    related: 'Related lessons:',
    quota: 'You have asked many questions today, so here is what the lessons say. Ask again tomorrow.',
    noMatch:
      'I could not find a lesson about this yet. Try other words, for example "how do I turn on Wi-Fi", or type /menu to see the courses.',
  },
} as const;

/** Longest AI text kept (about 120 words with room to spare): a runaway reply is cut at a sentence. */
const MAX_AI_CHARS = 1000;

export function seeAlsoLine(ref: LessonRef, language: Language): string {
  return `${TEXT[language].seeAlso}: ${ref.courseTitle} — ${ref.title}`;
}

/** The answer from the lessons: the best passage, the lesson to open and up to three related ones. */
export function lessonsAnswerText(options: {
  language: Language;
  passage: Passage;
  lesson: LessonRef;
  related: LessonRef[];
  quotaReached?: boolean;
}): string {
  const t = TEXT[options.language];
  const parts = [t.found, options.passage.display.trim(), seeAlsoLine(options.lesson, options.language)];
  if (options.related.length > 0) {
    parts.push(
      [t.related, ...options.related.map((ref) => `• ${ref.courseTitle} — ${ref.title}`)].join('\n'),
    );
  }
  if (options.quotaReached) parts.unshift(t.quota);
  return parts.join('\n\n');
}

export function noMatchText(language: Language): string {
  return TEXT[language].noMatch;
}

/** The model's text as a chat message: plain text, no pointer of its own, then ours. */
export function aiAnswerText(raw: string, lesson: LessonRef, language: Language): string {
  const lines = raw
    .replace(/\r/g, '')
    .split('\n')
    .filter((line) => !/^\s*(xem thêm|see also)\b/i.test(line))
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*[*-]\s+/, '• ')
        .replace(/(\*\*|__|`)/g, ''),
    );
  let text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length > MAX_AI_CHARS) {
    const cut = text.slice(0, MAX_AI_CHARS);
    const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'), cut.lastIndexOf('\n'));
    text = `${cut.slice(0, end > MAX_AI_CHARS / 2 ? end + 1 : MAX_AI_CHARS).trim()}…`;
  }
  return `🤖 ${text}\n\n${seeAlsoLine(lesson, language)}`;
}
