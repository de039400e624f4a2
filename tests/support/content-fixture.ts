import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const l = (vi: string, en: string) => ({ vi, en });

/**
 * A valid lesson. Lesson `one` keeps its options in the written order (`shuffle: false`, the right
 * one first) so channel tests can read exact replies; the others put the right option at 2, 3, 1 as
 * a real course must (content-rules 3), and are shuffled per learner.
 */
export function validLesson(id: string): Record<string, unknown> {
  const fixed = id === 'one';
  return {
    id,
    title: l(`Bài ${id}`, `Lesson ${id}`),
    sources: [{ title: 'Cổng thông tin', url: 'https://chinhphu.vn', checked: '2026-11-01' }],
    cards: [l('Thẻ một.', 'Card one.'), l('Thẻ hai.', 'Card two.')],
    questions: [1, 2, 3].map((n) => ({
      id: `q${n}`,
      ...(fixed ? { shuffle: false } : {}),
      prompt: l(`Câu hỏi ${n}?`, `Question ${n}?`),
      options: [1, 2, 3].map((o) => ({
        text: l(`Lựa chọn ${o}`, `Option ${o}`),
        ...(o === (fixed ? 1 : (n % 3) + 1) ? { correct: true } : {}),
        explanation: l('Vì sao.', 'Why.'),
      })),
    })),
  };
}

/**
 * Writes a valid content folder (one course of five lessons, real provinces) to a temp dir, after
 * letting the test break it: `edit` receives the course and lessons as plain objects.
 */
export function writeContent(
  edit: (content: { course: Record<string, unknown>; lessons: Record<string, unknown>[] }) => void = () => {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'hocvuso-content-'));
  cpSync(new URL('../../content/provinces.yaml', import.meta.url), join(dir, 'provinces.yaml'));
  const ids = ['one', 'two', 'three', 'four', 'five'];
  const content = {
    course: {
      id: 'demo',
      order: 1,
      title: l('Khóa thử', 'Demo course'),
      summary: l('Tóm tắt.', 'Summary.'),
      audiences: ['citizen'],
      lessons: ids,
    },
    lessons: ids.map(validLesson),
  };
  edit(content);
  const courseDir = join(dir, 'courses', 'demo');
  mkdirSync(courseDir, { recursive: true });
  writeFileSync(join(courseDir, 'course.yaml'), stringify(content.course));
  for (const lesson of content.lessons)
    writeFileSync(join(courseDir, `${lesson.id}.yaml`), stringify(lesson));
  return dir;
}
