import type { Course, Lesson } from '../../content/catalog';
import { pick } from '../messages';
import type { Turn } from '../turn';
import type { LessonCursor, Step } from '../types';

/** Resolves the lesson a step points at; content may have changed since the step was saved. */
export function lessonOf(turn: Turn, cursor: LessonCursor): { course: Course; lesson: Lesson } | undefined {
  const course = turn.catalog.course(cursor.course);
  const lesson = course?.lessons.find((candidate) => candidate.id === cursor.lesson);
  return course && lesson ? { course, lesson } : undefined;
}

export function doneCount(turn: Turn, course: Course): number {
  const done = turn.state.done[course.id] ?? {};
  return course.lessons.filter((lesson) => done[lesson.id]).length;
}

/** The lesson a paused step belongs to, when there is one to offer as "continue". */
export function pausedLessonTitle(turn: Turn): string | undefined {
  const paused = turn.state.paused;
  if (!paused || !('lesson' in paused) || !paused.course || !paused.lesson) return undefined;
  const lesson = turn.catalog.lesson(paused.course, paused.lesson);
  return lesson ? pick(lesson.title, turn.lang) : undefined;
}

export function menuLabels(turn: Turn): string[] {
  const resume = pausedLessonTitle(turn);
  const courses = turn.catalog.courses.map((course) =>
    turn.m.courseLabel(pick(course.title, turn.lang), doneCount(turn, course), course.lessons.length),
  );
  return resume ? [turn.m.menuResume(resume), ...courses] : courses;
}

/** Back to the courses; a lesson in progress is kept to "continue" later. */
export function showMenu(turn: Turn, lead = turn.m.menuTitle): void {
  const paused = turn.state.step;
  if (paused.at === 'card' || paused.at === 'try' || paused.at === 'question') turn.state.paused = paused;
  turn.go({ at: 'menu' });
  turn.say(lead, menuLabels(turn));
}

/** The step to come back to after a review, a reminder or a setting: never one of those itself. */
export function returnStep(step: Step): Step {
  if (step.at === 'review' || step.at === 'nudge' || step.at === 'reminder-hour') return step.back;
  return step;
}
