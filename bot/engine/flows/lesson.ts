import type { Course, Lesson } from '../../content/catalog';
import { pick } from '../messages';
import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import type { LessonCursor } from '../types';
import { isContinue } from '../words';
import { showMenu } from './menu';
import { beginQuiz } from './quiz';
import { promptStep } from './steps';

export function startLesson(turn: Turn, course: Course, lesson: Lesson): void {
  turn.state.paused = undefined;
  turn.state.lastCourse = course.id;
  turn.effects.lessonStarted = { course: course.id, lesson: lesson.id };
  turn.go({ at: 'card', course: course.id, lesson: lesson.id, card: 0 });
  promptCard(turn);
}

export function resumePaused(turn: Turn): void {
  const paused = turn.state.paused;
  turn.state.paused = undefined;
  if (!paused) return showMenu(turn);
  turn.go(paused.at === 'question' ? { ...paused, askedAt: turn.now } : paused);
  promptStep(turn);
}

/** Resolves the lesson a step points at; content may have changed since the step was saved. */
export function lessonOf(turn: Turn, cursor: LessonCursor): { course: Course; lesson: Lesson } | undefined {
  const course = turn.catalog.course(cursor.course);
  const lesson = course?.lessons.find((candidate) => candidate.id === cursor.lesson);
  return course && lesson ? { course, lesson } : undefined;
}

export function promptCard(turn: Turn, lead?: string): void {
  const step = turn.state.step;
  if (step.at !== 'card') return;
  const found = lessonOf(turn, step);
  if (!found || step.card >= found.lesson.cards.length) return showMenu(turn);
  const { course, lesson } = found;
  const last = step.card === lesson.cards.length - 1;
  const header = turn.m.cardHeader(
    course.lessons.indexOf(lesson) + 1,
    course.lessons.length,
    pick(lesson.title, turn.lang),
    step.card + 1,
    lesson.cards.length,
  );
  const body = `${header}\n\n${pick(lesson.cards[step.card]!, turn.lang)}`;
  turn.say(lead ? `${lead}\n\n${body}` : body, [last ? turn.m.startQuiz : turn.m.next]);
}

export function answerCard(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'card') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  const label = step.card === found.lesson.cards.length - 1 ? turn.m.startQuiz : turn.m.next;
  if (!(parseChoice(text, [label])?.[0] === 1 || isContinue(text))) {
    turn.say(turn.m.cardHint, [label]);
    return;
  }
  if (step.card + 1 < found.lesson.cards.length) {
    turn.go({ ...step, card: step.card + 1 });
    promptCard(turn);
  } else {
    beginQuiz(turn, found.course, found.lesson);
  }
}

function lessonEndLabels(turn: Turn, course: Course, lesson: Lesson): string[] {
  const next = course.lessons[course.lessons.indexOf(lesson) + 1];
  return next ? [turn.m.nextLesson(pick(next.title, turn.lang)), turn.m.backToMenu] : [turn.m.backToMenu];
}

export function promptLessonEnd(turn: Turn, lead: string): void {
  const step = turn.state.step;
  if (step.at !== 'lesson-end') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  turn.say(lead, lessonEndLabels(turn, found.course, found.lesson));
}

export function answerLessonEnd(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'lesson-end') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  const labels = lessonEndLabels(turn, found.course, found.lesson);
  const choice = parseChoice(text, labels)?.[0] ?? (isContinue(text) ? 1 : undefined);
  if (choice === undefined) {
    turn.say(turn.m.lessonEndHint, labels);
    return;
  }
  const next = found.course.lessons[found.course.lessons.indexOf(found.lesson) + 1];
  if (choice === 1 && next) startLesson(turn, found.course, next);
  else showMenu(turn);
}
